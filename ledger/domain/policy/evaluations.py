"""Annual evaluations ranked within the school that evaluated them (年度量化考核排名), and what is
"below the middle" (中游以下).

- **Ranking** (seed 001:371 "按照其年度量化考核择优"): the evaluations a school recorded for a school
  year — its own staff and the teachers it hosts, who are evaluated by the host (R-POST-EVAL) — by
  score, highest first. The tie-break is stated: equal scores go by grade, better first, then by
  teacher id; ``tied`` marks a row whose place a tie-break decided. Evaluations without a score
  are not ranked (``rank`` None) and follow, by grade, then teacher id. R-PROG-SUPERVISORY's bottom
  share and R-INCENTIVE-PRIORITY read this order.
- **Below the middle** (R-POST-SUPERVISORY, the profile's ``below_middle_rule``): ``grades`` — the
  grade is one of ``below_middle_grades``; ``median_score`` — the score is below the median score
  of the school's ranked evaluations that year (an evaluation without a score, or a school with no
  scores, is judged by grade).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledger.domain.base import json_native
from ledger.domain.dossier import Dossier
from ledger.domain.enums import BelowMiddle, EvaluationGrade
from ledger.domain.messages import Message
from ledger.domain.policy.profile import ProfileInForce
from ledger.domain.records import Evaluation

GRADE_ORDER = {grade: i for i, grade in enumerate(EvaluationGrade)}  # best first
TIE_BREAK = Message("ranking.tie_break")


@dataclass(frozen=True, slots=True)
class RankedEvaluation:
    teacher_id: str
    name: str
    evaluation: Evaluation
    rank: int | None  # 1 is the best; None: no score, not ranked
    tied: bool  # shares its score with another ranked evaluation: the tie-break placed it
    below_middle: bool

    def to_dict(self) -> dict[str, Any]:
        e = self.evaluation
        return {
            **json_native({"teacher_id": self.teacher_id, "name": self.name, "evaluation_id": e.record_id,
                           "grade": e.grade, "score": e.score}),
            "grade_zh": e.grade.zh, "rank": self.rank, "tied": self.tied, "below_middle": self.below_middle,
        }


@dataclass(frozen=True)
class SchoolRanking:
    school_id: str
    school_year: int
    profile: ProfileInForce
    median: Decimal | None  # of the ranked scores; None without any
    rows: tuple[RankedEvaluation, ...]  # ranked first, in rank order; then those without a score

    @property
    def ranked(self) -> tuple[RankedEvaluation, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    def row(self, evaluation_id: str) -> RankedEvaluation | None:
        return next((r for r in self.rows if r.evaluation.record_id == evaluation_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "school_id": self.school_id, "school_year": self.school_year, "evaluated": len(self.rows),
            "ranked": len(self.ranked), "median": json_native(self.median),
            "below_middle_rule": self.profile.profile.below_middle_rule.value, "profile": self.profile.to_dict(),
            "tie_break": TIE_BREAK.render(), "tie_break_code": TIE_BREAK.code,
            "rows": [r.to_dict() for r in self.rows],
        }


def rank_key(teacher_id: str, e: Evaluation) -> tuple[Any, ...]:
    """The stated order: score (highest first; none last), grade (best first), teacher id."""
    return (e.score is None, -(e.score or 0), GRADE_ORDER[e.grade], teacher_id)


def median_score(scores: list[Decimal]) -> Decimal | None:
    """The median of some scores (the mean of the two middle ones for an even count)."""
    if not scores:
        return None
    ordered = sorted(scores)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def is_below_middle(e: Evaluation, median: Decimal | None, rule: BelowMiddle,
                    grades: tuple[EvaluationGrade, ...]) -> bool:
    """R-POST-SUPERVISORY: whether an evaluation is below the middle under the profile's rule
    (``below_middle_rule``, ``below_middle_grades``)."""
    if rule is BelowMiddle.MEDIAN_SCORE and e.score is not None and median is not None:
        return e.score < median
    return e.grade in grades


def rank_school(school_id: str, school_year: int, found: Iterable[tuple[str, str, Evaluation]],
                in_force: ProfileInForce) -> SchoolRanking:
    """One school's evaluations of a school year, ranked; ``found``: (teacher id, name, evaluation)."""
    profile = in_force.profile
    ordered = sorted(found, key=lambda f: rank_key(f[0], f[2]))
    scores = [e.score for _, _, e in ordered if e.score is not None]
    median = median_score(scores)
    counted: dict[Decimal, int] = defaultdict(int)
    for s in scores:
        counted[s] += 1
    rows = []
    for i, (tid, name, e) in enumerate(ordered):
        scored = e.score is not None
        rows.append(RankedEvaluation(tid, name, e, i + 1 if scored else None,
                                     scored and counted[e.score] > 1,  # type: ignore[index]
                                     is_below_middle(e, median, profile.below_middle_rule,
                                                     profile.below_middle_grades)))
    return SchoolRanking(school_id, school_year, in_force, median, tuple(rows))


def evaluations_by_school(dossiers: Iterable[Dossier], school_year: int,
                          school_id: str | None = None) -> dict[str, list[tuple[str, str, Evaluation]]]:
    """Every (live) evaluation of a school year, by the school that evaluated it (one pass)."""
    found: dict[str, list[tuple[str, str, Evaluation]]] = defaultdict(list)
    for d in dossiers:
        for e in d.evaluations():
            if e.school_year == school_year and (school_id is None or e.school_id == school_id):
                found[e.school_id].append((d.profile.teacher_id, d.profile.name, e))
    return found


def school_rankings(dossiers: Iterable[Dossier], school_year: int, in_force: ProfileInForce,
                    school_id: str | None = None) -> dict[str, SchoolRanking]:
    """The ranking of every school that evaluated anyone that year (or of ``school_id`` alone)."""
    found = evaluations_by_school(dossiers, school_year, school_id)
    if school_id is not None:
        found.setdefault(school_id, [])
    return {s: rank_school(s, school_year, rows, in_force) for s, rows in found.items()}
