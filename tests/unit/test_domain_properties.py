"""Property-based tests of the domain: random sequences of commands — valid, invalid and absurd —
on two teachers never break an invariant. Every refused command is a typed error and records
nothing; every accepted one records exactly one event and is answered as a repeat when sent again.

Invariants checked after every step, independently of the domain's own checks: R-POST-ONE (no two
live postings overlap), R-POST-HOST (no posting at the home school), one live departure, a record
voided at most once (a second void is refused), records never disappear; and the dossier passes
the named rule checks that hold at all times.
"""

from __future__ import annotations

from datetime import datetime, timezone
from itertools import combinations
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ledger.app import RotationLedger
from ledger.domain.commands import (
    AmendRecord, Command, EndExemption, EndPosting, ExtendPosting, GrantAward, GrantExemption, RecordDeparture,
    RecordEvaluation, RecordPosting, RecordReportingFailure, ReportForDuty, VoidRecord,
)
from ledger.domain.errors import ConflictError, LedgerError
from ledger.domain.dossier import (
    check_exemption_person,
    check_host_not_home,
    check_one_posting,
    check_project_total,
    check_single_departure,
    check_supervisory_term,
)
from ledger.domain.records import Departure, Exemption, Posting
from tests.conftest import FakeClock
from tests.support import BY, seed_schools, teacher
from ledger.domain.commands import GrantAward, RecordPosting, VoidRecord

TEACHERS = ("T-F", "T-M")
SCHOOLS = ("S-URBAN", "S-TOWN", "S-VILLAGE", "S-POINT", "S-URBAN2", "S-NOWHERE")
POSTINGS = tuple(f"P-{n}" for n in range(4))
RECORDS = (*POSTINGS, "X-0", "X-1", "A-0", "A-1", "V-0", "initial-title", "C-0", "C-1", "C-2", "D-0", "NOPE")
VALID_DAYS = tuple(f"{y}-{m}" for y in (2015, 2018, 2019, 2020, 2021, 2023, 2026)
                   for m in ("01-01", "06-30", "09-01", "12-31"))
ABSURD_DAYS = ("0001-01-01", "9999-12-31", "2020-02-30", "2021-13-01", "someday", "")
KINDS = ("regular_rotation", "support_teaching", "itinerant", "competitive_appointment", "supervisory_exchange",
         "secondment", "teleportation")
CATEGORIES = ("pregnancy", "child_under_3", "family_misfortune", "signature_project", "illness", "whim")

# mostly sensible input (so that commands get far enough to meet the rules), sometimes nonsense
days = st.sampled_from(VALID_DAYS * 4 + ABSURD_DAYS)
maybe_days = st.one_of(st.none(), days)
teachers = st.sampled_from(TEACHERS)
hosts = st.one_of(st.sampled_from([["S-VILLAGE"], ["S-POINT"], ["S-VILLAGE", "S-POINT"]] * 3),
                  st.lists(st.sampled_from(SCHOOLS), min_size=0, max_size=3))


# The named rule checks that hold for the whole dossier at all times. R-POST-REPORT's consequences are
# checked only when their record is written: a failure to report recorded after a title, evaluation or
# honour of the same school year leaves that record as it was.
STANDING_CHECKS: dict[type, tuple[Any, ...]] = {
    Posting: (check_host_not_home, check_one_posting, check_supervisory_term),
    Exemption: (check_exemption_person, check_project_total),
    Departure: (check_single_departure,),
}


class Ledger(RuleBasedStateMachine):
    """Two teachers (a woman at S-URBAN, a man at S-TOWN) and whatever the commands make of them."""

    @initialize()
    def start(self) -> None:
        self.app = RotationLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                                  clock=FakeClock(datetime(2026, 9, 1, 2, 0, tzinfo=timezone.utc)))
        seed_schools(self.app)
        teacher(self.app, "T-F", gender="female")
        teacher(self.app, "T-M", name="王强", gender="male", home_school_id="S-TOWN")
        self.seen: dict[str, set[str]] = {t: set(self.dossier(t).records) for t in TEACHERS}

    def teardown(self) -> None:
        if hasattr(self, "app"):
            self.app.close()

    def dossier(self, teacher_id: str) -> Any:
        return self.app.get_teacher(teacher_id).dossier

    def attempt(self, cls: type[Command], teacher_id: str, **command: Any) -> bool:
        """Runs a command: refused → a typed error and nothing recorded; accepted → one event, and
        the same command again is answered as a repeat of it. Returns whether it was accepted."""
        head = self.app.recorder.max_notification_id()
        version = self.app.get_teacher(teacher_id).version
        method = cls.__name__
        try:
            result = self.app.execute(teacher_id, cls(**command), by=BY)
        except LedgerError as error:
            event(f"{method}: refused ({type(error).__name__})")
            assert self.app.recorder.max_notification_id() == head
            assert self.app.get_teacher(teacher_id).version == version
            return False
        event(f"{method}: accepted")
        recorded = self.app.recorder.max_notification_id()
        assert recorded == head if result.replayed else recorded > head
        again = self.app.execute(teacher_id, cls(**command), by=BY)
        assert again.replayed and again.event_id == result.event_id
        assert self.app.recorder.max_notification_id() == recorded
        return True

    # ---------------------------------------------------------------- commands
    @rule(t=teachers, p=st.sampled_from(POSTINGS), kind=st.sampled_from(KINDS),
          hosts=hosts, start=days, end=maybe_days,
          transfer=st.booleans(), override=st.sampled_from([None, "", "县教育局批准 approved by the bureau"]))
    def record_posting(self, t, p, kind, hosts, start, end, transfer, override) -> None:
        self.attempt(RecordPosting, t, posting_id=p, kind=kind, host_school_ids=hosts, start_date=start,
                     planned_end_date=end, transfers_personnel_relation=transfer, override_exemption_reason=override)

    @rule(t=teachers, p=st.sampled_from(POSTINGS), day=days)
    def report_for_duty(self, t, p, day) -> None:
        self.attempt(ReportForDuty, t, posting_id=p, reported_on=day)

    @rule(t=teachers, p=st.sampled_from(POSTINGS), day=days, absent=st.integers(min_value=-3, max_value=40))
    def fail_to_report(self, t, p, day, absent) -> None:
        self.attempt(RecordReportingFailure, t, posting_id=p, failed_on=day, days_absent=absent)

    @rule(t=teachers, p=st.sampled_from(POSTINGS), end=days, effective=maybe_days)
    def extend_posting(self, t, p, end, effective) -> None:
        self.attempt(ExtendPosting, t, posting_id=p, new_end_date=end, effective_date=effective)

    @rule(t=teachers, p=st.sampled_from(POSTINGS), day=days, early=st.booleans())
    def end_posting(self, t, p, day, early) -> None:
        self.attempt(EndPosting, t, posting_id=p, ended_on=day, early=early)

    @rule(t=teachers, x=st.sampled_from(("X-0", "X-1")), category=st.sampled_from(CATEGORIES), start=days,
          end=maybe_days, born=maybe_days)
    def grant_exemption(self, t, x, category, start, end, born) -> None:
        self.attempt(GrantExemption, t, exemption_id=x, category=category, start_date=start, end_date=end,
                     child_birth_date=born, evidence_ref="县医院证明 hospital certificate")

    @rule(t=teachers, x=st.sampled_from(("X-0", "X-1")), day=days)
    def end_exemption(self, t, x, day) -> None:
        self.attempt(EndExemption, t, exemption_id=x, ended_on=day)

    @rule(t=teachers, a=st.sampled_from(("A-0", "A-1")), kind=st.sampled_from(("honour", "subsidy", "grade_step")),
          day=days, p=st.sampled_from((None, *POSTINGS)), amount=st.sampled_from((None, "20000.00", "-5", "abc")))
    def grant_award(self, t, a, kind, day, p, amount) -> None:
        self.attempt(GrantAward, t, award_id=a, kind=kind, awarded_on=day, posting_id=p, amount_cny=amount)

    @rule(t=teachers, year=st.integers(min_value=2014, max_value=2027),
          grade=st.sampled_from(("excellent", "qualified", "unqualified", "superb")), school=st.sampled_from(SCHOOLS))
    def record_evaluation(self, t, year, grade, school) -> None:
        self.attempt(RecordEvaluation, t, evaluation_id=f"V-{year % 2}", school_year=year, grade=grade,
                     school_id=school)

    # a departure ends the story, so most attempts name a kind that does not exist
    @rule(t=teachers, day=days, kind=st.sampled_from(("retired", "resigned", *["eloped"] * 6)),
          d=st.sampled_from((None, "D-0", "D-1")))
    def depart(self, t, day, kind, d) -> None:
        self.attempt(RecordDeparture, t, departed_on=day, kind=kind, departure_id=d)

    @rule(t=teachers, c=st.sampled_from(("C-0", "C-1", "C-2")), aim=st.sampled_from(RECORDS))
    def void(self, t, c, aim) -> None:
        record = self.dossier(t).records.get(aim)
        voided_before = record is not None and record.voided
        fresh = c not in self.dossier(t).records
        accepted = self.attempt(VoidRecord, t, correction_id=c, target_id=aim)
        if voided_before and fresh:
            assert not accepted, f"{aim} was voided twice"

    @rule(t=teachers, c=st.sampled_from(("C-0", "C-1", "C-2")), aim=st.sampled_from(RECORDS),
          field=st.sampled_from(("start_date", "ended_on", "planned_end_date", "host_school_ids", "awarded_on",
                                 "grade", "record_id")),
          value=st.one_of(days, st.lists(st.sampled_from(SCHOOLS), max_size=2)))
    def amend(self, t, c, aim, field, value) -> None:
        self.attempt(AmendRecord, t, correction_id=c, target_id=aim, changes={field: value})

    # ---------------------------------------------------------------- invariants
    @invariant()
    def every_invariant_holds(self) -> None:
        if not hasattr(self, "app"):
            return
        for t in TEACHERS:
            dossier = self.dossier(t)
            live_postings = dossier.postings()
            for a, b in combinations(live_postings, 2):  # R-POST-ONE
                (a0, a1), (b0, b1) = a.span(), b.span()
                assert (a1 is not None and a1 < b0) or (b1 is not None and b1 < a0), (a.record_id, b.record_id)
            for p in live_postings:  # R-POST-HOST
                assert dossier.home_on(p.start_date, excluding=p.record_id).school_id not in p.host_school_ids
            assert len(dossier.of_type(Departure)) <= 1
            for record in dossier.records.values():
                assert record.voided_by is None or isinstance(record.voided_by, str)
                if isinstance(record, Posting):
                    assert record.home_school_id is not None
            assert self.seen[t] <= set(dossier.records)  # nothing recorded ever disappears
            self.seen[t] = set(dossier.records)
            limits = self.app.limits_on(self.app.today())
            for record in dossier.records.values():
                if not record.voided:
                    for check in STANDING_CHECKS.get(type(record), ()):
                        check(dossier, record, limits)


TestDomainProperties = Ledger.TestCase
TestDomainProperties.settings = settings(max_examples=50, stateful_step_count=40, deadline=None, database=None,
                                         derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def test_a_second_void_of_the_same_record_is_refused(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)
    memory_ledger.execute("T-001", GrantAward(award_id="A-1", kind="honour", awarded_on="2021-06-30"), by=BY)
    memory_ledger.execute("T-001", VoidRecord(correction_id="C-1", target_id="A-1"), by=BY)
    try:
        memory_ledger.execute("T-001", VoidRecord(correction_id="C-2", target_id="A-1"), by=BY)
    except ConflictError:
        pass
    else:
        raise AssertionError("a voided record was voided again")


def test_a_backdated_transfer_cannot_make_an_earlier_posting_a_posting_at_home(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)  # home S-URBAN
    memory_ledger.execute("T-001", RecordPosting(posting_id="P-0", kind="regular_rotation",
                                                 host_school_ids=["S-POINT"], start_date="2016-06-30"), by=BY)
    try:
        memory_ledger.execute("T-001", RecordPosting(posting_id="P-1", kind="competitive_appointment",
                                                     host_school_ids=["S-POINT"], start_date="2016-01-01",
                                                     transfers_personnel_relation=True), by=BY)
    except LedgerError:
        return  # refused: the invariant holds
    dossier = memory_ledger.get_teacher("T-001").dossier
    posting = dossier.get("P-0")
    assert dossier.home_on(posting.start_date, excluding="P-0").school_id not in posting.host_school_ids
