"""The console's sessions over HTTP: the session cookie, the sign-in form's token, and the
notice a write leaves for the next page.

- **Session cookie** ``ledger_session``: a random token (``ledger.database.sessions``), HTTP-only,
  ``SameSite=Lax``, sent only under ``/ui``, ``Secure`` when the console is served over HTTPS (the
  connection's own scheme, or ``X-Forwarded-Proto`` from a proxy named in
  ``LEDGER_TRUSTED_PROXIES``). The database keeps only its hash; the access key itself is never
  stored and never leaves the sign-in request. Signing out deletes the session.
- **Form tokens**: every form of a signed-in page carries one derived from the session's token
  (an HMAC of it, so a database reader cannot forge one); the sign-in form carries a random one
  also set as a ``SameSite=Strict`` cookie, so another site cannot sign a browser in (login CSRF).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from typing import Any

from fastapi import Request, Response

from ledger.app.keys import Principal
from ledger.database.sessions import Session, SessionStore
from ledger.domain.access import hash_key

SESSION_COOKIE = "ledger_session"
SIGNIN_COOKIE = "ledger_signin"
PATH = "/ui"
SIGNIN_SECONDS = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


def store_of(request: Request) -> SessionStore:
    sessions = request.app.state.runtime.sessions
    assert sessions is not None, "the runtime keeps the console's sessions"
    return sessions


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def token_of(request: Request, cookie: str = SESSION_COOKIE) -> str | None:
    """The cookie's token, if it is shaped like one (anything else is not looked up)."""
    value = request.cookies.get(cookie, "")
    return value if TOKEN.match(value) else None


def form_token(session_token: str) -> str:
    """The form token of a session's pages."""
    return hmac.new(session_token.encode(), b"console form", hashlib.sha256).hexdigest()


def session_of(request: Request, token: str) -> tuple[Principal, Session] | None:
    """Who the session stands for, and the session, while it lasts and its key is active with the
    same secret."""
    session = store_of(request).find(token)
    if session is None:
        return None
    who = request.app.state.runtime.ledger.session_principal(session.key_name, session.key_hash)
    return (who, session) if who else None


def begin(request: Request, response: Response, who: Principal, key: str) -> None:
    """A new session for the key just presented (any earlier one of this browser is ended)."""
    sessions = store_of(request)
    if old := token_of(request):
        sessions.end(old)
    seconds = request.app.state.runtime.settings.session_hours * 3600
    token, _ = sessions.start(who.name, hash_key(key), seconds)
    set_cookie(request, response, SESSION_COOKIE, token, max_age=round(seconds), same_site="lax")
    response.delete_cookie(SIGNIN_COOKIE, path=PATH)


def end(request: Request, response: Response) -> None:
    if token := token_of(request):
        store_of(request).end(token)
    response.delete_cookie(SESSION_COOKIE, path=PATH, secure=is_https(request), httponly=True)


def set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int, same_site: str) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PATH, httponly=True, secure=is_https(request),
                        samesite=same_site)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- sign-in's form token
def signin_token(request: Request) -> str:
    """The sign-in form's token: the browser's current one, or a new one (``remember_signin``)."""
    return token_of(request, SIGNIN_COOKIE) or secrets.token_urlsafe(32)


def remember_signin(request: Request, response: Response, token: str) -> None:
    if token_of(request, SIGNIN_COOKIE) != token:
        set_cookie(request, response, SIGNIN_COOKIE, token, max_age=SIGNIN_SECONDS, same_site="strict")


def signin_allowed(request: Request, sent: object) -> bool:
    """Whether a posted sign-in form carries the token its browser was given."""
    expected = token_of(request, SIGNIN_COOKIE)
    return bool(expected) and isinstance(sent, str) and secrets.compare_digest(sent, str(expected))


# ---------------------------------------------------------------------- a notice for the next page
def leave_notice(request: Request, notice: dict[str, Any]) -> None:
    if token := token_of(request):
        store_of(request).leave_notice(token, json.dumps(notice, ensure_ascii=False))


def take_notice(request: Request, token: str, session: Session) -> dict[str, Any] | None:
    """The session's notice, once (it is cleared as it is taken)."""
    if session.notice is None:
        return None
    store_of(request).leave_notice(token, None)
    return json.loads(session.notice)
