"""The FastAPI application factory. Nothing is built at import time: the lifespan builds the
ledger from settings and closes it on shutdown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routes import health
from ledger import __version__
from ledger.logs import configure_logging
from ledger.runtime import Runtime, start_runtime
from ledger.settings import Settings


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    """``runtime`` lets tests hand in parts they built (and close them themselves)."""
    settings = settings or (runtime.settings if runtime else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_format, settings.log_level)
        running = runtime or start_runtime(settings)
        app.state.runtime = running
        try:
            yield
        finally:
            if runtime is None:
                running.close()

    app = FastAPI(
        title="Rotation Ledger API (交流轮岗台账)",
        version=__version__,
        description="Record, trace and audit teacher and principal rotation (交流轮岗).",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(health.router)
    return app
