"""The policy engine through the application on real stores (an SQLite file, PostgreSQL over a real
connection): the same due-list, service-record and quota scenarios as the unit tests, profile
adoption across a restart, and answers as known at a past moment."""

from __future__ import annotations

from datetime import date

from ledger.bootstrap import build_ledger
from tests.support import BY, seed_schools
from tests.unit.test_due_list import DUE_CASES, YEAR, build, check
from tests.unit.test_quotas import build_county, check_county, check_leader_warnings
from tests.unit.test_service_record import SERVICE_CASES, check_service


def test_every_due_list_scenario(ledger):
    seed_schools(ledger)
    cases = build(ledger, DUE_CASES)
    rows = {r["teacher_id"]: r for r in ledger.due_list(YEAR).to_dict()["rows"]}
    for tid, case in cases.items():
        check(rows.get(tid), case, tid)
    ranked = [r for r in rows.values() if r["rank"] is not None]
    assert sorted(r["rank"] for r in ranked) == list(range(1, len(ranked) + 1))


def test_every_service_record_scenario(ledger):
    seed_schools(ledger)
    for tid, case in build(ledger, SERVICE_CASES, prefix="R").items():
        check_service(ledger, tid, case)


def test_the_quota_report_and_the_leadership_warning(ledger):
    results = build_county(ledger)
    check_leader_warnings(results)
    check_county(ledger.quota_report(YEAR))


def test_adoptions_survive_a_restart_and_are_known_at_their_moment(ledger, backend_settings, clock):
    seed_schools(ledger)
    before = clock.advance(seconds=1)
    clock.advance(seconds=1)
    adopted = ledger.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    ledger.close()
    reopened = build_ledger(backend_settings, clock=clock)
    try:
        in_force = reopened.profile_on(date(2026, 8, 31))
        assert (in_force.profile.name, in_force.adoption_id) == ("township-plan", adopted.record_id)
        assert reopened.profile_on(date(2026, 8, 31), known_at=before).is_default
        again = reopened.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
        assert again.replayed and again.position == adopted.position
        assert reopened.due_list(YEAR).to_dict()["profile"]["adoption_id"] == adopted.record_id
    finally:
        reopened.close()
