"""The hard rules any draft is verified against, as named functions citing their clauses.

``violations(problem, draft)`` lists every (clause, teacher) a draft breaks; a strategy's draft and
every hand adjustment other than a cap set by hand (RULES §3: caps never block a person) must give
none."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ledger.domain.programme.drafting import Candidate, Draft, Need, Problem

NINE_YEAR = "nine_year"


def serves(levels: frozenset[str], level: str) -> bool:
    """R-PROG-LEVEL: a school serves its own levels; a nine-year school serves primary and junior."""
    return level in levels or (NINE_YEAR in levels and level in {"primary", "junior"})


def level_matches(c: Candidate, n: Need, levels: Mapping[str, frozenset[str]]) -> bool:
    """R-PROG-LEVEL: the need's level is the candidate's, or one of the levels the candidate's school
    serves (a nine-year school's teacher may fill a primary or junior need, and a nine-year need
    takes a primary or junior teacher)."""
    if n.level == c.level:
        return True
    return serves(frozenset({n.level}), c.level) or serves(levels.get(c.home_school, frozenset({c.level})), n.level)


def eligible_needs(c: Candidate, needs: Iterable[Need], levels: Mapping[str, frozenset[str]]) -> tuple[Need, ...]:
    """The needs ``c`` may fill: same subject, another school, a matching level (R-PROG-LEVEL)."""
    return tuple(n for n in needs if n.subject == c.subject and n.school_id != c.home_school
                 and level_matches(c, n, levels))


def group_of(c: Candidate, n: Need) -> str | None:
    """R-PROG-INCENTIVE: incentive exchanges are capped per sending school."""
    return f"incentive:{c.home_school}" if c.kind == "incentive_exchange" else None


def fits_group(c: Candidate, n: Need, used: Mapping[str, int], caps: Mapping[str, int]) -> bool:
    g = group_of(c, n)
    return g is None or g not in caps or used.get(g, 0) < caps[g]


def violations(problem: Problem, draft: Draft) -> list[tuple[str, str]]:
    """Every hard rule the draft breaks: R-POST-ONE (one assignment per teacher), R-PROG-NEEDS
    (no need over its posts), R-PROG-LEVEL and subject (eligible needs only), R-POST-EXEMPT (no exempt
    teacher unless pinned), R-PROG-INCENTIVE (group caps)."""
    cands = {c.teacher_id: c for c in problem.candidates}
    needs = {n.need_id: n for n in problem.needs}
    found: list[tuple[str, str]] = []
    per_teacher = Counter(a.teacher_id for a in draft.assignments)
    found += [("R-POST-ONE", t) for t, k in sorted(per_teacher.items()) if k > 1]
    per_need = Counter(a.need_id for a in draft.assignments)
    found += [("R-PROG-NEEDS", n) for n, k in sorted(per_need.items()) if k > needs[n].posts]
    groups: Counter[str] = Counter()
    for a in draft.assignments:
        c, n = cands[a.teacher_id], needs[a.need_id]
        if not a.pinned and n not in eligible_needs(c, (n,), problem.levels):
            found.append(("R-PROG-LEVEL", a.teacher_id))
        if c.exempt and not a.pinned:
            found.append(("R-POST-EXEMPT", a.teacher_id))
        g = group_of(c, n)
        if g:
            groups[g] += 1
    found += [("R-PROG-INCENTIVE", g) for g, k in sorted(groups.items())
              if g in problem.group_caps and k > problem.group_caps[g]]
    return found
