"""What the browser tests do again and again: sign in, take screenshots, run axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
SERIOUS = ("serious", "critical")


def shoot(page: Any, name: str) -> Path:
    """Saves a full-page screenshot as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, server: Any, role: str = "admin") -> None:
    page.goto("/ui/signin")
    page.get_by_label("访问密钥").fill(server.keys[role])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/ui/teachers")


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical accessibility violations on the page (rule: nodes)."""
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:5])}"
            for v in results.response["violations"] if v["impact"] in SERIOUS]
