"""Signing in with an access key, signing out, and the console's front door."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.ui import session
from api.ui.web import PREFIX, Ui, blocking, check_csrf, render, signed_in

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a console path may follow sign-in (never another site)."""
    if target and target.startswith(f"{PREFIX}/") and not target.startswith("//") and "\\" not in target:
        return target
    return f"{PREFIX}/teachers"


@router.get("/")
def front(request: Request) -> Response:
    signed_in(request)
    return RedirectResponse(f"{PREFIX}/teachers", status_code=303)


def signin_page(request: Request, target: str, *, status: int = 200, key: str = "", error: str | None = None,
                ) -> HTMLResponse:
    """The sign-in form, with the form token its browser also holds as a cookie."""
    ui = Ui(request)
    token = session.signin_token(request)
    response = render(ui, "signin.html", status, next=target, key=key, csrf=token,
                      error=ui.t(error) if error else None)
    session.remember_signin(request, response, token)
    return response


@router.get("/signin")
def signin_form(request: Request, next: str | None = None) -> HTMLResponse:
    return signin_page(request, safe_next(next))


@router.post("/signin")
async def signin(request: Request) -> Response:
    form = await request.form()
    key = str(form.get("key") or "").strip()
    target = safe_next(str(form.get("next") or ""))
    if not session.signin_allowed(request, form.get("csrf")):
        return await blocking(signin_page, request, target, status=403, error="signin.expired")
    who = await blocking(request.app.state.runtime.ledger.authenticate, key) if key else None
    if who is None:
        return await blocking(signin_page, request, target, status=401, key=key, error="signin.bad_key")
    response = RedirectResponse(target, status_code=303)
    await blocking(session.begin, request, response, who, key)
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    form = await request.form()
    ui = await blocking(signed_in, request)
    check_csrf(ui, form.get("csrf"))
    response = RedirectResponse(f"{PREFIX}/signin", status_code=303)
    await blocking(session.end, request, response)
    return response
