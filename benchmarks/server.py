"""A real service for the HTTP benchmarks: ``ledger serve`` (uvicorn, one process, production
settings) in a process of its own on a free local port, with an access key issued beforehand."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.stores import Store
from ledger.app import Envelope
from ledger.bootstrap import build_ledger

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0


@dataclass(frozen=True)
class Server:
    url: str
    key: str
    log: Path
    pid: int  # to profile it: py-spy record -p PID

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def issue_key(store: Store, role: str = "admin") -> str:
    app = build_ledger(store.settings())
    try:
        return app.issue_key(f"bench-{role}", role, by=Envelope(actor="cli:benchmark", reason="benchmark key"),
                             replace=True).secret
    finally:
        app.close()


@contextmanager
def serving(store: Store, log: Path, *, projector: bool = True) -> Iterator[Server]:
    """``ledger serve`` on the store until the block ends (its log, JSON lines, in ``log``)."""
    key = issue_key(store)
    port = free_port()
    env = {**os.environ, **store.server_env(), "LEDGER_LOG_FORMAT": "json",
           "LEDGER_RUN_PROJECTOR": "true" if projector else "false"}
    command = [str(Path(sys.executable).parent / "ledger"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process, log)
        yield Server(url, key, log, process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped ({process.returncode}); see {log}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not become ready in {START_TIMEOUT:.0f} s; see {log}")
