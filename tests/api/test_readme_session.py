"""The README's curl session runs as written against a real `ledger serve` (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def readme_session() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## A session with curl", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_the_readme_curl_session_runs(backend_settings, tmp_path):
    port = free_port()
    env = {**os.environ, "LEDGER_DATABASE_URL": backend_settings.database_url, "LEDGER_LOG_FORMAT": "json",
           "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "API": f"http://127.0.0.1:{port}/v1"}
    env.pop("LEDGER_DEMO", None)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([str(BIN / "ledger"), "serve", "--port", str(port)], env=env, cwd=tmp_path,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.2)
        runs = [subprocess.run(["bash", "-euo", "pipefail", "-c", readme_session()], env=env, cwd=tmp_path,
                               capture_output=True, text=True, timeout=60) for _ in range(2)]  # re-runnable
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert [r.returncode for r in runs] == [0, 0], [r.stdout + r.stderr for r in runs]
    run = runs[1]
    assert "\n200\n" in run.stdout  # the repeated posting answered with the original
    history = run.stdout.rsplit("\n200\n", 1)[1]
    assert '"record_id":"P-2020-01"' in history and '"actor":"personnel-office"' in history
    assert '"document_ref":"县教发〔2020〕15号"' in history
