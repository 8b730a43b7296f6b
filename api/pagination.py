"""Listings the API pages itself, in memory (the views page their own listings), with the
ledger's one cursor codec."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ledger.projections.pages import decode_cursor, page_of


def page(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], str], limit: int,
         cursor: str | None) -> dict[str, Any]:
    """``limit`` items after the cursor's key, in key order, and the cursor of the next page."""
    after = decode_cursor(cursor) if cursor else None
    ordered = sorted((i for i in items if after is None or key(i) > after), key=key)
    return page_of(ordered, limit, key).to_dict()
