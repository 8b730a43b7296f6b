"""The ``Programme`` aggregate: one school year's rotation programme, every step an event with the
usual envelope (actor, reason, clauses, document). Stages follow ``lifecycle.TRANSITIONS``; the
dates rules compare are the recorded day in China Standard Time (``china_today`` of the envelope's
recorded time). A draft is stored in its event as it was computed: replay never recomputes it.
Each step is idempotent by its key: a repeat with the same inputs replays, other inputs conflict.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.domain import Aggregate

from ledger.domain.base import LedgerAggregate, Meta, Notice, Outcome, aggregate_id, checked, envelope
from ledger.domain.dates import china_today
from ledger.domain.errors import ConflictError
from ledger.domain.messages import Message
from ledger.domain.messages.stored import store
from ledger.domain.programme import rules
from ledger.domain.programme.drafting import Draft
from ledger.domain.programme.lifecycle import TRANSITIONS, Stage, Step, advance

RECORD = "programme"


def programme_uuid(programme_id: str) -> Any:
    return aggregate_id(RECORD, programme_id)


def draft_to_dict(draft: Draft) -> dict[str, Any]:
    """The draft as its event stores it: plain JSON, each reason's message in its stored form."""
    return dataclasses.asdict(draft, dict_factory=lambda items: {
        k: store(v) if isinstance(v, Message) else v for k, v in items})


class Programme(LedgerAggregate):
    class Opened(LedgerAggregate.Event, Aggregate.Created):
        programme_id: str
        school_year: int
        KEY = "open"

    class NeedsRecorded(LedgerAggregate.Event):
        batch_id: str
        needs: list[dict[str, Any]]
        KEY = "needs:{batch_id}"

    class CandidatesGathered(LedgerAggregate.Event):
        batch_id: str
        candidates: list[dict[str, Any]]
        KEY = "candidates:{batch_id}"

    class Drafted(LedgerAggregate.Event):
        draft_id: str
        draft: dict[str, Any]
        KEY = "draft:{draft_id}"

    class Adjusted(LedgerAggregate.Event):
        adjustment_id: str
        action: str  # "pin", "change" or "withdraw"
        assignment: dict[str, Any]
        notices: list[dict[str, Any]]
        DERIVED: ClassVar[tuple[str, ...]] = ("notices",)
        KEY = "adjustment:{adjustment_id}"

    class Submitted(LedgerAggregate.Event):
        KEY = "submit"

    class Approved(LedgerAggregate.Event):
        office: str
        document_number: str
        KEY = "approve"

    class NoticePublished(LedgerAggregate.Event):
        published_on: str
        last_day: str
        KEY = "notice"

    class ObjectionRaised(LedgerAggregate.Event):
        objection_id: str
        teacher_id: str
        raised_by: str
        KEY = "objection:{objection_id}"

    class ObjectionResolved(LedgerAggregate.Event):
        objection_id: str
        upheld: bool
        KEY = "resolution:{objection_id}"

    class Enacted(LedgerAggregate.Event):
        enacted_on: str
        late_principals: list[str]
        KEY = "enact"

    class Filed(LedgerAggregate.Event):
        filed_on: str
        KEY = "file"

    def __init__(self) -> None:
        super().__init__()
        self.programme_id = ""
        self.school_year = 0
        self.stage = Stage.OPENED
        self.needs: list[dict[str, Any]] = []
        self.candidates: list[dict[str, Any]] = []
        self.draft: dict[str, Any] | None = None
        self.approval: tuple[str, str] | None = None
        self.notice: tuple[date, date] | None = None
        self.objections: dict[str, dict[str, Any]] = {}
        self.enacted_on: date | None = None
        self.late_principals: list[str] = []
        self.filed_on: date | None = None

    @property
    def open_objections(self) -> int:
        return sum(1 for o in self.objections.values() if o["upheld"] is None)

    # ------------------------------------------------------------------ state
    @singledispatchmethod
    def when(self, event: LedgerAggregate.Event) -> None:
        """Assigns the state an event carries."""

    @when.register
    def _(self, e: Programme.Opened) -> None:
        self.programme_id, self.school_year = e.programme_id, e.school_year

    @when.register
    def _(self, e: Programme.NeedsRecorded) -> None:
        self.needs.extend(e.needs)
        self.stage = Stage.GATHERING

    @when.register
    def _(self, e: Programme.CandidatesGathered) -> None:
        self.candidates.extend(e.candidates)
        self.stage = Stage.GATHERING

    @when.register
    def _(self, e: Programme.Drafted) -> None:
        self.draft, self.stage = e.draft, Stage.DRAFTED

    @when.register
    def _(self, e: Programme.Adjusted) -> None:
        assert self.draft is not None
        self.draft["assignments"] = adjusted(self.draft["assignments"], e.action, e.assignment)

    @when.register
    def _(self, e: Programme.Submitted) -> None:
        self.stage = Stage.SUBMITTED

    @when.register
    def _(self, e: Programme.Approved) -> None:
        self.approval, self.stage = (e.office, e.document_number), Stage.APPROVED

    @when.register
    def _(self, e: Programme.NoticePublished) -> None:
        self.notice = (date.fromisoformat(e.published_on), date.fromisoformat(e.last_day))
        self.stage = Stage.NOTICED

    @when.register
    def _(self, e: Programme.ObjectionRaised) -> None:
        self.objections[e.objection_id] = {"teacher_id": e.teacher_id, "raised_by": e.raised_by, "upheld": None}

    @when.register
    def _(self, e: Programme.ObjectionResolved) -> None:
        self.objections[e.objection_id]["upheld"] = e.upheld
        if e.upheld and self.draft is not None:  # R-PROG-NOTICE: an upheld objection withdraws the assignment
            teacher = self.objections[e.objection_id]["teacher_id"]
            self.draft["assignments"] = adjusted(self.draft["assignments"], "withdraw", {"teacher_id": teacher})

    @when.register
    def _(self, e: Programme.Enacted) -> None:
        self.enacted_on, self.late_principals = date.fromisoformat(e.enacted_on), list(e.late_principals)
        self.stage = Stage.IN_EFFECT

    @when.register
    def _(self, e: Programme.Filed) -> None:
        self.filed_on, self.stage = date.fromisoformat(e.filed_on), Stage.FILED

    # ------------------------------------------------------------------ steps
    @classmethod
    def open(cls, programme_id: str, school_year: int, meta: Meta) -> Programme:
        meta = checked(meta).with_clauses("R-PROG-PLAN")
        return cls._create(cls.Opened, id=programme_uuid(programme_id), timestamp=meta.recorded_at,
                           **envelope(meta, china_today(meta.recorded_at)),
                           programme_id=programme_id, school_year=school_year)

    def _step(self, step: Step, event: type[LedgerAggregate.Event], meta: Meta, **fields: Any) -> Outcome:
        meta = checked(meta)
        today = china_today(meta.recorded_at)
        key = event.KEY.format_map(fields)
        known = self.previous_command(event, key, meta, today, fields, (RECORD, self.programme_id),
                                      effective_date_given=False, implied_clauses=frozenset({_clause(step)}))
        if known is not None:
            return known
        advance(self.stage, step, self.programme_id)
        self.emit(event, meta.with_clauses(_clause(step)), today, **fields)
        return Outcome(RECORD, self.programme_id, self.version)

    def record_needs(self, batch_id: str, needs: list[dict[str, Any]], meta: Meta) -> Outcome:
        return self._step(Step.RECORD_NEEDS, self.NeedsRecorded, meta, batch_id=batch_id, needs=needs)

    def gather_candidates(self, batch_id: str, candidates: list[dict[str, Any]], meta: Meta) -> Outcome:
        return self._step(Step.GATHER_CANDIDATES, self.CandidatesGathered, meta, batch_id=batch_id,
                          candidates=candidates)

    def record_draft(self, draft_id: str, draft: Draft, meta: Meta) -> Outcome:
        return self._step(Step.DRAFT, self.Drafted, meta, draft_id=draft_id, draft=draft_to_dict(draft))

    def adjust(self, adjustment_id: str, action: str, assignment: dict[str, Any], incentive_per_school: int,
               meta: Meta) -> Outcome:
        """Pin, change or withdraw one assignment by hand (R-PROG-PLAN). A cap broken by hand succeeds
        with a notice naming its clause (RULES §3: caps never block a person)."""
        if action not in ADJUSTMENTS:
            raise ConflictError("programme.bad_adjustment", clause="R-PROG-PLAN", action=action)
        after = adjusted(list((self.draft or {}).get("assignments", [])), action, assignment)
        notices = [n.stored() for n in self.cap_notices(after, incentive_per_school)]
        outcome = self._step(Step.ADJUST, self.Adjusted, meta, adjustment_id=adjustment_id, action=action,
                             assignment=assignment, notices=notices)
        if outcome.replayed:
            return outcome
        return Outcome(outcome.record_type, outcome.record_id, outcome.version,
                       notices=tuple(Notice.from_stored(n) for n in notices))

    def cap_notices(self, assignments: list[dict[str, Any]], per_school: int) -> list[Notice]:
        """R-PROG-INCENTIVE counted per sending school over the plan's assignments."""
        home = {c["teacher_id"]: c.get("home_school") for c in self.candidates}
        counts: dict[str, int] = {}
        for a in assignments:
            if a.get("kind") == "incentive_exchange" and home.get(a["teacher_id"]):
                counts[home[a["teacher_id"]]] = counts.get(home[a["teacher_id"]], 0) + 1
        return [Notice("R-PROG-INCENTIVE", Message("programme.incentive_cap", school=s, count=n, limit=per_school))
                for s, n in sorted(counts.items()) if n > per_school]

    def submit(self, meta: Meta) -> Outcome:
        return self._step(Step.SUBMIT, self.Submitted, meta)

    def approve(self, office: str, document_number: str, meta: Meta) -> Outcome:
        return self._step(Step.APPROVE, self.Approved, meta, office=office, document_number=document_number)

    def publish_notice(self, notice_days: int, meta: Meta) -> Outcome:
        today = china_today(meta.recorded_at)
        return self._step(Step.PUBLISH_NOTICE, self.NoticePublished, meta, published_on=today.isoformat(),
                          last_day=rules.notice_last_day(today, notice_days).isoformat())

    def raise_objection(self, objection_id: str, teacher_id: str, raised_by: str, meta: Meta) -> Outcome:
        return self._step(Step.RAISE_OBJECTION, self.ObjectionRaised, meta, objection_id=objection_id,
                          teacher_id=teacher_id, raised_by=raised_by)

    def resolve_objection(self, objection_id: str, upheld: bool, meta: Meta) -> Outcome:
        if objection_id not in self.objections:
            raise ConflictError("programme.no_objection", clause="R-PROG-NOTICE", programme=self.programme_id,
                                objection=objection_id)
        return self._step(Step.RESOLVE_OBJECTION, self.ObjectionResolved, meta, objection_id=objection_id,
                          upheld=upheld)

    def enact(self, meta: Meta, principals_placed: list[str], deadline: date) -> Outcome:
        """R-PROG-EFFECT after R-PROG-NOTICE; principals placed after ``deadline`` are reported
        (R-PROG-PRINCIPALS). The postings themselves are recorded on the teachers in the same save."""
        today = china_today(meta.recorded_at)
        if not self.has_recorded("enact") and self.stage is Stage.NOTICED and self.notice is not None:
            rules.check_enactable(self.programme_id, self.notice[1], self.open_objections, today)
        late = sorted(principals_placed) if rules.principal_late(today, deadline) else []
        return self._step(Step.ENACT, self.Enacted, meta, enacted_on=today.isoformat(), late_principals=late)

    def file(self, meta: Meta) -> Outcome:
        return self._step(Step.FILE, self.Filed, meta, filed_on=china_today(meta.recorded_at).isoformat())


ADJUSTMENTS = ("pin", "change", "withdraw")


def adjusted(assignments: list[dict[str, Any]], action: str, assignment: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's assignments after one hand adjustment: a withdrawal drops the teacher's assignment;
    a pin or change replaces it (a pin marks it kept by a re-draft)."""
    kept = [a for a in assignments if a["teacher_id"] != assignment["teacher_id"]]
    if action == "withdraw":
        return kept
    return [*kept, {**assignment, "pinned": action == "pin" or bool(assignment.get("pinned"))}]


def _clause(step: Step) -> str:
    return TRANSITIONS[step][2]
