"""The front door: a person's browser goes to the console, a program learns where things are."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from api.ui.web import PREFIX
from ledger import __version__

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> Any:
    if "text/html" in request.headers.get("accept", ""):
        lang = request.query_params.get("lang")
        return RedirectResponse(f"{PREFIX}/" + (f"?lang={lang}" if lang in ("zh", "en") else ""), status_code=303)
    return {"name": "Rotation Ledger (交流轮岗台账)", "version": __version__, "console": f"{PREFIX}/",
            "api": "/v1", "docs": "/docs", "openapi": "/openapi.json", "health": "/healthz"}
