"""The quota report for school year 2026: every target and cap per school, district and county,
with the numbers; and the R-Q-LEADERS warning on the posting that breaks the cap. ``build_county``
and ``check_county`` also run on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ledger.app.policy import shipped_profile
from ledger.domain.policy.quotas import QuotaReport, Tally, school_checks, share_cap, share_target
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import DesignateBackbone, RevokeBackbone, VoidRecord

YEAR = 2026
TEAM = (("T-P", "principal"), ("T-S", "party_secretary"), ("T-V1", "vice_principal"), ("T-V2", "vice_principal"))


def build_county(app: Any) -> dict[str, Any]:
    """S-URBAN (urban, quality): 20 teachers, 2 rotated in 2026, one on a posting since 2025;
    S-TOWN (town): a leadership team of 4 and 6 teachers, principal and secretary rotated;
    S-URBAN2 (urban, ordinary): 9 teachers, none rotated. Returns the leader postings' results."""
    seed_schools(app)
    for n in range(20):
        teacher(app, f"U-{n:02d}")
    for n in range(6):
        teacher(app, f"T-{n:02d}", home_school_id="S-TOWN")
    for tid, role in TEAM:
        teacher(app, tid, role=role, home_school_id="S-TOWN")
    for n in range(9):
        teacher(app, f"W-{n:02d}", home_school_id="S-URBAN2")
    for tid in ("U-00", "U-01", "W-00"):
        app.execute(tid, DesignateBackbone(designation_id=f"{tid}-B", level="county", cycle_start="2025-09-01"), by=BY)
    app.execute("U-01", RevokeBackbone(designation_id="U-01-B", revoked_on="2027-08-01"), by=BY)
    posting(app, "U-00", start_date="2026-09-01", planned_end_date="2027-08-31")  # first day of the year
    posting(app, "U-01", start_date="2027-08-31", planned_end_date="2028-08-31")  # last day of the year
    posting(app, "U-02", start_date="2027-09-01", planned_end_date="2028-08-31")  # next year
    posting(app, "U-03", start_date="2025-09-01", planned_end_date=None)  # running: neither rotated nor eligible
    first = posting(app, "T-P", kind="regular_rotation", host_school_ids=["S-URBAN2"], start_date="2026-09-01",
                    planned_end_date="2029-08-31")
    second = posting(app, "T-S", kind="regular_rotation", host_school_ids=["S-URBAN"], start_date="2026-10-01",
                     planned_end_date="2029-08-31")
    teacher_posting = posting(app, "T-00", start_date="2027-03-01", planned_end_date="2028-02-28")
    return {"first_leader": first, "second_leader": second, "teacher": teacher_posting}


def checks_of(unit: dict[str, Any]) -> list[tuple[str, int, int, int | None, bool | None]]:
    return [(c["clause"], c["numerator"], c["denominator"], c["required"], c["met"]) for c in unit["checks"]]


def check_county(report: QuotaReport) -> None:
    answer = report.to_dict()
    schools = {s["id"]: s for s in answer["schools"]}
    assert schools["S-URBAN"]["numbers"] == {
        "staff": 20, "eligible": 19, "rotated": 2, "backbone_rotated": 1, "leadership_team": 0, "leaders_rotated": 0,
        "principals_rotated": 0, "party_secretaries_rotated": 0, "area": "urban", "tier": "quality",
        "district": "城关学区"}
    assert checks_of(schools["S-URBAN"]) == [
        ("R-Q-SCHOOL", 2, 20, 1, True),  # 5% of 20 = 1
        ("R-Q-URBAN", 2, 19, 2, True),  # 10% of 19 eligible = 1.9: 2 needed, 2 sent
        ("R-Q-BACKBONE", 1, 2, 1, True),  # U-01's designation was revoked before the posting started
        ("R-Q-LEADERS", 0, 0, None, None),
        ("R-Q-LEADERS", 0, 2, 1, None),
    ]
    assert checks_of(schools["S-TOWN"]) == [
        ("R-Q-SCHOOL", 3, 10, 1, True),  # 5% of 10 = 0.5, rounded half up: 1
        ("R-Q-URBAN", 3, 0, None, None),  # not an urban or quality school
        ("R-Q-BACKBONE", 0, 3, 1, False),
        ("R-Q-LEADERS", 2, 4, 1, False),  # 30% of 4 = 1.2: at most 1
        ("R-Q-LEADERS", 2, 2, 1, False),  # principal and party secretary in the same year
    ]
    assert checks_of(schools["S-URBAN2"])[:2] == [
        ("R-Q-SCHOOL", 0, 9, 1, False),  # 5% of 9 = 0.45 rounds to 0, but at least 1
        ("R-Q-URBAN", 0, 9, 1, False),
    ]
    assert checks_of(schools["S-VILLAGE"])[0] == ("R-Q-SCHOOL", 0, 0, None, None)
    assert answer["county"]["numbers"]["staff"] == 39 and answer["county"]["numbers"]["rotated"] == 5
    assert checks_of(answer["county"]) == [
        ("R-Q-COUNTY", 5, 39, 2, True),  # 5% of 39 = 1.95
        ("R-Q-URBAN", 2, 28, 3, False),  # S-URBAN and S-URBAN2: 2 of 28 eligible, 2.8 → 3 needed
        ("R-Q-BACKBONE", 1, 5, 1, True),  # exactly 20%
        ("R-Q-SCHOOL", 2, 3, 3, False),  # schools meeting / schools judged
        ("R-Q-LEADERS", 0, 1, 1, False),
        ("R-Q-DISTRICT", 1, 1, 1, True),
    ]
    (district,) = answer["districts"]
    assert district["numbers"] == {"backbone": 3, "in_district_exchange": 2}  # U-00, U-01 hosted in the district
    assert checks_of(district) == [("R-Q-DISTRICT", 2, 3, 1, True)]
    assert answer["profile"]["source"] == "default" and answer["reference_date"] == "2026-08-31"


def check_leader_warnings(results: dict[str, Any]) -> None:
    assert results["first_leader"].notices == () and results["teacher"].notices == ()
    notices = results["second_leader"].notices
    assert [n.clause for n in notices] == ["R-Q-LEADERS", "R-Q-LEADERS"]
    assert "2 of 4" in notices[0].message and "at most 1" in notices[0].message
    assert results["second_leader"].record["record_id"] == "P-1" and not results["second_leader"].replayed


@pytest.fixture
def county(memory_ledger):
    return memory_ledger, build_county(memory_ledger)


def test_the_quota_report_per_school_district_and_county(county):
    app, _ = county
    check_county(app.quota_report(YEAR))


def test_a_posting_that_breaks_the_leadership_cap_succeeds_with_a_warning(county):
    app, results = county
    check_leader_warnings(results)
    assert app.get_teacher("T-S").dossier.posting_on(date(2026, 10, 1)).record_id == "P-1"  # recorded all the same


def test_a_replayed_posting_carries_the_same_warning(county):
    app, _ = county
    again = posting(app, "T-S", kind="regular_rotation", host_school_ids=["S-URBAN"], start_date="2026-10-01",
                    planned_end_date="2029-08-31")
    assert again.replayed and [n.clause for n in again.notices] == ["R-Q-LEADERS", "R-Q-LEADERS"]


def test_voiding_a_rotation_turns_a_target_into_not_met(county):
    app, _ = county
    app.execute("U-01", VoidRecord(correction_id="C-1", target_id="P-1"), by=BY)
    urban = app.quota_report(YEAR).school("S-URBAN")
    assert [(c.clause, c.numerator, c.required, c.met) for c in urban.checks[:2]] == [
        ("R-Q-SCHOOL", 1, 1, True), ("R-Q-URBAN", 1, 2, False)]


def test_the_variant_profile_raises_the_backbone_share_and_the_leaders_cap(county):
    app, _ = county
    app.adopt_profile(profile="township-plan", effective_date="2026-08-01", by=BY)
    report = app.quota_report(YEAR)
    town = {(c.clause, c.measure): c for c in report.school("S-TOWN").checks}
    assert town[("R-Q-LEADERS", "leaders rotated / leadership team")].met is True  # 50% of 4 = 2
    county_backbone = next(c for c in report.county.checks if c.clause == "R-Q-BACKBONE")
    assert (county_backbone.threshold, county_backbone.required, county_backbone.met) == (Decimal("0.3"), 2, False)
    assert report.profile.profile.name == "township-plan"


# ----------------------------------------------------------------------------- the arithmetic, table-driven
@pytest.mark.parametrize(("numerator", "denominator", "share", "required", "met"), [
    (1, 20, "0.05", 1, True),  # exactly 5%
    (1, 21, "0.05", 2, False),  # just under 5%
    (2, 19, "0.10", 2, True),
    (1, 10, "0.10", 1, True),
    (0, 0, "0.05", None, None),  # nothing to count
    (3, 15, "0.20", 3, True),
    (2, 11, "0.20", 3, False),
])
def test_share_targets_are_met_at_the_exact_share(numerator, denominator, share, required, met):
    check = share_target("R-Q-COUNTY", "rotated / staff", numerator, denominator, Decimal(share))
    assert (check.required, check.met) == (required, met)


@pytest.mark.parametrize(("numerator", "denominator", "share", "allowed", "met"), [
    (1, 4, "0.30", 1, True), (2, 4, "0.30", 1, False), (2, 4, "0.50", 2, True), (3, 10, "0.30", 3, True),
    (4, 10, "0.30", 3, False), (1, 3, "0.30", 0, False), (0, 0, "0.30", None, None),
])
def test_caps_allow_at_most_the_exact_share(numerator, denominator, share, allowed, met):
    check = share_cap("R-Q-LEADERS", "leaders rotated / leadership team", numerator, denominator, Decimal(share))
    assert (check.required, check.met) == (allowed, met)


@pytest.mark.parametrize(("staff", "required"), [(9, 1), (10, 1), (29, 1), (30, 2), (49, 2), (50, 3), (0, None)])
def test_r_q_school_rounds_half_up_with_at_least_one(staff, required):
    tally = Tally(staff=staff)
    (school, *_) = school_checks(tally, False, shipped_profile("default").profile)
    assert school.required == required


def test_the_warning_counts_the_posting_just_recorded_when_the_read_model_lags(memory_ledger):
    from ledger.app.sources import AggregateSource

    seed_schools(memory_ledger)
    for tid, role in TEAM:
        teacher(memory_ledger, tid, role=role, home_school_id="S-TOWN")
    posting(memory_ledger, "T-P", kind="regular_rotation", host_school_ids=["S-URBAN2"], start_date="2026-09-01",
            planned_end_date="2029-08-31")

    class Lagging:  # a read model that has not seen the next posting yet
        def __init__(self) -> None:
            source = AggregateSource(memory_ledger)
            self.snapshot, self.facts = list(source.dossiers()), source.schools()

        def dossiers(self, *, school_id=None):
            return iter(self.snapshot)

        def schools(self):
            return self.facts

    memory_ledger.policy_source = Lagging()
    second = posting(memory_ledger, "T-V1", kind="regular_rotation", host_school_ids=["S-URBAN"],
                     start_date="2026-10-01", planned_end_date="2029-08-31")
    assert [n.clause for n in second.notices] == ["R-Q-LEADERS"]  # 2 of 4 > 30%
