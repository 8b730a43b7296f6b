"""Shapes shared by every resource: identifiers, dates, the write envelope, write results, problems.

Inputs are parsed strictly (unknown fields are refused, dates are ``YYYY-MM-DD``) and then checked
again by the domain, which names every bad field at once.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ledger.app.core import WriteResult
from ledger.domain.clauses import CLAUSES
from ledger.domain.values import ID_PATTERN, LONG_TEXT, SHORT_TEXT

Ident = Annotated[str, Field(pattern=ID_PATTERN.pattern, description="1–64 letters, digits, '.', '_', ':' or '-'",
                             examples=["T-001"])]
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: object) -> object:
    """Only ``YYYY-MM-DD`` (no times, no timestamps) becomes a date."""
    if (isinstance(value, str) and _ISO_DAY.fullmatch(value)) or (
        isinstance(value, date) and not isinstance(value, datetime)
    ):
        return value
    raise ValueError("must be a date, YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_day),
                Field(description="A calendar date, YYYY-MM-DD (China Standard Time)")]
ShortText = Annotated[str, Field(min_length=1, max_length=SHORT_TEXT)]
ClauseId = StrEnum("ClauseId", {c: c for c in CLAUSES})  # type: ignore[misc]
ClauseId.__doc__ = "A policy clause id of the rulebook (ledger/rules/RULES.md)."


class Closed(BaseModel):
    """Refuses fields it does not know, so a misspelt field is an error rather than ignored."""

    model_config = ConfigDict(extra="forbid")


class WriteIn(Closed):
    """The envelope every write carries: why, on which clauses, with which document."""

    reason: str = Field(min_length=1, max_length=LONG_TEXT, description="Why this is recorded (记录理由)",
                        examples=["县教育局2026年度交流轮岗方案"])
    policy_clauses: list[ClauseId] = Field(default_factory=list, max_length=40,
                                           description="Clause ids this write relies on")
    document_ref: str | None = Field(None, max_length=SHORT_TEXT, description="Document reference (文号)",
                                     examples=["县教发〔2026〕12号"])


class Notice(BaseModel):
    clause: str
    message: str
    code: str
    params: dict[str, Any]


class WriteOut(BaseModel):
    """What a write recorded (201) or, for an identical repeat, what it recorded before (200)."""

    subject_type: str = Field(description="teacher | school | key | policy")
    subject_id: str
    record_type: str = Field(description="posting, exemption, award, … or teacher/school for registrations")
    record_id: str
    record: dict[str, Any] | None = Field(description="The record's full state after the write")
    event_id: UUID
    event_type: str
    version: int = Field(description="The event's version within its teacher or school")
    position: int | None = Field(description="The event's position in the ledger (the event feed's order)")
    replayed: bool = Field(description="True when this repeats an earlier identical write")
    notices: list[Notice] = Field(description="Warnings: targets or caps not met, each naming its clause")

    @classmethod
    def of(cls, result: WriteResult) -> WriteOut:
        return cls(
            subject_type=result.subject_type, subject_id=result.subject_id, record_type=result.record_type,
            record_id=result.record_id, record=result.record, event_id=result.event_id,
            event_type=result.event_type, version=result.version, position=result.position,
            replayed=result.replayed, notices=[Notice(**n.to_dict())
                                                   for n in result.notices],
        )


class FieldProblem(BaseModel):
    field: str
    message: str
    code: str
    params: dict[str, Any]


class Problem(BaseModel):
    """An RFC 9457 problem (``application/problem+json``)."""

    type: str = Field(examples=["/problems/rule-violated"])
    title: str
    status: int
    detail: str = Field(description="What went wrong, in the language of `Accept-Language` (English by default)")
    code: str = Field(description="The message's code in the ledger's catalogue (the same in every language)",
                      examples=["posting.overlap"])
    params: dict[str, Any] = Field(description="The values the message names")
    clause: str | None = Field(None, description="The rule broken, when one was")
    errors: list[FieldProblem] | None = Field(None, description="Every bad field, for invalid input")


class Page(BaseModel):
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")

