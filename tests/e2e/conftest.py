"""Browser tests: a real server (uvicorn on a free port, an SQLite file holding a generated county)
driven by Playwright through Debian's Chromium.

Outside CI a machine without Chromium skips these tests (``scripts/ensure-browser.sh`` installs it
where it can); with ``CI=true`` a missing browser fails them. Screenshots go to
``test-artifacts/e2e/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.app import create_app
from ledger.app import Envelope
from ledger.bootstrap import build_ledger
from ledger.generator import GeneratorConfig, write_into
from ledger.settings import Settings
from ledger.domain.commands import RegisterSchool, RegisterTeacher

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SETUP = Envelope(actor="e2e-setup", reason="浏览器测试数据 browser test data", document_ref="县教发〔2026〕9号")
# One teacher the tests look for by a Chinese name, beside the generated county.
TEACHER = {"teacher_id": "T-E2E-1", "name": "欧阳明月", "gender": "female", "birth_date": "1986-04-12",
           "role": "teacher", "subject": "语文", "home_school_id": "S-E2E-TOWN", "at_home_school_since": "2014-09-01",
           "title": "junior", "title_since": "2012-09-01"}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("LEDGER_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass
class Server:
    url: str
    keys: dict[str, str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(settings: Settings) -> dict[str, str]:
    """A generated county, two schools and the teacher the tests look for, and a key per role."""
    ledger = build_ledger(settings)
    try:
        write_into(ledger, GeneratorConfig(teachers=100, years=3, seed=11))
        for school_id, name, area, kind, tier in (("S-E2E-TOWN", "青石镇中心小学", "town", "central", "ordinary"),
                                                   ("S-E2E-VILLAGE", "云岭村小", "rural", "village", "weak")):
            ledger.register(RegisterSchool(school_id=school_id, name=name, level="primary", area=area, kind=kind,
                                           tier=tier, district="青石学区", effective_date="2000-01-01"), by=SETUP)
        ledger.register(RegisterTeacher(**TEACHER), by=SETUP)
        return {role: ledger.issue_key(f"e2e-{role}", role, by=SETUP).secret for role in ("admin", "auditor", "hr")}
    finally:
        ledger.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("e2e")
    settings = Settings(database_url=f"sqlite:///{folder}/ledger.sqlite", log_level="WARNING",
                        projection_poll_seconds=0.2)
    keys = seed(settings)
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                            lifespan="on", access_log=False)
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not web.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", keys)
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (scripts/ensure-browser.sh installs Debian's chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: the browser tests must run. {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(base_url=server.url, accept_downloads=True, locale="zh-CN",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()
