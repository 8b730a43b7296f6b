"""The console's sessions through the running service: the cookie holds a random token (never the
key), the database only its hash; signing out, expiry, revoking or re-issuing the key end a
session at once, even for a saved cookie; several service processes on one database share the
sessions; ``Secure`` over HTTPS (forwarded only by a trusted proxy); sign-in needs its form's token;
every answer carries its security headers."""

from __future__ import annotations

import base64
import hashlib
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from ledger.app import Envelope
from ledger.database.connection import connect
from ledger.runtime import start_runtime
from tests.api.test_ui_parts import county, csrf_of, sign_in

BY = Envelope(actor="cli:test", reason="test")


def session_rows(api: Any) -> list[dict[str, Any]]:
    """Every row of the sessions table, read straight from the ledger's database."""
    settings = api.runtime.settings
    if settings.backend == "sqlite":
        with sqlite3.connect(settings.sqlite_path) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM console_sessions")]
    env = settings.eventsourcing_env()
    with connect(env) as conn, conn.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{env["POSTGRES_SCHEMA"]}".console_sessions')
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def signed_in_page(client: TestClient) -> int:
    return client.get("/ui/teachers", follow_redirects=False).status_code


def test_the_cookie_holds_a_random_token_and_the_database_only_its_hash(api: Any) -> None:
    key = api.keys["admin"]
    answer = sign_in(api)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("ledger_session="))
    token = cookie.split(";")[0].removeprefix("ledger_session=")
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "path=/ui", "samesite=lax"} <= flags and "secure" not in flags  # plain HTTP here
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 256 random bits, no key inside
    assert "rlk_" not in token and key not in base64.urlsafe_b64decode(token + "=").decode("latin-1")
    assert api.client.get("/v1/teachers", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    rows = session_rows(api)
    assert len(rows) == 1 and rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(v) for v in rows[0].values())
    assert token not in stored and key not in stored and rows[0]["key_name"] == "test-admin"
    assert signed_in_page(api.client) == 200


def test_signing_out_ends_the_session_even_for_a_saved_cookie(api: Any) -> None:
    sign_in(api)
    saved = api.client.cookies.get("ledger_session")
    out = api.client.post("/ui/signout", data={"csrf": csrf_of(api.client.get("/ui/teachers").text)},
                          follow_redirects=False)
    assert out.status_code == 303 and 'ledger_session=""' in out.headers["set-cookie"]
    assert session_rows(api) == []
    api.client.cookies.set("ledger_session", saved, path="/ui")
    assert signed_in_page(api.client) == 303


def test_a_session_ends_when_its_hours_are_over_or_its_key_changes(api: Any, clock: Any) -> None:
    sign_in(api)
    clock.advance(hours=11, minutes=59)
    assert signed_in_page(api.client) == 200
    clock.advance(minutes=2)  # twelve hours (LEDGER_SESSION_HOURS) after signing in
    assert signed_in_page(api.client) == 303
    sign_in(api, "hr")
    api.runtime.ledger.issue_key("test-hr", "hr", by=BY, replace=True)  # a new secret for the key
    assert signed_in_page(api.client) == 303
    sign_in(api, "auditor")
    api.runtime.ledger.revoke_key("test-auditor", by=BY)
    assert signed_in_page(api.client) == 303


@contextmanager
def another_process(api: Any, clock: Any) -> Iterator[TestClient]:
    """A second service process on the same database (its own runtime and connections)."""
    runtime = start_runtime(api.runtime.settings, clock=clock)
    try:
        with TestClient(create_app(runtime=runtime)) as client:
            yield client
    finally:
        runtime.close()


def test_service_processes_on_one_database_share_the_sessions(api: Any, clock: Any) -> None:
    county(api)
    sign_in(api)
    token = api.client.cookies.get("ledger_session")
    with another_process(api, clock) as other:
        other.cookies.set("ledger_session", token, path="/ui")
        page = other.get("/ui/teachers/T-001", follow_redirects=False)
        assert page.status_code == 200 and "test-admin" in page.text
        out = other.post("/ui/signout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
        assert out.status_code == 303
    assert signed_in_page(api.client) == 303  # signed out there, signed out here


def session_cookie(client: TestClient, key: str) -> str:
    token = csrf_of(client.get("/ui/signin").text)
    answer = client.post("/ui/signin", data={"key": key, "next": "/ui/teachers", "csrf": token},
                         follow_redirects=False)
    assert answer.status_code == 303
    return next(c for c in answer.headers.get_list("set-cookie") if c.startswith("ledger_session=")).lower()


def signin_cookie(client: TestClient, **headers: str) -> str:
    return client.get("/ui/signin", headers=headers).headers["set-cookie"].lower()


def test_the_cookies_are_secure_over_https_and_behind_a_trusted_proxy_only(sqlite_api: Any) -> None:
    api = sqlite_api
    with TestClient(api.app, base_url="https://ledger.example") as https:
        assert "; secure" in session_cookie(https, api.keys["hr"])
    assert "; secure" not in session_cookie(api.client, api.keys["hr"])
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "; secure" not in signin_cookie(api.client, **forwarded)  # no proxy trusted: not believed
    settings = api.runtime.settings.model_copy(update={"trusted_proxies": "*"})
    with TestClient(create_app(settings, runtime=api.runtime)) as behind_proxy:
        assert "; secure" in signin_cookie(behind_proxy, **forwarded)
        assert "; secure" not in signin_cookie(behind_proxy)


def test_signing_in_needs_the_token_of_a_form_this_browser_was_given(sqlite_api: Any) -> None:
    api = sqlite_api
    form = api.client.get("/ui/signin")
    cookie = form.headers["set-cookie"].lower()
    assert cookie.startswith("ledger_signin=") and "samesite=strict" in cookie and "httponly" in cookie
    token = csrf_of(form.text)
    attempts = ({"key": api.keys["admin"]},  # a cross-site form: no token …
                {"key": api.keys["admin"], "csrf": "a" * 43})  # … or one of the attacker's own
    for data in attempts:
        refused = api.client.post("/ui/signin", data=data, follow_redirects=False)
        assert refused.status_code == 403 and "登录表单已过期" in refused.text
        assert "ledger_session" not in refused.headers.get("set-cookie", "")
    with TestClient(api.app) as elsewhere:  # the right token, but not this browser's cookie
        refused = elsewhere.post("/ui/signin", data={"key": api.keys["admin"], "csrf": token}, follow_redirects=False)
        assert refused.status_code == 403
    assert session_rows(api) == []
    assert sign_in(api).status_code == 303


CONSOLE_PAGES = ("/ui/signin", "/ui/teachers", "/ui/teachers/T-001", "/ui/teachers/T-001/forms/report",
                 "/ui/schools", "/ui/planning/due", "/ui/planning/quotas", "/ui/audit", "/ui/rules",
                 "/ui/teachers/NOPE", "/ui/nothing-here", "/ui/static/console.css", "/ui/")


def test_every_console_answer_forbids_framing_and_foreign_content(sqlite_api: Any) -> None:
    api = sqlite_api
    county(api)
    sign_in(api)
    for path in CONSOLE_PAGES:
        answer = api.client.get(path, follow_redirects=False)
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy, path
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert answer.headers["x-frame-options"] == "DENY" and answer.headers["x-content-type-options"] == "nosniff"
        if answer.headers.get("content-type", "").startswith("text/html"):
            assert answer.headers["cache-control"] == "no-store", path
            assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", answer.text), path  # none inline
    for path in ("/v1/teachers", "/openapi.json", "/healthz", "/v1/nothing"):
        answer = api.get(path)
        assert answer.headers["content-security-policy"] == "frame-ancestors 'none'", path
        assert answer.headers["x-content-type-options"] == "nosniff" and answer.headers["referrer-policy"] == "no-referrer"
