"""Signing in with an access key, signing out, and the console's front door."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.ui.web import PREFIX, Ui, blocking, check_csrf, render, signed_in, start_session

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


@router.get("/signin")
def signin_form(request: Request, next: str | None = None) -> HTMLResponse:
    return render(Ui(request), "signin.html", next=safe_next(next), key="", error=None)


@router.post("/signin")
async def signin(request: Request) -> Response:
    form = await request.form()
    key = str(form.get("key") or "").strip()
    target = safe_next(str(form.get("next") or ""))
    who = await blocking(request.app.state.runtime.ledger.authenticate, key) if key else None
    if who is None:
        ui = Ui(request)
        return render(ui, "signin.html", 401, next=target, key=key, error=ui.t("signin.bad_key"))
    start_session(request, key)
    return RedirectResponse(target, status_code=303)


@router.post("/signout")
async def signout(request: Request) -> Response:
    form = await request.form()
    ui = await blocking(signed_in, request)
    check_csrf(ui, form.get("csrf"))
    request.session.clear()
    return RedirectResponse(f"{PREFIX}/signin", status_code=303)
