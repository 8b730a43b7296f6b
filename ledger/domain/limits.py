"""What a command's checks take besides the teacher's own dossier: the policy limits in force
(``Limits``) and the other teachers a rule spans, as the application read them (``Others``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledger.domain.dates import DAYS_PER_YEAR
from ledger.domain.enums import BelowMiddle, EvaluationGrade, RefusalConsequence

if TYPE_CHECKING:
    from ledger.domain.dossier import Dossier


@dataclass(frozen=True)
class Limits:
    """The policy parameters the invariants need, taken from the profile in force."""

    project_deferral_max_days: int = 3 * DAYS_PER_YEAR  # R-EX-PROJECT
    report_warning_days: int = 7  # R-POST-REPORT
    report_resign_days: int = 14  # R-POST-REPORT
    leaders_max_share: Decimal = Decimal("0.30")  # R-Q-LEADERS
    below_middle_rule: BelowMiddle = BelowMiddle.GRADES  # R-POST-SUPERVISORY
    below_middle_grades: tuple[EvaluationGrade, ...] = (EvaluationGrade.BASICALLY_QUALIFIED,
                                                        EvaluationGrade.UNQUALIFIED)

    def refusal_consequence(self, days_absent: int) -> RefusalConsequence:
        """R-POST-REPORT: not reporting within the warning days earns a warning; beyond the
        resignation days the teacher is treated as having left (自动离职)."""
        if days_absent > self.report_resign_days:
            return RefusalConsequence.DEPARTED
        if days_absent > self.report_warning_days:
            return RefusalConsequence.WARNING
        return RefusalConsequence.NONE


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Others:
    """The other teachers' dossiers a command's rules span (``Command.spans``), as the application
    read them at the write, by teacher id."""

    dossiers: dict[str, Dossier] = field(default_factory=dict)
    consulted: bool = False  # False: nobody read them (the bulk path); rules across teachers then rest
    profile: Any = None  # the policy profile in force on ``Span.profile_on`` (a ``PolicyProfile``)
    schools: dict[str, Any] = field(default_factory=dict)  # ``SchoolFacts`` of ``Span.schools``, by id

    def get(self, teacher_id: str) -> Dossier | None:
        return self.dossiers.get(teacher_id)


NO_OTHERS = Others()
