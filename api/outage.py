"""The store's outages over HTTP: a request the store cannot serve now — it does not answer, it is
busy, its storage is full — is answered 503 with ``Retry-After`` (507 for full storage) as
``application/problem+json`` of type ``/problems/unavailable`` whose ``store`` says which, never 500. Installed by ``install_outage_handlers(app)``."""

from __future__ import annotations

import math
import sqlite3

import psycopg
import structlog
from eventsourcing.persistence import PersistenceError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.errors import language, problem
from ledger.database.outage import FULL, UNREACHABLE, StoreUnavailable, health_of, store_unavailable

log = structlog.get_logger("api.outage")


def outage_problem(error: StoreUnavailable, retry_after: float, lang: str = "en") -> JSONResponse:
    """``/problems/unavailable`` with ``store``: unreachable | busy | full."""
    status = 507 if error.kind == FULL else 503
    response = problem(status, "unavailable", error.msg, lang, store=error.kind)
    if status == 503:
        response.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))
    return response


def install_outage_handlers(app: FastAPI) -> None:
    async def _outage(request: Request, error: Exception) -> JSONResponse:
        found = store_unavailable(error)
        if found is None:
            raise error  # not the store's condition: the unexpected-error handler answers 500
        runtime = request.app.state.runtime
        health_of(runtime.ledger.env).noted(found)
        log.warning("store_unavailable", kind=found.kind, reason=found.reason, path=request.url.path)
        return outage_problem(found, runtime.settings.db_probe_seconds if found.kind == UNREACHABLE else 1,
                              language(request))

    for cls in (StoreUnavailable, PersistenceError, psycopg.Error, sqlite3.Error):
        app.add_exception_handler(cls, _outage)
