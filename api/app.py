"""The FastAPI application factory. Nothing is built at import time: the lifespan builds the
runtime from settings (or takes one a test built) and closes what it built on shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.deps import ApiState
from api.errors import install_error_handlers
from api.feed import Feed
from api.metrics import Metrics
from api.middleware import BodyLimit, RequestContext
from api.openapi import install_openapi
from api.outage import install_outage_handlers
from api.routes import assignments, audit, commands, events, health, home, keys, ledger, policy, schools, teachers
from api.security import install_security
from api.routes.health import view_lags
from api.ui import console
from api.ui.web import PREFIX
from ledger import __version__
from ledger.logs import configure_logging
from ledger.runtime import Runtime, start_runtime
from ledger.settings import Settings

DESCRIPTION = """\
Record, trace and audit teacher and principal rotation (交流轮岗).

**Access**: `Authorization: Bearer <key>` — keys come from `ledger keys create --role admin|auditor|hr
--name NAME`. *admin*: every read and write; *auditor*: every read, including audit and
verification; *hr*: teachers, history, service records, assignments and the event feed.

**Conventions**: JSON; dates `YYYY-MM-DD`; times RFC 3339 UTC. Errors are `application/problem+json`
(`type`, `title`, `status`, `detail`, `clause` when a rule was broken, `errors` listing every bad
field). Writes answer 201 with the record, the event id and the ledger `position`; an identical
repeat answers 200 with the original; the same id with other content answers 409.

**Read your writes**: writes answer with `X-Ledger-Position`; later reads by the same key wait
(briefly) until the views include it. Another client can send `X-Ledger-Min-Position`. Every answer
carries `X-Request-ID`, which is also the correlation id of the events a write records.
"""
TAGS = [
    {"name": "schools", "description": "Schools (学校) and their effective-dated classification"},
    {"name": "teachers", "description": "Teachers and school leaders (教师、校长)"},
    {"name": "postings", "description": "Postings (交流) and what happens to them"},
    {"name": "records", "description": "Exemptions, awards, titles, backbone designations, evaluations, "
                                       "departures and corrections"},
    {"name": "policy", "description": "The profile in force, the due list, quotas and service records, "
                                     "each explained by clause ids"},
    {"name": "audit", "description": "Every event as recorded, with its tamper-evidence link"},
    {"name": "feed", "description": "Every event in ledger order"},
    {"name": "access keys", "description": "Who may use the API, with which role (访问密钥)"},
    {"name": "operations", "description": "Liveness, readiness, metrics"},
]


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    """``runtime`` lets tests hand in parts they built (and close them themselves)."""
    settings = settings or (runtime.settings if runtime else Settings())
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_format, settings.log_level)
        running = runtime or start_runtime(settings)
        app.state.runtime = running
        app.state.api = ApiState(metrics)
        app.state.console.state.runtime, app.state.console.state.api = running, app.state.api
        app.state.feed = Feed(running.ledger)
        metrics.watch_store(running.ledger.recorder.max_notification_id, lambda: view_lags(running))
        try:
            yield
        finally:
            if runtime is None:
                running.close()

    app = FastAPI(
        title="Rotation Ledger API (交流轮岗台账)",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_outage_handlers(app)
    install_openapi(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(RequestContext, metrics=metrics)
    install_security(app, settings.trusted_proxies, PREFIX)
    routers = (home, schools, teachers, commands, assignments, policy, audit, ledger, events, keys, health)
    for module in routers:
        app.include_router(module.router)
    app.state.routes = [r for m in routers for r in m.router.routes if isinstance(r, APIRoute)]  # a 405's Allow
    pages = console()
    app.state.console = pages
    app.mount(PREFIX, pages)
    return app
