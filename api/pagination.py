"""Opaque cursors for listings the API pages itself (the views page their own listings)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from ledger.domain.errors import InvalidInput


def encode(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode("utf-8")).decode("ascii")


def decode(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise InvalidInput.one("cursor", "field.cursor") from None


def page(items: list[dict[str, Any]], key: Callable[[dict[str, Any]], str], limit: int,
         cursor: str | None) -> dict[str, Any]:
    """``limit`` items after the cursor's key, in key order, and the cursor of the next page."""
    after = decode(cursor) if cursor else None
    ordered = sorted((i for i in items if after is None or key(i) > after), key=key)
    shown = ordered[:limit]
    return {"items": shown, "next_cursor": encode(key(shown[-1])) if len(ordered) > limit else None}
