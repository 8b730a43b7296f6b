"""What every console page shares: the signed-in principal, the page's language, the templates,
and one route class that turns every error into an HTML page in that language.

The console is its own application, mounted at ``/ui`` (``api.ui.console``), with its own error
pages. Sign-in starts a session kept in the ledger's database (``api.ui.session``): the browser
holds only the session's random token, never the key; each request checks the session's key
against the event store, so a key revoked or re-issued elsewhere stops working at once. What a
role may do follows the API's role sets.
"""

from __future__ import annotations

from http import HTTPStatus

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth import ADMIN, HR_READERS, READERS
from api.errors import http_error
from api.validation import field_errors
from api.ui.errors import shown, told
from api.ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from api.ui.session import form_token, session_of, take_notice, token_of
from ledger.domain.dates import CHINA_TZ, aware, parse_moment
from ledger.app import RotationLedger
from ledger.app.keys import Principal
from ledger.database.sessions import Session
from ledger.domain import enums
from ledger.domain.access import AccessRole
from ledger.domain.errors import InvalidInput, LedgerError
from ledger.domain.messages import Message
from ledger.domain.policy import DueStatus, Status, Target

PREFIX = "/ui"
LANG_COOKIE = "ledger_lang"
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# What each part of the console needs, by the API's role sets.
WRITE, READ, HR_READ = ADMIN, READERS, HR_READERS
# Every bilingual label set a template may name (``enums.Role`` …).
LABELS = SimpleNamespace(**{name: value for name, value in vars(enums).items()
                            if isinstance(value, type) and issubclass(value, enums.Labelled)},
                         DueStatus=DueStatus, Status=Status, Target=Target)
STATUS_TEXT = {403: "error.403", 404: "error.404", 409: "error.409", 422: "error.422"}


class SignInRequired(Exception):
    """The request carries no valid key: the console answers with the sign-in page."""


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    saved = request.cookies.get(LANG_COOKIE)
    return saved if saved in LANGUAGES else DEFAULT_LANGUAGE


@dataclass
class Ui:
    """One request's view of the console: who, in which language, what they may do."""

    request: Request
    principal: Principal | None = None
    token: str | None = None  # the session's, and the session
    session: Session | None = None
    lang: str = field(init=False)
    t: Translator = field(init=False)

    def __post_init__(self) -> None:
        self.lang = lang_of(self.request)
        self.t = Translator(self.lang)

    # ------------------------------------------------------------------ access
    @property
    def role(self) -> AccessRole | None:
        return self.principal.role if self.principal else None

    def may(self, allowed: frozenset[AccessRole]) -> bool:
        return self.role in allowed

    @property
    def may_write(self) -> bool:
        return self.may(WRITE)

    @property
    def may_read(self) -> bool:
        return self.may(READ)

    def require(self, allowed: frozenset[AccessRole]) -> None:
        if not self.may(allowed):
            raise HTTPException(403, "role")

    def flash(self) -> dict[str, Any] | None:
        """What the last write said (shown once, on the page that follows it)."""
        if self.token is None or self.session is None:
            return None
        return take_notice(self.request, self.token, self.session)

    @property
    def csrf(self) -> str:
        """The token every form of this session's pages carries."""
        return form_token(self.token) if self.token else ""

    # ------------------------------------------------------------------ the running service
    @property
    def ledger(self) -> RotationLedger:
        return self.request.app.state.runtime.ledger

    @property
    def views(self) -> Any:
        view = getattr(self.request.app.state.runtime, "read_model", None)
        if view is None:
            raise http_error(503, "http.no_views")
        return view

    # ------------------------------------------------------------------ links
    def url(self, path: str, **params: Any) -> str:
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{PREFIX}{path}" + (f"?{query}" if query else "")

    def switch_language(self) -> str:
        """This page in the other language."""
        params = dict(self.request.query_params)
        params["lang"] = self.t.other()
        return f"{self.request.url.path}?{urlencode(params)}"

    def clause_url(self, clause_id: str) -> str:
        return f"{PREFIX}/rules#{clause_id}"


def signed_in(request: Request) -> Ui:
    """The request's principal from its session (the session and its key checked every time)."""
    token = token_of(request)
    found = session_of(request, token) if token else None
    if token is None or found is None:
        raise SignInRequired
    who, session = found
    request.state.key_name = who.name
    return Ui(request, who, token, session)


def check_csrf(ui: Ui, token: object) -> None:
    if not ui.csrf or not isinstance(token, str) or not secrets.compare_digest(token, ui.csrf):
        raise HTTPException(403, "csrf")


def render(ui: Ui, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    response = templates().TemplateResponse(ui.request, template, {"ui": ui, "t": ui.t, **context},
                                          status_code=status)
    remember_language(ui.request, response)
    return response


def remember_language(request: Request, response: Response) -> None:
    asked = request.query_params.get("lang")
    if asked in LANGUAGES and request.cookies.get(LANG_COOKIE) != asked:
        response.set_cookie(LANG_COOKIE, asked, max_age=365 * 24 * 3600, path=PREFIX, samesite="lax")


def error_page(request: Request, status: int, detail: str = "", *, clause: str | None = None) -> HTMLResponse:
    """The error as a page, with the console's navigation when the request is signed in."""
    try:
        ui = signed_in(request)
    except SignInRequired:
        ui = Ui(request)
    key = STATUS_TEXT.get(status, "error.title")
    return render(ui, "error.html", status, status_code=status, heading=ui.t(key), detail=detail, clause=clause)


def sign_in_redirect(request: Request) -> RedirectResponse:
    """To the sign-in page, which then leads back here; a language asked for comes along."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    asked = request.query_params.get("lang")
    query = {"next": here, **({"lang": asked} if asked in LANGUAGES else {})}
    return RedirectResponse(f"{PREFIX}/signin?{urlencode(query)}", status_code=303)


def install_error_pages(console: FastAPI) -> None:
    """The console answers every failure with a page, never with JSON: no key → the sign-in page;
    the ledger's typed errors, refused access and bad query parameters → an error page saying why,
    in the page's language."""

    @console.exception_handler(SignInRequired)
    async def _sign_in(request: Request, _: SignInRequired) -> Response:
        return sign_in_redirect(request)

    @console.exception_handler(LedgerError)
    @console.exception_handler(StarletteHTTPException)
    async def _failure(request: Request, error: Exception) -> Response:
        return await blocking(failure_page, request, error)

    @console.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        return await blocking(failure_page, request, InvalidInput(field_errors(error.errors())))


def failure_page(request: Request, error: Exception) -> HTMLResponse:
    """What went wrong, told in the page's language: the ledger's typed errors as the forms tell
    them; access refused, a form's expired token, anything else by its status."""
    t = Ui(request).t
    if isinstance(error, LedgerError):
        found = shown(error, t.lang, set())
        return error_page(request, found.status, ("；" if t.lang == "zh" else "; ").join(found.summary),
                          clause=found.clause)
    assert isinstance(error, StarletteHTTPException)
    if isinstance(error.detail, Message):
        detail = told(error.detail, t.lang)
    elif str(error.detail) == HTTPStatus(error.status_code).phrase:
        detail = ""  # the framework's own English phrase ("Not Found"): the page's heading says it
    else:
        detail = {"role": "", "csrf": t("error.csrf")}.get(str(error.detail), str(error.detail))
    return error_page(request, error.status_code, detail)


async def blocking(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Runs the ledger's blocking work off the event loop."""
    return await run_in_threadpool(function, *args, **kwargs)


# ---------------------------------------------------------------------- arguments and formatting
def blank(value: str | None) -> str | None:
    """A query parameter with an empty value counts as not given."""
    return value.strip() if value and value.strip() else None


def moment_text(value: str | datetime | None) -> str:
    """A recorded time in China Standard Time to the second (``2026-09-01 18:00:05``); the instant
    stays UTC underneath (each page says so once, and ``<time datetime>`` keeps it exact)."""
    if not value:
        return ""
    moment = aware(value) if isinstance(value, datetime) else parse_moment(str(value))
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")


def just_before(value: str) -> str:
    """The moment one microsecond before a recorded time (to ask what was known before it)."""
    moment = parse_moment(value) - timedelta(microseconds=1)
    return moment.isoformat().replace("+00:00", "Z")


@cache
def templates() -> Jinja2Templates:
    """The console's templates (built on first use), with its formatting filters."""
    found = Jinja2Templates(directory=str(TEMPLATES_DIR))
    found.env.filters["moment"] = moment_text
    found.env.globals["just_before"] = just_before
    found.env.globals["enums"] = LABELS
    return found
