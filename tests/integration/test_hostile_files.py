"""Hostile files through ``ledger import`` as an operator runs it (a process of its own): each
decompression bomb, XXE and billion-laughs workbook, and each file in an encoding that is neither
UTF-8 nor GBK, is refused with its catalogue message within seconds and in bounded memory;
nothing is recorded, nothing of /etc/passwd is shown."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import hostile_files as hostile

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 15  # refused well within this, on a loaded machine too
PEAK_MB = 300  # the whole process's resident memory at its peak
# The command line, telling at exit its peak resident memory (its own, not its parent's before exec).
PEAK = re.compile(r"VmHWM:\s+(\d+) kB")
COMMAND = ("import atexit, sys\n"
           "atexit.register(lambda: sys.stderr.write(open('/proc/self/status').read()))\n"
           "from ledger.cli import main; main()")


def run_import(database: Path, file: Path, *options: str) -> tuple[int, str, float, float]:
    """``ledger [OPTIONS] import teachers FILE``: (exit status, output, seconds, peak resident MB)."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, *options, "import", "teachers", str(file)], cwd=ROOT, capture_output=True,
        env={**os.environ, "LEDGER_DATABASE_URL": f"sqlite:///{database}", "LEDGER_LOG_LEVEL": "WARNING",
             "COLUMNS": "400"}, timeout=120, check=False)
    seconds = time.monotonic() - started
    status = done.stderr.decode()
    peak = PEAK.search(status)
    assert peak, status
    said = done.stdout.decode() + status[: status.rfind("Name:")]
    return done.returncode, said, seconds, int(peak.group(1)) / 1024


HOSTILE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "20 million blank rows": (hostile.blank_rows, "inflates"),
    "1.1 million numbered rows": (hostile.numbered_rows, "has a sheet of more than 1,048,576 rows"),
    "a 400 MB shared string": (hostile.huge_string, "over the limit of 268,435,456"),
    "a 40,000-character cell": (hostile.long_cell, "holds a text of more than 32,767 characters"),
    "XXE": (hostile.xxe, "declares a document type (DTD)"),
    "billion laughs": (hostile.billion_laughs, "declares a document type (DTD)"),
    "Big5 text": (lambda folder: hostile.teachers_in(folder, "big5", hostile.TRADITIONAL), "looks like Big5 text"),
    "Shift-JIS text": (lambda folder: hostile.teachers_in(folder, "shift_jis", hostile.JAPANESE),
                       "looks like Shift-JIS text"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_refused_within_seconds_in_bounded_memory(tmp_path: Path, name: str) -> None:
    make, said = HOSTILE[name]
    file = make(tmp_path)
    status, output, seconds, peak = run_import(tmp_path / "ledger.sqlite", file)
    assert status == 1 and said in output and "Cannot import" in output, output
    assert "Traceback" not in output and "root:" not in output  # nothing of /etc/passwd
    assert seconds < SECONDS and peak < PEAK_MB, (seconds, peak)


def test_refusals_speak_the_operators_language(tmp_path: Path) -> None:
    for file, said in ((hostile.xxe(tmp_path), "含有文档类型声明（DTD）"),
                       (hostile.blank_rows(tmp_path, 3_000_000), "解压后膨胀"),
                       (hostile.teachers_in(tmp_path, "big5", hostile.TRADITIONAL), "看来是 Big5 编码的文本")):
        status, output, _, _ = run_import(tmp_path / "ledger.sqlite", file, "--lang", "zh")
        assert status == 1 and said in output, output


def test_gbk_still_imports_and_utf8_is_never_questioned(tmp_path: Path) -> None:
    people = [("T-1", "李华", "数学"), ("T-2", "欧阳明月", "语文")]
    for encoding in ("gbk", "utf-8"):
        status, output, _, _ = run_import(tmp_path / f"{encoding}.sqlite", hostile.teachers_in(tmp_path, encoding, people),
                                          )
        assert status == 1 and "S-URBAN" in output, output  # read, then refused row by row: no schools yet
        assert "Cannot import" not in output
