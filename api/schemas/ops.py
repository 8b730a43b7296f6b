"""Shapes of the event feed, access keys, and the operational answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import Ident, WriteIn
from ledger.domain.access import AccessRole


class FeedEvent(BaseModel):
    position: int = Field(description="Position in the ledger: strictly increasing in recording order")
    event_id: UUID
    type: str = Field(description="The event's type, e.g. PostingRecorded", examples=["PostingRecorded"])
    subject_type: str = Field(description="teacher | school | key | policy")
    subject_id: str
    teacher_id: str | None
    school_id: str | None
    version: int = Field(description="The event's version within its subject")
    effective_date: str | None = Field(description="Valid time, YYYY-MM-DD")
    recorded_at: datetime = Field(description="Recorded time, RFC 3339 UTC")
    actor: str | None = Field(description="The name of the key (or command-line user) that recorded it")
    reason: str | None
    policy_clauses: list[str]
    document_ref: str | None
    correlation_id: str | None = Field(description="The request id of the write that recorded it")
    payload: dict[str, Any] = Field(description="The event's own fields (plain JSON)")


class FeedPage(BaseModel):
    events: list[FeedEvent]
    next_after: int = Field(description="Pass as `after` to continue: the last position in this page")
    head: int = Field(description="The ledger's last position when this page was read")


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Readiness(BaseModel):
    status: str = Field(description="ok | unavailable")
    database: str = Field(description="ok, or why the store cannot serve: unreachable | busy | full (or the error)")
    detail: str | None = Field(None, description="What is wrong and what to do, when not ready")
    head_position: int | None
    projection_lag: int | None = Field(description="Positions the slowest view is behind (null: no views run here)")
    views: dict[str, int] | None = Field(description="Per view, positions behind the ledger")


class KeyIn(WriteIn):
    name: Ident = Field(description="Who uses the key; recorded as the actor of every write made with it")
    role: AccessRole
    replace: bool = Field(False, description="Give an active key a new secret (its old one stops working)")


class KeyOut(BaseModel):
    name: str
    role: AccessRole
    active: bool
    issued_at: datetime
    issued_by: str
    revoked_at: datetime | None
    revoked_by: str | None
    version: int


class IssuedKeyOut(BaseModel):
    key: str = Field(description="The secret: shown once, stored only hashed. Send as `Authorization: Bearer <key>`")
    details: KeyOut
    event_id: UUID
    position: int | None


class KeyList(BaseModel):
    keys: list[KeyOut]
