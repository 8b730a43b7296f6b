"""A principal's grade (校长职级) as a record: conferred, and possibly revoked (撤销职级, seed 003)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.domain.enums import PrincipalGrade, RecordType
from ledger.domain.errors import FieldError
from ledger.domain.messages import field_term
from ledger.domain.records import Record


@dataclass(frozen=True, kw_only=True)
class GradeRecord(Record):
    """A principal's grade and step (校长职级、档次), conferred and possibly revoked (撤销职级)."""

    TYPE = RecordType.GRADE
    ID_FIELD = "grade_id"
    AMENDABLE = ("grade", "step", "conferred_on", "revoked_on", "rural_posting_id")

    grade: PrincipalGrade
    step: int
    conferred_on: date
    rural_posting_id: str | None = None  # R-LEADER-RURAL: the rural posting this step was earned by
    revoked_on: date | None = None
    revoked_by_posting_id: str | None = None  # the posting the principal refused (seed 003:94)

    @property
    def effective_date(self) -> date:
        return self.conferred_on

    def in_force_on(self, on: date) -> bool:
        return not self.voided and self.conferred_on <= on and (self.revoked_on is None or on < self.revoked_on)

    def field_errors(self) -> list[FieldError]:
        if self.revoked_on is not None and self.revoked_on < self.conferred_on:
            return [FieldError.of("revoked_on", "field.not_before", other=field_term("conferred_on"))]
        return []
