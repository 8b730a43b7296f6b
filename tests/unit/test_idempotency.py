"""Every command is idempotent by its id: an identical repeat replays the original and writes
nothing; the same id with other content is a conflict."""

import pytest

from ledger.app import Envelope
from ledger.domain.errors import ConflictError
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import (
    AmendRecord, ConferTitle, EndExemption, EndPosting, ExtendPosting, GrantAward, GrantExemption, RecordEvaluation,
    RecordPosting, RecordReportingFailure, ReportForDuty, VoidRecord,
)

OTHER_ACTOR = Envelope(actor="someone-else", reason=BY.reason, policy_clauses=BY.policy_clauses,
                       document_ref=BY.document_ref, correlation_id="another-request")

COMMANDS = {
    "posting": (lambda a, by, **k: a.execute("T-002", RecordPosting(posting_id="P-2", host_school_ids=["S-POINT"],
                                                                    start_date="2023-09-01",
                                                                    **{"kind": "paired_support"} | k), by=by),
                {"kind": "support_teaching"}),
    "report": (lambda a, by, **k: a.execute("T-001", ReportForDuty(posting_id="P-1",
                                                                   **{"reported_on": "2020-09-01"} | k), by=by),
               {"reported_on": "2020-09-02"}),
    "refusal": (lambda a, by, **k: a.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-09",
                                                                             **{"days_absent": 8} | k), by=by), None),
    "extension": (lambda a, by, **k: a.execute("T-001", ExtendPosting(posting_id="P-1", new_end_date="2023-08-31", **k), by=by),
                  None),
    "return": (lambda a, by, **k: a.execute("T-001", EndPosting(posting_id="P-1", **{"ended_on": "2022-08-31"} | k), by=by),
               {"ended_on": "2022-07-31"}),
    "exemption": (lambda a, by, **k: a.execute("T-001", GrantExemption(exemption_id="E-1", start_date="2023-01-01",
                                                                       **{"category": "family_misfortune"} | k), by=by),
                  {"category": "spouse_care"}),
    "exemption-end": (lambda a, by, **k: (a.execute("T-001", GrantExemption(exemption_id="E-9",
                                                                            category="family_misfortune",
                                                                            start_date="2023-01-01"), by=BY),
                                        a.execute("T-001", EndExemption(exemption_id="E-9",
                                                                        **{"ended_on": "2023-06-30"} | k), by=by))[-1],
                      {"ended_on": "2023-05-31"}),
    "award": (lambda a, by, **k: a.execute("T-001", GrantAward(award_id="A-1", awarded_on="2022-06-30", **{"kind": "honour"} | k), by=by), {"kind": "grade_step"}),
    "evaluation": (lambda a, by, **k: a.execute("T-001", RecordEvaluation(evaluation_id="V-1", school_year=2020,
                                                                          school_id="S-VILLAGE",
                                                                          **{"grade": "excellent"} | k), by=by),
                   {"grade": "qualified"}),
    "title": (lambda a, by, **k: a.execute("T-001", ConferTitle(title_id="TT-1", conferred_on="2023-09-01", **{"title": "senior"} | k), by=by), {"title": "full_senior"}),
    "correction": (lambda a, by, **k: a.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", **{"changes": {"start_date": "2020-08-30"}} | k), by=by),
                   {"changes": {"start_date": "2020-08-29"}}),
    "void": (lambda a, by, **k: a.execute("T-001", VoidRecord(correction_id="C-9", **{"target_id": "P-1"} | k), by=by),
             None),
}


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)
    teacher(memory_ledger, "T-002", name="周敏")
    posting(memory_ledger)
    return memory_ledger


@pytest.mark.parametrize("name", list(COMMANDS))
def test_an_identical_repeat_replays_the_original(app, name, clock):
    command, _ = COMMANDS[name]
    first = command(app, BY)
    before = app.recorder.max_notification_id()
    clock.advance(days=3)  # a retry on another day, by another client, is still the same command
    again = command(app, OTHER_ACTOR)
    assert again.replayed and not first.replayed
    assert (again.event_id, again.position, again.version) == (first.event_id, first.position, first.version)
    assert again.event_type == first.event_type
    assert app.recorder.max_notification_id() == before


@pytest.mark.parametrize("name", [n for n, (_, other) in COMMANDS.items() if other is not None])
def test_the_same_id_with_other_content_conflicts(app, name):
    command, other = COMMANDS[name]
    command(app, BY)
    before = app.recorder.max_notification_id()
    with pytest.raises(ConflictError):
        command(app, BY, **other)
    assert app.recorder.max_notification_id() == before


def test_a_different_reason_is_different_content(app):
    command, _ = COMMANDS["award"]
    command(app, BY)
    with pytest.raises(ConflictError):
        command(app, Envelope(actor=BY.actor, reason="另一个理由"))
