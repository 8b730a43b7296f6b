"""The event feed: every event in ledger order, for HR systems and auditors to follow."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.auth import HrReader
from api.feed import MAX_WAIT_SECONDS, Feed
from api.openapi import READ
from api.schemas.ops import FeedPage

router = APIRouter(prefix="/v1", tags=["feed"])


@router.get("/events", response_model=FeedPage, responses=READ, summary="Follow every event in ledger order")
async def events(
    request: Request,
    _: HrReader,
    after: Annotated[int, Query(ge=0, le=2**63 - 1, description="Events after this position (0: from the start)")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    wait: Annotated[float, Query(ge=0, le=MAX_WAIT_SECONDS,
                                 description="Long poll: seconds to wait for a first event when none is there yet")] = 0,
) -> dict[str, Any]:
    feed: Feed = request.app.state.feed
    items, head = await feed.follow(after, limit, wait)
    return {"events": items, "next_after": items[-1]["position"] if items else after, "head": head}
