"""constraints.txt pins what CI tested: every dependency of pyproject.toml (and of its dev extra)
has an exact version there, and both `make` and the image install with it."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def name_of(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_is_pinned_and_the_pins_are_used():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {name_of(r) for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]}
    lines = [line for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    pinned = {name_of(line): line.split("==", 1)[1] for line in lines if "==" in line}
    assert len(pinned) == len(lines)  # nothing but exact pins
    assert wanted - set(pinned) == set()
    assert "-c constraints.txt" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-c constraints.txt" in (ROOT / "Dockerfile").read_text(encoding="utf-8")
