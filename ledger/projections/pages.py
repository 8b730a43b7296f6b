"""Listings a page at a time: ``Page`` (the items and the cursor of the next page) and the one
cursor codec every listing uses — a cursor is the URL-safe base64 of the JSON of the last key a
page showed, opaque to clients."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ledger.domain.errors import InvalidInput


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "next_cursor": self.next_cursor}


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str) -> str:
    """The key a cursor stands for; ``InvalidInput`` for anything no listing returned."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        key = None
    if not isinstance(key, str):
        raise InvalidInput.one("cursor", "field.cursor")
    return key


def page_of(items: list[dict[str, Any]], size: int, key: Callable[[dict[str, Any]], str]) -> Page:
    """The first ``size`` of ``items`` (read as ``size + 1``, in key order), with the cursor of the
    next page when there is more."""
    if len(items) <= size:
        return Page(items, None)
    shown = items[:size]
    return Page(shown, encode_cursor(key(shown[-1])))
