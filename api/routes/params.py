"""Path and query parameters shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from api.schemas.common import Day
from ledger.domain.values import ID_PATTERN

TeacherId = Annotated[str, Path(pattern=ID_PATTERN.pattern, description="The teacher's id", examples=["T-001"])]
SchoolId = Annotated[str, Path(pattern=ID_PATTERN.pattern, description="The school's id", examples=["S-URBAN"])]
RecordId = Annotated[str, Path(pattern=ID_PATTERN.pattern, description="The record's id", examples=["P-1"])]
KeyName = Annotated[str, Path(pattern=ID_PATTERN.pattern, description="The key's name", examples=["hr-system"])]
AsOf = Annotated[Day | None, Query(description="The day asked about, YYYY-MM-DD (default: today)")]
KnownAt = Annotated[str | None, Query(max_length=40, description="As the ledger knew it at this moment "
                                                                 "(RFC 3339, e.g. 2026-09-01T08:00:00Z)")]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
Cursor = Annotated[str | None, Query(max_length=200, pattern=r"^[A-Za-z0-9_=\-]*$",
                                     description="`next_cursor` of the previous page")]
Text = Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")]
FilterId = Annotated[str | None, Query(pattern=ID_PATTERN.pattern)]
