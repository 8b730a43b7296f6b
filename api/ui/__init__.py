"""The web console (``/ui``): server-rendered pages for administrators, auditors and HR over the
same commands and views as the API, in Chinese and English — an application of its own, mounted
on the API's, with its own error pages; its sessions are kept in the ledger's database
(``api.ui.session``)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.ui import audit, forms, planning, rules, schools, signin, teachers
from api.ui.web import STATIC_DIR, install_error_pages


def console() -> FastAPI:
    """The console's pages and static files. The API's lifespan hands it the runtime (whose
    ``sessions`` keep who is signed in)."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="ui-static")
    for module in (signin, teachers, schools, planning, forms, audit, rules):
        app.include_router(module.router)
    install_error_pages(app)
    return app
