"""The ledger on real stores: an SQLite file and PostgreSQL over a real connection."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.bootstrap import build_ledger
from ledger.domain.errors import ConflictError, RuleViolation
from ledger.store import backend_of
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import AmendRecord, EndPosting, RecordReportingFailure


def test_the_backend_is_the_one_configured(ledger, backend_settings):
    assert backend_of(ledger.recorder) == backend_settings.backend


def test_tables_are_created_on_first_start_and_events_survive_a_restart(ledger, backend_settings, clock):
    seed_schools(ledger)
    teacher(ledger, name="欧阳𠮷祥", subject="语文·书法")
    written = posting(ledger)
    ledger.close()

    reopened = build_ledger(backend_settings, clock=clock)
    try:
        dossier = reopened.get_teacher("T-001").dossier
        assert dossier.profile.name == "欧阳𠮷祥" and dossier.profile.subject == "语文·书法"
        assert dossier.posting_on(date(2021, 3, 1)).record_id == "P-1"
        # an identical write after the restart replays with the original position
        again = posting(reopened)
        assert again.replayed and again.position == written.position
        assert reopened.get_school("S-VILLAGE").name == "山脚村小"
    finally:
        reopened.close()


def test_positions_increase_in_recording_order(ledger):
    seed_schools(ledger)
    teacher(ledger)
    results = [posting(ledger, posting_id="P-1"),
               ledger.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY),
               ledger.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1",
                                                   changes={"ended_on": "2022-08-30"}), by=BY)]
    positions = [r.position for r in results]
    assert positions == sorted(positions) and positions[-1] - positions[0] == 2
    notifications = ledger.recorder.select_notifications(1, 1000)
    assert [n.id for n in notifications] == list(range(1, len(notifications) + 1))


def test_errors_leave_the_store_unchanged(ledger):
    seed_schools(ledger)
    teacher(ledger)
    posting(ledger)
    before = ledger.recorder.max_notification_id()
    with pytest.raises(RuleViolation):
        posting(ledger, posting_id="P-2", start_date="2021-01-01")
    with pytest.raises(ConflictError):
        posting(ledger, kind="paired_support")
    assert ledger.recorder.max_notification_id() == before


def test_a_transfer_and_a_refusal_departure_are_saved_atomically(ledger):
    seed_schools(ledger)
    teacher(ledger)
    posting(ledger)
    before = ledger.recorder.max_notification_id()
    result = ledger.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-30", days_absent=30), by=BY)
    topics = [n.topic.rsplit(".", 1)[-1] for n in ledger.recorder.select_notifications(before + 1, 10)]
    assert topics == ["ReportingFailed", "TeacherDeparted"]
    assert result.position == before + 2


def test_a_profile_adopted_by_another_process_applies_at_once(ledger, backend_settings, clock):
    before = ledger.limits_on(date(2027, 1, 1))
    other = build_ledger(backend_settings, clock=clock)
    try:
        other.adopt_profile(effective_date="2026-09-01", profile="township-plan", by=BY)
    finally:
        other.close()
    assert ledger.profile_on(date(2027, 1, 1)).profile.name == "township-plan"
    assert ledger.profile_on(date(2026, 8, 31)).profile.name == "default"  # not yet in force the day before
    assert ledger.limits_on(date(2026, 8, 31)) == before
