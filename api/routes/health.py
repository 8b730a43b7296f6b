"""Operations: liveness, readiness and Prometheus metrics (no key needed, for probes and scrapers)."""

from __future__ import annotations

import math
from typing import Any

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.schemas.ops import Health, Readiness
from ledger.database.outage import FULL, UNREACHABLE, StoreUnavailable, health_of, store_unavailable

router = APIRouter(tags=["operations"])
log = structlog.get_logger("api.health")


@router.get("/healthz", response_model=Health, summary="Liveness: the process answers")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response_model=Readiness, summary="Readiness: the store answers; how far the views lag",
            responses={503: {"model": Readiness, "description": "The store does not answer, or its storage is full"}})
def readyz(request: Request) -> Any:
    runtime = request.app.state.runtime
    health = health_of(runtime.ledger.env)
    try:
        if health.down:  # the watch found it silent: say so now rather than wait on it
            raise StoreUnavailable(UNREACHABLE, health.down)
        if health.full:
            raise StoreUnavailable(FULL, health.full)
        head = runtime.ledger.recorder.max_notification_id() or 0
        lags = view_lags(runtime)
    except Exception as error:  # noqa: BLE001 (any failure to reach the store means: not ready)
        found = store_unavailable(error)
        log.warning("store_not_ready", error=str(error))
        body = {"status": "unavailable", "database": found.kind if found else type(error).__name__,
                "detail": found.detail if found else str(error), "head_position": None,
                "projection_lag": None, "views": None}
        retry = max(1, math.ceil(runtime.settings.db_probe_seconds))
        return JSONResponse(body, status_code=503, headers={"Retry-After": str(retry)})
    return {"status": "ok", "database": "ok", "head_position": head,
            "projection_lag": max(lags.values(), default=0) if lags is not None else None, "views": lags}


@router.get("/metrics", summary="Prometheus metrics", response_class=Response,
            responses={200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}},
                             "description": "Prometheus text exposition format"}})
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.api.metrics.registry), media_type=CONTENT_TYPE_LATEST)


def view_lags(runtime: Any) -> dict[str, int] | None:
    """Per view, how many positions it is behind the ledger (None when no views run here)."""
    view = getattr(runtime, "read_model", None)
    return None if view is None else dict(view.lag())
