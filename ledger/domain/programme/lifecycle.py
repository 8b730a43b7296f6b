"""The programme's steps (R-PROG-PLAN … R-PROG-FILE) and which step may follow which.

A refused transition is a ``RuleViolation`` naming the clause that orders the steps (409)."""

from __future__ import annotations

from enum import StrEnum

from ledger.domain.errors import RuleViolation


class Stage(StrEnum):
    OPENED = "opened"
    GATHERING = "gathering"  # needs, candidates and applications recorded (R-PROG-SOURCES, R-PROG-NEEDS)
    DRAFTED = "drafted"
    SUBMITTED = "submitted"
    APPROVED = "approved"  # R-PROG-APPROVE
    NOTICED = "noticed"  # R-PROG-NOTICE
    IN_EFFECT = "in_effect"  # R-PROG-EFFECT
    FILED = "filed"  # R-PROG-FILE


class Step(StrEnum):
    RECORD_NEEDS = "record_needs"
    GATHER_CANDIDATES = "gather_candidates"
    DRAFT = "draft"
    ADJUST = "adjust"
    SUBMIT = "submit"
    APPROVE = "approve"
    PUBLISH_NOTICE = "publish_notice"
    RAISE_OBJECTION = "raise_objection"
    RESOLVE_OBJECTION = "resolve_objection"
    ENACT = "enact"
    FILE = "file"


# step → (stages it may be taken from, stage it leaves the programme in, clause that orders it)
TRANSITIONS: dict[Step, tuple[frozenset[Stage], Stage | None, str]] = {
    Step.RECORD_NEEDS: (frozenset({Stage.OPENED, Stage.GATHERING, Stage.DRAFTED}), Stage.GATHERING, "R-PROG-NEEDS"),
    Step.GATHER_CANDIDATES: (frozenset({Stage.OPENED, Stage.GATHERING, Stage.DRAFTED}), Stage.GATHERING, "R-PROG-SOURCES"),
    Step.DRAFT: (frozenset({Stage.GATHERING, Stage.DRAFTED}), Stage.DRAFTED, "R-PROG-PLAN"),
    Step.ADJUST: (frozenset({Stage.DRAFTED}), None, "R-PROG-PLAN"),
    Step.SUBMIT: (frozenset({Stage.DRAFTED}), Stage.SUBMITTED, "R-PROG-APPROVE"),
    Step.APPROVE: (frozenset({Stage.SUBMITTED}), Stage.APPROVED, "R-PROG-APPROVE"),
    Step.PUBLISH_NOTICE: (frozenset({Stage.APPROVED}), Stage.NOTICED, "R-PROG-NOTICE"),
    Step.RAISE_OBJECTION: (frozenset({Stage.NOTICED}), None, "R-PROG-NOTICE"),
    Step.RESOLVE_OBJECTION: (frozenset({Stage.NOTICED}), None, "R-PROG-NOTICE"),
    Step.ENACT: (frozenset({Stage.NOTICED}), Stage.IN_EFFECT, "R-PROG-EFFECT"),
    Step.FILE: (frozenset({Stage.IN_EFFECT}), Stage.FILED, "R-PROG-FILE"),
}


def advance(stage: Stage, step: Step, programme: str) -> Stage:
    """The stage after ``step`` from ``stage``; refused with the ordering clause otherwise."""
    allowed, after, clause = TRANSITIONS[step]
    if stage not in allowed:
        raise RuleViolation(clause, "programme.step_refused", programme=programme, step=step.value,
                            stage=stage.value, rule=clause)
    return after or stage
