"""Drafting the programme behind one interface (R-PROG-PLAN, R-PROG-SOURCES, R-PROG-NEEDS).

A ``Problem`` is everything a strategy may use, already reduced to plain values: the candidates
with their facts, the receiving schools' needs, each candidate's eligible needs after the hard pair
rules (``checks.eligible_needs``), group caps, and the pins set by hand. A ``Strategy`` turns a
problem into a ``Draft``: assignments with kind, term and reasons (clause ids with numbers), every
``must`` left unplaced and every need left unmet with why. The draft is stored in its event and
never recomputed on replay; ``checks.violations`` verifies any draft against the hard rules, so an
optimiser added later (issue 18) is held to the same rules as ``Greedy``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ledger.domain.enums import SchoolLevel
from ledger.domain.messages import Message
from ledger.domain.policy.eligibility import DueStatus
from ledger.domain.programme import checks

DUE_ORDER = {"must": 0, "should": 1, "applied": 2}  # R-ORDER: must first, then should


@dataclass(frozen=True)
class Need:
    need_id: str
    school_id: str
    subject: str
    level: str
    posts: int
    priority: int = 0  # R-PROG-NEEDS: weak, rural, village and teaching-point schools first (lower first)


@dataclass(frozen=True)
class Candidate:
    teacher_id: str
    home_school: str
    subject: str
    level: str
    due: str  # "must", "should" or "applied"
    kind: str = "regular_rotation"
    rank: int = 0  # position within its due status (R-ORDER)
    principal: bool = False
    exempt: bool = False
    preferred: tuple[str, ...] = ()  # schools an application ranks


@dataclass(frozen=True)
class Pin:
    teacher_id: str
    need_id: str
    reason: str = ""


@dataclass(frozen=True)
class Problem:
    candidates: tuple[Candidate, ...]
    needs: tuple[Need, ...]
    levels: Mapping[str, frozenset[str]]  # school → levels it serves (nine-year: primary and junior)
    terms: Mapping[str, int]  # kind → default term in years (RULES §2)
    group_caps: Mapping[str, int] = field(default_factory=dict)  # e.g. "incentive:<school>" → 1
    pins: tuple[Pin, ...] = ()

    def eligible(self, c: Candidate) -> tuple[Need, ...]:
        """Needs ``c`` may fill after the hard pair rules (R-PROG-LEVEL, not the home school)."""
        return checks.eligible_needs(c, self.needs, self.levels)


@dataclass(frozen=True)
class Assignment:
    teacher_id: str
    need_id: str
    school_id: str
    kind: str
    term_years: int
    reasons: tuple[Reason, ...]
    pinned: bool = False


@dataclass(frozen=True)
class Reason:
    """Why an assignment is made: a clause and a catalogue message with its numbers."""

    clause: str
    detail: Message


@dataclass(frozen=True)
class Unplaced:
    teacher_id: str
    clause: str
    why: Message


@dataclass(frozen=True)
class Unmet:
    need_id: str
    missing: int
    why: Message


@dataclass(frozen=True)
class Draft:
    strategy: str
    assignments: tuple[Assignment, ...]
    unplaced: tuple[Unplaced, ...] = ()
    unmet: tuple[Unmet, ...] = ()


class Strategy(Protocol):
    def draft(self, problem: Problem) -> Draft: ...


def due_of(c: Candidate) -> DueStatus | str:
    """A candidate's due status by its label (an applicant, not due, keeps its source's name)."""
    return DueStatus(c.due) if c.due in DueStatus._value2member_map_ else c.due


class Greedy:
    """Pins first, then candidates in R-ORDER, each to the neediest eligible need (its application's
    preferred schools first), keeping every hard rule."""

    name = "greedy"

    def draft(self, problem: Problem) -> Draft:
        left = {n.need_id: n.posts for n in problem.needs}
        by_id = {n.need_id: n for n in problem.needs}
        groups: dict[str, int] = {}
        out: list[Assignment] = []
        placed: set[str] = set()
        cands = {c.teacher_id: c for c in problem.candidates}
        for pin in problem.pins:
            c, n = cands[pin.teacher_id], by_id[pin.need_id]
            pinned = Reason("R-PROG-PLAN", Message("programme.reason_pinned", reason=pin.reason))
            out.append(self._assign(problem, c, n, (pinned,), True))
            left[n.need_id] -= 1
            placed.add(c.teacher_id)
            g = checks.group_of(c, n)
            if g:
                groups[g] = groups.get(g, 0) + 1
        unplaced: list[Unplaced] = []
        order = sorted(problem.candidates, key=lambda c: (DUE_ORDER.get(c.due, 9), c.rank, c.teacher_id))
        for c in order:
            if c.teacher_id in placed:
                continue
            if c.exempt:
                if c.due == "must":
                    unplaced.append(Unplaced(c.teacher_id, "R-POST-EXEMPT", Message("programme.why_exempt")))
                continue
            options = [n for n in problem.eligible(c) if left[n.need_id] > 0
                       and checks.fits_group(c, n, groups, problem.group_caps)]
            if not options:
                if c.due == "must":
                    unplaced.append(Unplaced(c.teacher_id, "R-PROG-NEEDS", Message(
                        "programme.why_no_need", subject=c.subject, level=SchoolLevel(c.level))))
                continue
            pref = {s: i for i, s in enumerate(c.preferred)}
            best = min(options, key=lambda n: (pref.get(n.school_id, len(pref)), n.priority,
                                               -left[n.need_id], n.need_id))
            reasons = (Reason("R-ORDER", Message("programme.reason_order", due=due_of(c), rank=c.rank)),
                       Reason("R-PROG-NEEDS", Message("programme.reason_need", school=best.school_id,
                                                      left=left[best.need_id], posts=best.posts)))
            out.append(self._assign(problem, c, best, reasons, False))
            left[best.need_id] -= 1
            placed.add(c.teacher_id)
            g = checks.group_of(c, best)
            if g:
                groups[g] = groups.get(g, 0) + 1
        unmet = tuple(Unmet(n.need_id, left[n.need_id], Message("programme.why_no_candidate"))
                      for n in problem.needs if left[n.need_id] > 0)
        return Draft(self.name, tuple(out), tuple(unplaced), unmet)

    @staticmethod
    def _assign(problem: Problem, c: Candidate, n: Need, reasons: tuple[Reason, ...],
                pinned: bool) -> Assignment:
        return Assignment(c.teacher_id, n.need_id, n.school_id, c.kind, problem.terms.get(c.kind, 1),
                          reasons, pinned)


STRATEGIES: dict[str, Strategy] = {"greedy": Greedy()}
