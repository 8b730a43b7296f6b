"""R-INCENTIVE-PRIORITY: the order in which title applicants claim a school year's title quota
(职称评聘推荐顺序, seed 001:371 "首先在参加奖励性交流的教师中按照其年度量化考核择优上报；如果名额有
剩余，再在其他教师中按照其年度量化考核择优上报").

For the title quota of school year Y: first the applicants with a completed incentive exchange
(奖励性交流, ended by 31 August Y and not early — or served in full with maternity leave,
R-MATERNITY), then the others; within each group by the annual evaluation of school year Y-1, with
the evaluations' stated order (score, grade, teacher id; ``ledger.domain.policy.evaluations``),
those without an evaluation last. Applicants are the teachers named, or every teacher of the
county (or of one home school) on 31 August Y who has not left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ledger.domain.base import Notice, json_native
from ledger.domain.dates import planning_reference_date
from ledger.domain.dossier import Dossier
from ledger.domain.enums import PostingKind
from ledger.domain.messages import Message
from ledger.domain.policy.evaluations import GRADE_ORDER
from ledger.domain.policy.profile import ProfileInForce
from ledger.domain.policy.tenure import completed_term
from ledger.domain.records import Evaluation, Posting


@dataclass(frozen=True, slots=True)
class PriorityRow:
    teacher_id: str
    name: str
    school_id: str
    incentive: Posting | None  # the completed incentive exchange that puts the teacher first
    evaluation: Evaluation | None  # of the school year before
    rank: int
    group_rank: int
    reason: Notice

    def to_dict(self) -> dict[str, Any]:
        e, p = self.evaluation, self.incentive
        return {
            "rank": self.rank, "group": "incentive" if p else "other", "group_rank": self.group_rank,
            "teacher_id": self.teacher_id, "name": self.name, "school_id": self.school_id,
            "incentive_posting_id": p.record_id if p else None,
            "incentive_ended_on": json_native(p.ended_on) if p else None,
            "evaluation_id": e.record_id if e else None, "grade": e.grade.value if e else None,
            "score": json_native(e.score) if e else None, "clause": self.reason.clause,
            "reason": self.reason.message, "reason_code": self.reason.msg.code,
            "reason_params": self.reason.msg.wire_params(),
        }


@dataclass(frozen=True)
class TitlePriority:
    school_year: int
    evaluation_year: int
    school_id: str | None
    profile: ProfileInForce
    rows: tuple[PriorityRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"school_year": self.school_year, "evaluation_year": self.evaluation_year,
                "school_id": self.school_id, "profile": self.profile.to_dict(),
                "incentive": sum(1 for r in self.rows if r.incentive), "applicants": len(self.rows),
                "rows": [r.to_dict() for r in self.rows]}


def completed_incentive(dossier: Dossier, by: Any) -> Posting | None:
    """The teacher's latest incentive exchange completed by a date (R-INCENTIVE-PRIORITY)."""
    done = [p for p in dossier.postings() if p.kind is PostingKind.INCENTIVE_EXCHANGE and p.ended_on is not None
            and p.ended_on <= by and completed_term(p, dossier) is not None]
    return done[-1] if done else None


def priority_key(row: tuple[Dossier, Posting | None, Evaluation | None]) -> tuple[Any, ...]:
    d, incentive, e = row
    evaluated = (e.score is None, -(e.score or 0), GRADE_ORDER[e.grade]) if e else (True, 0, len(GRADE_ORDER))
    return (incentive is None, e is None, *evaluated, d.profile.teacher_id)


def title_priority(dossiers: Iterable[Dossier], school_year: int, in_force: ProfileInForce, *,
                   school_id: str | None = None, applicants: frozenset[str] | None = None) -> TitlePriority:
    ref = planning_reference_date(school_year)
    found = []
    for d in dossiers:
        tid = d.profile.teacher_id
        if applicants is not None and tid not in applicants:
            continue
        if d.departure is not None and d.departure.departed_on <= ref:
            continue
        if school_id is not None and d.home_on(ref).school_id != school_id:
            continue
        evaluation = next((e for e in d.evaluations() if e.school_year == school_year - 1), None)
        found.append((d, completed_incentive(d, ref), evaluation))
    found.sort(key=priority_key)
    rows, in_group = [], {True: 0, False: 0}
    for i, (d, incentive, evaluation) in enumerate(found):
        in_group[incentive is not None] += 1
        graded = (Message("priority.evaluated", evaluation=evaluation.record_id, grade=evaluation.grade,
                          score=evaluation.score if evaluation.score is not None else Message("word.none"))
                  if evaluation else Message("priority.not_evaluated", year=school_year - 1))
        why = (Message("priority.incentive", posting=incentive.record_id, ended=incentive.ended_on, evaluated=graded)
               if incentive else Message("priority.other", evaluated=graded))
        rows.append(PriorityRow(d.profile.teacher_id, d.profile.name, d.home_on(ref).school_id, incentive, evaluation,
                                i + 1, in_group[incentive is not None], Notice("R-INCENTIVE-PRIORITY", why)))
    return TitlePriority(school_year, school_year - 1, school_id, in_force, tuple(rows))
