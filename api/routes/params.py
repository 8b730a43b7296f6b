"""Path parameters shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from ledger.domain.values import ID_PATTERN

TeacherId = Annotated[str, Path(pattern=ID_PATTERN.pattern, description="The teacher's id", examples=["T-001"])]
SchoolId = Annotated[str, Path(pattern=ID_PATTERN.pattern, description="The school's id", examples=["S-URBAN"])]
RecordId = Annotated[str, Path(pattern=ID_PATTERN.pattern, description="The record's id", examples=["P-1"])]
KeyName = Annotated[str, Path(pattern=ID_PATTERN.pattern, description="The key's name", examples=["hr-system"])]
