"""ARCHITECTURE.md: the domain stays pure; nothing in ledger/ imports api/."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_MAY_IMPORT = ("ledger.domain", "eventsourcing.domain", "eventsourcing.dispatch")
FORBIDDEN_IN_LEDGER = ("api",)


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def is_stdlib(module: str) -> bool:
    import sys

    return module.split(".")[0] in sys.stdlib_module_names or module == "__future__"


def test_the_domain_imports_only_the_standard_library_and_eventsourcing_domain():
    offenders = []
    for path in (ROOT / "ledger" / "domain").rglob("*.py"):
        for module in imports_of(path):
            if not is_stdlib(module) and not module.startswith(DOMAIN_MAY_IMPORT):
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == []


def test_nothing_in_ledger_imports_api():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "ledger").rglob("*.py")
        for module in imports_of(path)
        if module.split(".")[0] in FORBIDDEN_IN_LEDGER
    ]
    assert offenders == []


def test_the_layering_check_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import psycopg\nfrom fastapi import FastAPI\n", encoding="utf-8")
    assert imports_of(bad) == ["psycopg", "fastapi"]
    assert not any(m.startswith(DOMAIN_MAY_IMPORT) or is_stdlib(m) for m in imports_of(bad))
