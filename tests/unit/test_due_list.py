"""The due list for school year 2026 (reference date 2026-08-31), clause by clause: the day before
and the day of each threshold, both genders, leap years, every exemption category, tenure resets,
maternity leave, voided and amended postings, refusals. ``DUE_CASES`` is also run on SQLite and
PostgreSQL (tests/integration/test_policy_engine.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from ledger.domain.errors import InvalidInput
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import (
    AmendRecord, EndExemption, EndPosting, GrantExemption, RecordDeparture, RecordReportingFailure, VoidRecord,
)

YEAR = 2026
Step = Callable[[Any, str], Any]


# ----------------------------------------------------------------------------- steps
def post(pid: str = "P", **values: Any) -> Step:
    """A posting ``<tid>-<pid>``; ``{tid}`` in a host id stands for the teacher's id."""
    def step(app: Any, tid: str) -> Any:
        hosts = [h.replace("{tid}", tid) for h in values.get("host_school_ids", ["S-VILLAGE"])]
        return posting(app, tid, posting_id=f"{tid}-{pid}", **{**values, "host_school_ids": hosts})
    return step


def end(on: str, *, early: bool = False, pid: str = "P") -> Step:
    return lambda app, tid: app.execute(tid, EndPosting(posting_id=f"{tid}-{pid}", ended_on=on, early=early), by=BY)


def exempt(category: str, start: str, eid: str = "E", **values: Any) -> Step:
    return lambda app, tid: app.execute(tid, GrantExemption(exemption_id=f"{tid}-{eid}", category=category,
                                                            start_date=start, **values), by=BY)


def end_exemption(on: str, eid: str = "E") -> Step:
    return lambda app, tid: app.execute(tid, EndExemption(exemption_id=f"{tid}-{eid}", ended_on=on), by=BY)


def void(target: str = "P") -> Step:
    return lambda app, tid: app.execute(tid, VoidRecord(correction_id=f"{tid}-V", target_id=f"{tid}-{target}"), by=BY)


def amend(target: str = "P", **changes: Any) -> Step:
    return lambda app, tid: app.execute(tid, AmendRecord(correction_id=f"{tid}-A", target_id=f"{tid}-{target}",
                                                         changes=changes), by=BY)


def fail(on: str, days: int, pid: str = "P") -> Step:
    return lambda app, tid: app.execute(tid, RecordReportingFailure(posting_id=f"{tid}-{pid}", failed_on=on,
                                                                    days_absent=days), by=BY)


def depart(on: str, kind: str = "retired") -> Step:
    return lambda app, tid: app.execute(tid, RecordDeparture(departed_on=on, kind=kind), by=BY)


ROTATION = dict(kind="regular_rotation", host_school_ids=["S-TOWN"], start_date="2020-09-01",
                planned_end_date="2023-08-31")
TRANSFER = dict(kind="competitive_appointment", host_school_ids=["S-TOWN"], start_date="2022-09-01",
                planned_end_date=None, transfers_personnel_relation=True)


@dataclass(frozen=True)
class Case:
    id: str
    register: dict[str, Any]  # overrides of tests.support.teacher: female, born 1985-03-01, S-URBAN since 2015-09-01
    steps: tuple[Step, ...]
    status: str | None  # None: not listed
    clauses: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)


MALE = {"gender": "male"}
PRINCIPAL = {"role": "principal"}
DUE_CASES = [
    # R-T-TENURE: 6 years should, 9 years must; whole years to the day after the reference date
    Case("t-tenure-must-on-the-day", {"at_home_school_since": "2017-09-01"}, (), "must", ["R-T-TENURE"],
         {"tenure_years": 9, "tenure_days": 3287, "tenure_start": "2017-09-01", "eligible": True}),
    Case("t-tenure-must-day-before", {"at_home_school_since": "2017-09-02"}, (), "should", ["R-T-TENURE"],
         {"tenure_years": 8, "tenure_days": 3286}),
    Case("t-tenure-should-on-the-day", {"at_home_school_since": "2020-09-01"}, (), "should", ["R-T-TENURE"],
         {"tenure_years": 6, "tenure_days": 2191}),
    Case("t-tenure-should-day-before", {"at_home_school_since": "2020-09-02"}, (), "not_due", ["R-T-TENURE"],
         {"tenure_years": 5, "tenure_days": 2190, "eligible": False}),
    Case("t-tenure-leap-days-counted", {"at_home_school_since": "2019-09-01", **MALE}, (), "should", ["R-T-TENURE"],
         {"tenure_years": 7, "tenure_days": 2557}),
    # R-P-TENURE: 2 terms of 3 years should, 3 terms must
    Case("p-tenure-should-on-the-day", {**PRINCIPAL, "at_home_school_since": "2020-09-01"}, (), "should",
         ["R-P-TENURE"]),
    Case("p-tenure-should-day-before", {**PRINCIPAL, "at_home_school_since": "2020-09-02"}, (), "not_due",
         ["R-P-TENURE"]),
    Case("p-tenure-must-vice-principal", {"role": "vice_principal", "at_home_school_since": "2017-09-01"}, (),
         "must", ["R-P-TENURE"]),
    # R-T-AGE: age on 31 August of the planning year, men 55, women 50
    Case("t-age-male-on-the-day", {**MALE, "birth_date": "1971-08-31"}, (), "excluded", ["R-T-AGE"],
         {"age": 55, "eligible": False}),
    Case("t-age-male-day-before", {**MALE, "birth_date": "1971-09-01"}, (), "must", ["R-T-TENURE"], {"age": 54}),
    Case("t-age-female-on-the-day", {"birth_date": "1976-08-31"}, (), "excluded", ["R-T-AGE"], {"age": 50}),
    Case("t-age-female-day-before", {"birth_date": "1976-09-01"}, (), "must", ["R-T-TENURE"], {"age": 49}),
    # R-P-RETIRE: less than 5 years to statutory retirement (men 60, women 55)
    Case("p-retire-male-exactly-five-years", {**PRINCIPAL, **MALE, "birth_date": "1971-08-31"}, (), "must",
         ["R-P-TENURE"]),
    Case("p-retire-male-a-day-less", {**PRINCIPAL, **MALE, "birth_date": "1971-08-30"}, (), "excluded",
         ["R-P-RETIRE"]),
    Case("p-retire-female-exactly-five-years", {**PRINCIPAL, "birth_date": "1976-08-31"}, (), "must",
         ["R-P-TENURE"]),
    Case("p-retire-female-a-day-less", {**PRINCIPAL, "birth_date": "1976-08-30"}, (), "excluded", ["R-P-RETIRE"]),
    # every exemption category: those due are deferred, with the exemption named
    Case("ex-illness", {}, (exempt("illness", "2026-03-01", evidence_ref="县医院证明-1"),), "deferred",
         ["R-T-TENURE", "R-EX-ILLNESS"], {"exemption.category": "illness", "exemption.exemption_id": "{tid}-E"}),
    Case("ex-pregnancy", {}, (exempt("pregnancy", "2026-05-01"),), "deferred", ["R-T-TENURE", "R-EX-PREGNANCY"]),
    Case("ex-child", {}, (exempt("child_under_3", "2024-05-01", child_birth_date="2024-05-01"),), "deferred",
         ["R-T-TENURE", "R-EX-CHILD"], {"exemption.last_day": "2027-04-30"}),
    Case("ex-spouse", {**MALE}, (exempt("spouse_care", "2026-01-01"),), "deferred", ["R-T-TENURE", "R-EX-SPOUSE"]),
    Case("ex-family", {**MALE}, (exempt("family_misfortune", "2026-08-31"),), "deferred",
         ["R-T-TENURE", "R-EX-FAMILY"]),
    # R-EX-COUPLE needs the spouse: tests/integration/test_rule_edges.py
    Case("ex-project-at-the-maximum", {}, (exempt("signature_project", "2023-09-02", end_date="2026-08-31"),),
         "deferred", ["R-T-TENURE", "R-EX-PROJECT"]),
    Case("ex-role", {}, (exempt("role_excluded", "2025-09-01"),), "excluded", ["R-EX-ROLE"]),
    Case("ex-starting-after-the-reference-date", {}, (exempt("illness", "2026-09-01", evidence_ref="证明-2"),),
         "must", ["R-T-TENURE"]),
    Case("ex-not-due-stays-not-due", {"at_home_school_since": "2022-09-01"},
         (exempt("illness", "2026-03-01", evidence_ref="证明-3"),), "not_due", ["R-T-TENURE"]),
    # R-EX-CHILD ends on the child's third birthday; ended exemptions stop deferring
    Case("ex-child-third-birthday-on-the-day", {},
         (exempt("child_under_3", "2023-09-01", child_birth_date="2023-08-31"),), "must", ["R-T-TENURE"]),
    Case("ex-child-third-birthday-day-after", {},
         (exempt("child_under_3", "2023-09-01", child_birth_date="2023-09-01"),), "deferred",
         ["R-T-TENURE", "R-EX-CHILD"]),
    Case("ex-ended-the-day-before", {}, (exempt("spouse_care", "2026-01-01"), end_exemption("2026-08-30")),
         "must", ["R-T-TENURE"]),
    Case("ex-ended-on-the-day", {}, (exempt("spouse_care", "2026-01-01"), end_exemption("2026-08-31")),
         "deferred", ["R-T-TENURE", "R-EX-SPOUSE"]),
    # R-TENURE-RESET: a completed posting of a reset kind, or a transfer, restarts tenure
    Case("reset-completed-rotation", {}, (post(**ROTATION), end("2023-08-31")), "not_due",
         ["R-T-TENURE", "R-TENURE-RESET"], {"tenure_start": "2023-09-01", "tenure_days": 1096, "tenure_reset_by": "{tid}-P"}),
    Case("reset-not-by-support-teaching", {}, (post(start_date="2020-09-01"), end("2022-08-31")), "must",
         ["R-T-TENURE"], {"tenure_start": "2015-09-01", "tenure_reset_by": None}),
    Case("reset-not-by-an-early-return", {}, (post(**ROTATION), end("2022-08-31", early=True)), "must",
         ["R-T-TENURE"], {"tenure_start": "2015-09-01"}),
    Case("reset-by-an-early-return-after-the-full-term", {}, (post(**ROTATION), end("2023-08-31", early=True)),
         "not_due", ["R-T-TENURE", "R-TENURE-RESET"], {"tenure_start": "2023-09-01"}),
    Case("reset-by-a-transfer", {}, (post(**TRANSFER),), "not_due", ["R-T-TENURE", "R-TENURE-RESET"],
         {"school_id": "S-TOWN", "tenure_start": "2022-09-01", "tenure_days": 1461}),
    Case("reset-on-the-reference-date", {}, (post(**{**ROTATION, "start_date": "2023-09-01",
                                                    "planned_end_date": "2026-08-31"}), end("2026-08-31")),
         "not_due", ["R-T-TENURE", "R-TENURE-RESET"], {"tenure_years": 0, "tenure_days": 0, "posting": None}),
    # R-MATERNITY: maternity leave during a posting counts towards its term
    Case("maternity-completes-the-term", {},
         (post(**ROTATION), exempt("pregnancy", "2023-03-01", end_date="2023-08-31"), end("2023-02-28", early=True)),
         "not_due", ["R-T-TENURE", "R-TENURE-RESET", "R-MATERNITY"], {"tenure_start": "2023-03-01"}),
    Case("maternity-with-a-gap-does-not", {},
         (post(**ROTATION), exempt("pregnancy", "2023-03-02", end_date="2023-08-31"), end("2023-02-28", early=True)),
         "must", ["R-T-TENURE"], {"tenure_start": "2015-09-01"}),
    # corrections: voided postings have no effect, amended ones count as amended
    Case("voided-rotation-resets-nothing", {}, (post(**ROTATION), end("2023-08-31"), void()), "must", ["R-T-TENURE"],
         {"tenure_start": "2015-09-01"}),
    Case("amended-return-resets-from-the-amended-date", {},
         (post(**ROTATION), end("2023-08-31"), amend(ended_on="2021-08-31", planned_end_date="2021-08-31")),
         "not_due", ["R-T-TENURE", "R-TENURE-RESET"], {"tenure_start": "2021-09-01", "tenure_days": 1826}),
    # R-TENURE-RESET: a return amended to before the planned end is early, whatever flag it carries
    Case("amended-return-before-the-planned-end-is-early", {},
         (post(**ROTATION), end("2023-08-31"), amend(ended_on="2021-08-31")), "must", ["R-T-TENURE"],
         {"tenure_start": "2015-09-01"}),
    # on a posting: running when the year starts, or starting within it (R-POST-ONE)
    Case("on-a-running-posting", {}, (post(start_date="2025-09-01", planned_end_date="2027-08-31"),), "on_posting",
         ["R-POST-ONE"], {"posting.posting_id": "{tid}-P", "eligible": False}),
    Case("posted-within-the-year", {}, (post(start_date="2027-03-01", planned_end_date="2028-02-28"),),
         "on_posting", ["R-POST-ONE"], {"eligible": True}),
    Case("posting-ended-on-the-reference-date", {}, (post(start_date="2025-09-01", planned_end_date="2026-08-31"), end("2026-08-31")), "must",
         ["R-T-TENURE"], {"posting": None}),
    # R-POST-REPORT: a warning marks the school year; beyond the resignation threshold, departed
    Case("report-warning-shows", {}, (post(start_date="2025-09-01", planned_end_date="2026-08-31"), fail("2025-09-12", 8), end("2026-06-30")),
         "must", ["R-T-TENURE", "R-POST-REPORT"],
         {"report_warnings": [{"clause": "R-POST-REPORT", "school_year": 2025, "posting_id": "{tid}-P"}]}),
    Case("report-within-grace-marks-nothing", {}, (post(start_date="2025-09-01", planned_end_date="2026-08-31"), fail("2025-09-08", 7),
                                                    end("2026-06-30")), "must", ["R-T-TENURE"], {"report_warnings": []}),
    Case("report-beyond-resignation-departs", {}, (post(start_date="2026-03-01", planned_end_date="2027-02-28"), fail("2026-03-20", 15)),
         "excluded", ["R-POST-REPORT"], {"departure.kind": "auto_departure"}),
    Case("retired-before-is-not-listed", {}, (depart("2026-07-01"),), None),
    Case("retiring-later-is-listed", {}, (depart("2027-01-01"),), "must", ["R-T-TENURE"]),
]


def build(app: Any, cases: list[Any], prefix: str = "T") -> dict[str, Any]:
    """Registers each case's teacher (``<prefix>-<n>``, with ``case.register``) and runs its
    ``case.steps``; returns the cases by teacher id."""
    built = {}
    for n, case in enumerate(cases):
        tid = f"{prefix}-{n:02d}"
        teacher(app, tid, **case.register)
        for step in case.steps:
            step(app, tid)
        built[tid] = case
    return built


def check(row: dict[str, Any] | None, case: Case, tid: str) -> None:
    if case.status is None:
        assert row is None, case.id
        return
    assert row is not None, case.id
    assert (row["status"], row["clauses"]) == (case.status, case.clauses), case.id
    for path, expected in case.fields.items():
        value: Any = row
        for part in path.split("."):
            value = value[part]
        expected = expected.replace("{tid}", tid) if isinstance(expected, str) else expected
        if isinstance(expected, list):
            expected = [{k: v.replace("{tid}", tid) if isinstance(v, str) else v for k, v in e.items()}
                        for e in expected]
        assert value == expected, (case.id, path)


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    return memory_ledger


@pytest.mark.parametrize("case", DUE_CASES, ids=[c.id for c in DUE_CASES])
def test_due_list_case(app, case):
    (tid,) = build(app, [case])
    rows = {r["teacher_id"]: r for r in app.due_list(YEAR).to_dict()["rows"]}
    check(rows.get(tid), case, tid)


def test_r_order_longest_tenure_first_in_the_county_and_per_school(app):
    teacher(app, "T-A", at_home_school_since="2016-09-01")
    teacher(app, "T-B", at_home_school_since="2010-09-01", home_school_id="S-TOWN")
    teacher(app, "T-C", at_home_school_since="2012-09-01")
    teacher(app, "T-D", at_home_school_since="2024-09-01")
    teacher(app, "T-E", at_home_school_since="2012-09-01", birth_date="1970-01-01")  # excluded by age
    rows = app.due_list(YEAR).rows
    assert [(r.teacher_id, r.rank, r.school_rank) for r in rows] == [
        ("T-B", 1, 1), ("T-C", 2, 1), ("T-A", 3, 2), ("T-E", None, None), ("T-D", None, None)]
    assert all("R-T-TENURE" in r.clauses for r in rows if r.rank)


def test_the_variant_profile_changes_tenure_age_and_role_exclusions(app):
    app.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    teacher(app, "T-3Y", at_home_school_since="2023-09-01")  # 3 years: should under the township plan
    teacher(app, "T-45", birth_date="1981-08-31")  # 45 on the reference date: excluded by age
    teacher(app, "T-EN", subject="英语")  # English teachers are not rotated
    answer = app.due_list(YEAR).to_dict()
    rows = {r["teacher_id"]: r for r in answer["rows"]}
    assert (rows["T-3Y"]["status"], rows["T-3Y"]["clauses"]) == ("should", ["R-T-TENURE"])
    assert (rows["T-45"]["status"], rows["T-45"]["clauses"]) == ("excluded", ["R-T-AGE"])
    assert (rows["T-EN"]["status"], rows["T-EN"]["clauses"]) == ("excluded", ["R-EX-ROLE"])
    assert answer["profile"]["name"] == "township-plan" and answer["profile"]["source"] == "adopted"


def test_the_profile_in_force_on_the_reference_date_is_used(app):
    app.adopt_profile(profile="township-plan", effective_date="2026-09-01", by=BY)  # after 2026-08-31
    teacher(app, "T-3Y", at_home_school_since="2023-09-01")
    answer = app.due_list(YEAR).to_dict()
    assert answer["profile"]["name"] == "default" and answer["rows"][0]["status"] == "not_due"
    assert app.due_list(YEAR + 1).to_dict()["profile"]["name"] == "township-plan"


def test_r_ex_project_stops_deferring_beyond_the_maximum_of_the_profile_in_force(app):
    from tests.unit.test_policy_adoption import custom_profile

    # recorded under the default (3 years); a one-year maximum is in force from 2026-01-01
    for tid, start in (("T-365", "2025-09-01"), ("T-366", "2025-08-31")):  # 365 and 366 days by 2026-08-31
        teacher(app, tid)
        exempt("signature_project", start, end_date="2026-12-31")(app, tid)
    app.adopt_profile(text=custom_profile(project_deferral_max_years=1), effective_date="2026-01-01", by=BY)
    rows = {r.teacher_id: r for r in app.due_list(YEAR).rows}
    assert (rows["T-365"].status.value, rows["T-365"].clauses) == ("deferred", ["R-T-TENURE", "R-EX-PROJECT"])
    assert (rows["T-366"].status.value, rows["T-366"].clauses) == ("must", ["R-T-TENURE"])


def test_counts_and_json_shape(app):
    build(app, DUE_CASES[:4])
    answer = app.due_list(YEAR).to_dict()
    assert answer["reference_date"] == "2026-08-31"
    assert answer["counts"] == {"must": 1, "should": 2, "deferred": 0, "excluded": 0, "on_posting": 0, "not_due": 1}
    assert answer["profile"]["source"] == "default"


@pytest.mark.parametrize("bad", ["2026", 1900, None, True])
def test_a_bad_school_year_is_invalid_input(app, bad):
    with pytest.raises(InvalidInput) as error:
        app.due_list(bad)
    assert error.value.errors[0].field == "school_year"
