"""The service record, requirement by requirement: village service by the host's classification at
the time of service, the current title's window, the age exception for both genders (and a leap-day
birthday), voided and amended postings, itinerant postings, incentive exchange, refusals, grade
steps and principal grading. ``SERVICE_CASES`` also runs on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from ledger.domain.errors import InvalidInput, NotFoundError
from tests.support import BY, seed_schools, teacher
from tests.unit.test_due_list import Step, amend, build, end, fail, post, void
from ledger.domain.commands import ReclassifySchool, RegisterSchool

VILLAGE_2Y = dict(host_school_ids=["S-VILLAGE"], start_date="2020-09-01", planned_end_date="2022-08-31")
INCENTIVE = dict(kind="incentive_exchange", host_school_ids=["S-URBAN2"], start_date="2024-09-01",
                 planned_end_date="2025-08-31")
OWN_SCHOOL = ["S-{tid}"]


def school(kind: str, area: str = "rural") -> Step:
    """A school of the case's own, ``S-<tid>``, registered in 2000."""
    return lambda app, tid: app.register(RegisterSchool(school_id=f"S-{tid}", name=f"学校{tid}", level="primary",
                                                        area=area, kind=kind, tier="ordinary",
                                                        effective_date="2000-01-01"), by=BY)


def reclassify(on: str, **changes: Any) -> Step:
    return lambda app, tid: app.execute(f"S-{tid}", ReclassifySchool(effective_date=on, changes=changes), by=BY)


@dataclass(frozen=True)
class SRCase:
    id: str
    register: dict[str, Any]  # female, born 1985-03-01, intermediate title since 2018-09-01, S-URBAN since 2015
    steps: tuple[Step, ...]
    target: str
    as_of: str
    expect: dict[str, tuple[str, int | None]]  # clause → (status, credited days)
    evidence: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # (record, school, credited)


SENIOR, GRADE, LEADER = "senior", "grade_step", "principal_grade"
AS_OF = "2026-09-01"
SERVICE_CASES = [
    # R-TITLE-VILLAGE: 2 × 365 days at a village school or teaching point within the title's tenure
    SRCase("village-730-days", {}, (post(**VILLAGE_2Y), end("2022-08-31")), SENIOR, AS_OF,
           {"R-TITLE-VILLAGE": ("met", 730)}, {"R-TITLE-VILLAGE": [("{tid}-P", "S-VILLAGE", 730)]}),
    SRCase("village-729-days", {}, (post(**VILLAGE_2Y), end("2022-08-30")), SENIOR, AS_OF,
           {"R-TITLE-VILLAGE": ("not_met", 729)}),
    SRCase("village-leap-year-730-days", {}, (post(**{**VILLAGE_2Y, "start_date": "2019-09-01"}), end("2021-08-30")),
           SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("met", 730)}),
    SRCase("village-leap-year-729-days", {}, (post(**{**VILLAGE_2Y, "start_date": "2019-09-01"}), end("2021-08-29")),
           SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("not_met", 729)}),
    SRCase("village-before-the-title-not-credited", {},
           (post(**{**VILLAGE_2Y, "start_date": "2016-09-01", "planned_end_date": "2018-08-31"}), end("2018-08-31")),
           SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("not_met", 0)}),
    SRCase("village-without-a-title-the-whole-career", {"title": None, "title_since": None},
           (post(**{**VILLAGE_2Y, "start_date": "2016-09-01", "planned_end_date": "2018-08-31"}), end("2018-08-31")),
           "intermediate", AS_OF, {"R-TITLE-VILLAGE": ("met", 730)}),
    SRCase("teaching-point-counts", {}, (post(**{**VILLAGE_2Y, "host_school_ids": ["S-POINT"]}), end("2022-08-31")),
           SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("met", 730)}),
    SRCase("town-school-does-not-count", {}, (post(**{**VILLAGE_2Y, "host_school_ids": ["S-TOWN"]}),
                                              end("2022-08-31")), SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("not_met", 0)}),
    SRCase("home-at-a-village-school-counts", {"home_school_id": "S-VILLAGE"}, (), SENIOR, AS_OF,
           {"R-TITLE-VILLAGE": ("met", 2923)}, {"R-TITLE-VILLAGE": [("registration", "S-VILLAGE", 2923)]}),
    SRCase("open-posting-credits-to-the-as-of-date", {},
           (post(**{**VILLAGE_2Y, "start_date": "2025-09-01", "planned_end_date": "2027-08-31"}),), SENIOR, AS_OF,
           {"R-TITLE-VILLAGE": ("not_met", 366)}),
    # corrections
    SRCase("voided-posting-credits-nothing", {}, (post(**VILLAGE_2Y), end("2022-08-31"), void()), SENIOR, AS_OF,
           {"R-TITLE-VILLAGE": ("not_met", 0)}),
    SRCase("amended-dates-credit-the-amended-days", {}, (post(**VILLAGE_2Y), end("2022-08-31"),
                                                         amend(ended_on="2021-08-31")), SENIOR, AS_OF,
           {"R-TITLE-VILLAGE": ("not_met", 365)}),
    SRCase("amended-host-credits-the-amended-school", {}, (post(**VILLAGE_2Y), end("2022-08-31"),
                                                           amend(host_school_ids=["S-TOWN"])), SENIOR, AS_OF,
           {"R-TITLE-VILLAGE": ("not_met", 0)}),
    # classification at the time of service
    SRCase("village-reclassified-mid-posting", {}, (school("village"), post(**{**VILLAGE_2Y, "host_school_ids": OWN_SCHOOL}),
                                                    end("2022-08-31"), reclassify("2021-09-01", kind="central")),
           SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("not_met", 365)}, {"R-TITLE-VILLAGE": [("{tid}-P", "S-{tid}", 365)]}),
    SRCase("town-reclassified-village-mid-posting", {}, (school("central", "town"),
                                                         post(**{**VILLAGE_2Y, "host_school_ids": OWN_SCHOOL}),
                                                         end("2022-08-31"), reclassify("2021-03-01", kind="village")),
           SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("not_met", 549)}),
    # itinerant teaching (走教): every host at once, each day counted once
    SRCase("itinerant-village-and-town", {}, (post(**{**VILLAGE_2Y, "kind": "itinerant",
                                                      "host_school_ids": ["S-VILLAGE", "S-TOWN"]}), end("2022-08-31")),
           SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("met", 730)}, {"R-TITLE-VILLAGE": [("{tid}-P", "S-VILLAGE", 730)]}),
    SRCase("itinerant-village-and-teaching-point-once", {},
           (post(**{**VILLAGE_2Y, "kind": "itinerant", "host_school_ids": ["S-VILLAGE", "S-POINT"]}), end("2021-08-31")),
           SENIOR, AS_OF, {"R-TITLE-VILLAGE": ("not_met", 365)},
           {"R-TITLE-VILLAGE": [("{tid}-P", "S-POINT", 365), ("{tid}-P", "S-VILLAGE", 0)]}),
    # the age exception (men 50, women 45) on the as-of date
    SRCase("age-female-45-on-the-day", {"birth_date": "1981-09-01"}, (), SENIOR, "2026-09-01",
           {"R-TITLE-VILLAGE": ("not_applicable", 0), "R-TITLE-INCENTIVE": ("not_met", 0)}),
    SRCase("age-female-45-day-before", {"birth_date": "1981-09-01"}, (), SENIOR, "2026-08-31",
           {"R-TITLE-VILLAGE": ("not_met", 0)}),
    SRCase("age-male-leap-birthday-not-yet-50", {"gender": "male", "birth_date": "1976-02-29"}, (), SENIOR,
           "2026-02-28", {"R-TITLE-VILLAGE": ("not_met", 0)}),
    SRCase("age-male-leap-birthday-50-on-1-march", {"gender": "male", "birth_date": "1976-02-29"}, (), SENIOR,
           "2026-03-01", {"R-TITLE-VILLAGE": ("not_applicable", 0)}),
    # R-TITLE-INCENTIVE: a year of incentive exchange
    SRCase("incentive-365-days", {}, (post(**INCENTIVE), end("2025-08-31")), "intermediate", AS_OF,
           {"R-TITLE-INCENTIVE": ("met", 365)}, {"R-TITLE-INCENTIVE": [("{tid}-P", "S-URBAN2", 365)]}),
    SRCase("incentive-364-days", {}, (post(**INCENTIVE), end("2025-08-30")), "intermediate", AS_OF,
           {"R-TITLE-INCENTIVE": ("not_met", 364)}),
    # R-TITLE-REFUSAL: the school year of a failure to report (R-POST-REPORT)
    SRCase("refusal-in-the-as-of-school-year", {}, (post(**INCENTIVE), fail("2024-09-12", 8)), SENIOR, "2025-06-01",
           {"R-TITLE-REFUSAL": ("not_met", None)}),
    SRCase("refusal-a-year-later", {}, (post(**INCENTIVE), fail("2024-09-12", 8)), SENIOR, "2025-09-01",
           {"R-TITLE-REFUSAL": ("met", None)}),
    SRCase("refusal-within-grace", {}, (post(**INCENTIVE), fail("2024-09-08", 7)), SENIOR, "2025-06-01",
           {"R-TITLE-REFUSAL": ("met", None)}),
    SRCase("refusal-treated-as-departed", {}, (post(**INCENTIVE), fail("2024-09-20", 15)), SENIOR, AS_OF,
           {"R-TITLE-REFUSAL": ("not_met", None)}),
    # R-GRADE-STEP: village service over the whole career, same age exception
    SRCase("grade-step-counts-before-the-title", {},
           (post(**{**VILLAGE_2Y, "start_date": "2016-09-01", "planned_end_date": "2018-08-31"}), end("2018-08-31")),
           GRADE, AS_OF, {"R-GRADE-STEP": ("met", 730)}),
    SRCase("grade-step-male-50-exempt", {"gender": "male", "birth_date": "1976-09-01"}, (), GRADE, AS_OF,
           {"R-GRADE-STEP": ("not_applicable", 0)}),
    SRCase("grade-step-female-44-not-exempt", {"birth_date": "1981-09-02"}, (), GRADE, AS_OF,
           {"R-GRADE-STEP": ("not_met", 0)}),
    # R-LEADER-RURAL: leaders under 45 need rural service
    SRCase("leader-rural-365-days", {"role": "principal"},
           (post(**{**VILLAGE_2Y, "kind": "regular_rotation"}), end("2021-08-31")), LEADER, AS_OF,
           {"R-LEADER-RURAL": ("met", 365)}),
    SRCase("leader-rural-364-days", {"role": "principal"},
           (post(**{**VILLAGE_2Y, "kind": "regular_rotation"}), end("2021-08-30")), LEADER, AS_OF,
           {"R-LEADER-RURAL": ("not_met", 364)}),
    SRCase("leader-45-not-applicable", {"role": "principal", "birth_date": "1981-09-01"}, (), LEADER, AS_OF,
           {"R-LEADER-RURAL": ("not_applicable", 0)}),
    SRCase("leader-rule-not-for-teachers", {}, (), LEADER, AS_OF, {"R-LEADER-RURAL": ("not_applicable", 0)}),
]


def check_service(app: Any, tid: str, case: SRCase) -> dict[str, Any]:
    answer = app.service_record(tid, target=case.target, as_of=case.as_of).to_dict()
    found = {r["clause"]: r for r in answer["requirements"]}
    for clause, (status, credited) in case.expect.items():
        assert (found[clause]["status"], found[clause]["credited_days"]) == (status, credited), (case.id, clause)
    for clause, items in case.evidence.items():
        got = [(e["record_id"], e["school_id"], e["credited_days"]) for e in found[clause]["evidence"]]
        assert got == [(r.replace("{tid}", tid), s.replace("{tid}", tid), d) for r, s, d in items], case.id
    assert answer["met"] == all(r["status"] != "not_met" for r in answer["requirements"])
    return answer


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    return memory_ledger


@pytest.mark.parametrize("case", SERVICE_CASES, ids=[c.id for c in SERVICE_CASES])
def test_service_record_case(app, case):
    (tid,) = build(app, [case])
    check_service(app, tid, case)


def test_requirements_per_target_and_the_shape_of_the_answer(app):
    teacher(app, "T-1")
    for target, clauses in (("intermediate", ["R-TITLE-VILLAGE", "R-TITLE-INCENTIVE", "R-TITLE-REFUSAL"]),
                            ("senior", ["R-TITLE-VILLAGE", "R-TITLE-INCENTIVE", "R-TITLE-REFUSAL"]),
                            ("grade_step", ["R-GRADE-STEP"]), ("principal_grade", ["R-LEADER-RURAL"])):
        answer = app.service_record("T-1", target=target, as_of="2026-09-01").to_dict()
        assert [r["clause"] for r in answer["requirements"]] == clauses
    assert answer["title"] == {"title_id": "initial-title", "title": "intermediate", "title_zh": "中级",
                               "since": "2018-09-01"}
    assert answer["profile"]["source"] == "default" and answer["known_at"] is None


def test_evidence_names_the_events_that_earned_the_days(app):
    teacher(app, "T-1")
    recorded = post(**VILLAGE_2Y)(app, "T-1")
    ended = end("2022-08-31")(app, "T-1")
    amended = amend(ended_on="2022-06-30")(app, "T-1")
    requirement = app.service_record("T-1", target="senior", as_of="2026-09-01").requirement("R-TITLE-VILLAGE")
    (item,) = requirement.evidence
    assert [(e["event_type"], e["event_id"]) for e in item["events"]] == [
        ("PostingRecorded", str(recorded.event_id)), ("PostingEnded", str(ended.event_id)),
        ("RecordAmended", str(amended.event_id))]
    assert item["end"] == "2022-06-30" and item["classification"]["kind"] == "village"


def test_known_at_answers_what_the_ledger_said_then(app, clock):
    teacher(app, "T-1")
    post(**VILLAGE_2Y)(app, "T-1")
    end("2022-08-31")(app, "T-1")
    before = clock.advance(seconds=1)
    clock.advance(seconds=1)
    void()(app, "T-1")
    app.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    now = app.service_record("T-1", target="senior", as_of="2026-09-01")
    then = app.service_record("T-1", target="senior", as_of="2026-09-01", known_at=before.isoformat())
    assert now.requirement("R-TITLE-VILLAGE").credited_days == 0 and now.profile.profile.name == "township-plan"
    assert then.requirement("R-TITLE-VILLAGE").credited_days == 730 and then.profile.is_default
    assert then.to_dict()["known_at"] == before.isoformat()
    assert all(e["recorded_at"] <= before.isoformat()
               for e in then.requirement("R-TITLE-VILLAGE").evidence[0]["events"])


def test_designated_schools_count_as_village_service(app):
    from tests.unit.test_policy_adoption import custom_profile

    teacher(app, "T-1")
    post(**{**VILLAGE_2Y, "host_school_ids": ["S-TOWN"]})(app, "T-1")
    end("2022-08-31")(app, "T-1")
    text = custom_profile().replace(b'designated_village_school_ids = { value = []',
                                    b'designated_village_school_ids = { value = ["S-TOWN"]')
    app.adopt_profile(text=text, effective_date="2026-01-01", by=BY)
    assert app.service_record("T-1", target="senior", as_of="2025-12-31").requirement(
        "R-TITLE-VILLAGE").credited_days == 0
    assert app.service_record("T-1", target="senior", as_of="2026-01-01").requirement(
        "R-TITLE-VILLAGE").status.value == "met"


def test_the_as_of_date_defaults_to_today(app):
    teacher(app, "T-1")
    assert app.service_record("T-1", target="senior").as_of == date(2026, 9, 1)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"target": "professor"}, "target"), ({"target": "senior", "as_of": "2026-02-30"}, "as_of"),
    ({"target": "senior", "known_at": "yesterday"}, "known_at"),
])
def test_bad_questions_are_invalid_input(app, kwargs, field):
    teacher(app, "T-1")
    with pytest.raises(InvalidInput) as error:
        app.service_record("T-1", **kwargs)
    assert error.value.errors[0].field == field


def test_unknown_teachers_and_moments_before_registration_are_not_found(app, clock):
    before = clock.advance(seconds=1)
    teacher(app, "T-1")
    with pytest.raises(NotFoundError):
        app.service_record("T-404", target="senior")
    with pytest.raises(NotFoundError):
        app.service_record("T-1", target="senior", known_at=before)
