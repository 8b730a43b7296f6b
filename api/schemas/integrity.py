"""Shape of the ledger's verification (防篡改校验)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class LedgerVerification(BaseModel):
    ok: bool = Field(description="True when the recomputed hash chain matches every link the audit trail stored")
    events_checked: int = Field(description="Stored events whose link was recomputed")
    links_compared: int = Field(description="Of them, compared with the link the audit trail stored")
    pending: int = Field(description="Recorded after the audit trail's last link: chained, compared once linked")
    head_position: int | None = Field(description="The last position chained (before the first bad one, if any)")
    head_hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="The chain's link at `head_position` (hex SHA-256)")
    first_bad_position: int | None = Field(description="The first position where anything was altered, deleted, "
                                                       "inserted or reordered; null when `ok`")
    problem: Literal["altered", "missing", "inserted", "truncated", "rewritten"] | None = Field(
        description="altered: the event there is not the one chained; missing: a chained event is gone; "
                    "inserted: an event the chain never recorded; truncated: the ledger ends before chained events")
    detail: str | None = Field(description="What was found, in words")
