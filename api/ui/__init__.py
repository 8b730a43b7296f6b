"""The web console (``/ui``): server-rendered pages for administrators, auditors and HR over the
same commands and views as the API, in Chinese and English — an application of its own, mounted
on the API's, with its own error pages and session."""

from __future__ import annotations

import secrets

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from api.ui import audit, forms, planning, rules, schools, signin, teachers
from api.ui.web import PREFIX, SESSION_COOKIE, STATIC_DIR, install_error_pages

SESSION_HOURS = 12


def console(session_secret: str | None = None) -> FastAPI:
    """The console's pages and static files, and the signed session cookie that keeps a signed-in
    key (HTTP-only, sent only under ``/ui``). Without a secret, each process draws its own:
    signing in again is then needed after a restart. The API's lifespan hands it the runtime."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(SessionMiddleware, secret_key=session_secret or secrets.token_urlsafe(32),
                       session_cookie=SESSION_COOKIE, max_age=SESSION_HOURS * 3600, path=PREFIX, same_site="lax")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="ui-static")
    for module in (signin, teachers, schools, planning, forms, audit, rules):
        app.include_router(module.router)
    install_error_pages(app)
    return app
