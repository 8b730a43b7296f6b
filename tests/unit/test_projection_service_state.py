"""The teachers view keeps only profile, postings and departure per teacher: service periods from
that part of a dossier are the service periods of the whole dossier (property-based)."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.app import RotationLedger
from ledger.domain.errors import LedgerError
from ledger.domain.service import service_periods
from ledger.projections.assignments import placement
from ledger.projections.teachers import service_dossier
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import EndPosting, GrantAward, GrantExemption, RecordDeparture, VoidRecord

HOSTS = st.sampled_from([["S-VILLAGE"], ["S-POINT"], ["S-TOWN"], ["S-VILLAGE", "S-POINT"]])


@settings(max_examples=40, deadline=None)
@given(steps=st.lists(st.tuples(st.sampled_from(["posting", "transfer", "end", "exempt", "award", "void",
                                                 "depart"]), st.integers(2016, 2025), HOSTS), max_size=8))
def test_service_periods_depend_only_on_postings_and_departure(steps):
    app = RotationLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    seed_schools(app)
    teacher(app)
    for n, (kind, year, hosts) in enumerate(steps):
        try:
            if kind in ("posting", "transfer"):
                transfer = kind == "transfer"
                itinerant = len(hosts) > 1 and not transfer
                kind_of = "competitive_appointment" if transfer else "itinerant" if itinerant else "support_teaching"
                posting(app, posting_id=f"P-{n}", start_date=date(year, 9, 1), kind=kind_of,
                        host_school_ids=hosts if itinerant else hosts[:1], planned_end_date=None,
                        transfers_personnel_relation=transfer)
            elif kind == "end":
                app.execute("T-001", EndPosting(posting_id=f"P-{n - 1}", ended_on=date(year + 1, 8, 31)), by=BY)
            elif kind == "exempt":
                app.execute("T-001", GrantExemption(exemption_id=f"X-{n}", category="spouse_care",
                                                    start_date=date(year, 1, 1)), by=BY)
            elif kind == "award":
                app.execute("T-001", GrantAward(award_id=f"A-{n}", kind="honour", awarded_on=date(year, 6, 1)), by=BY)
            elif kind == "void":
                app.execute("T-001", VoidRecord(correction_id=f"V-{n}", target_id=f"P-{n - 1}"), by=BY)
            else:
                app.execute("T-001", RecordDeparture(departed_on=date(year, 7, 1), kind="retired"), by=BY)
        except LedgerError:
            pass
    dossier = app.get_teacher("T-001").dossier
    periods = service_periods(dossier)
    assert service_periods(service_dossier(dossier)) == periods
    for year in range(2014, 2028):
        day = date(year, 3, 1)
        placed = placement(periods, day, dossier.departure.departed_on.isoformat() if dossier.departure else None,
                           dossier.profile.home_school_id)
        assert placed["status"] == dossier.status_on(day)
        if placed["status"] != "departed":  # after a departure: the home of the last service period
            assert placed["home_school_id"] == dossier.home_on(day).school_id
        if day >= dossier.profile.at_home_school_since:
            assert placed["serving_school_ids"] == sorted(dossier.serving_on(day))
