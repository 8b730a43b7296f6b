"""Adopting a profile is an event with an effective date; the rules in force on any date are known,
and commands and evaluations use the profile in force on the date they concern."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from ledger.app.policy import shipped_profile
from ledger.domain.errors import ConflictError, InvalidInput, NotFoundError
from ledger.domain.policy_book import POLICY_BOOK_ID
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import RecordReportingFailure

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TEXT = (ROOT / "ledger" / "profiles" / "default.toml").read_text(encoding="utf-8")


def custom_profile(**values: int) -> bytes:
    """The default profile renamed ``county-custom`` with some integer parameters changed."""
    text = DEFAULT_TEXT.replace('name = "default"', 'name = "county-custom"')
    lines = []
    for line in text.splitlines():
        name = line.split(" = ", 1)[0]
        if name in values:
            line = line.replace(line.split("value = ", 1)[1].split(",", 1)[0], str(values[name]), 1)
        lines.append(line)
    return "\n".join(lines).encode()


def test_with_no_adoption_the_shipped_default_applies_and_says_so(memory_ledger):
    in_force = memory_ledger.profile_on(date(2026, 8, 31))
    assert in_force.is_default and in_force.profile.name == "default"
    assert in_force.to_dict()["source"] == "default"
    assert "no profile adoption" in in_force.to_dict()["note"]
    assert memory_ledger.adoptions() == []


def test_a_profile_is_in_force_from_its_effective_date(memory_ledger):
    result = memory_ledger.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    assert result.record_id == "township-plan-2026.1-2026-01-01" and result.event_type == "ProfileAdopted"
    assert result.record["parameters"]["teacher_should_years"] == 3
    assert memory_ledger.profile_on(date(2025, 12, 31)).profile.name == "default"
    in_force = memory_ledger.profile_on(date(2026, 1, 1))
    assert in_force.profile.name == "township-plan" and in_force.adoption_id == result.record_id
    assert in_force.sha256 == shipped_profile("township-plan").sha256


def test_the_event_carries_name_version_every_parameter_and_the_hash(memory_ledger):
    memory_ledger.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    event = list(memory_ledger.events.get(POLICY_BOOK_ID))[-1]
    assert (event.profile_name, event.profile_version) == ("township-plan", "2026.1")
    assert event.parameters == shipped_profile("township-plan").profile.parameters()
    assert event.parameters["backbone_min_share"] == "0.3"  # JSON-native decimal string
    assert event.sha256 == shipped_profile("township-plan").sha256
    assert event.effective_date == "2026-01-01" and "R-T-TENURE" in event.policy_clauses


def test_adopting_the_same_again_replays_and_other_content_conflicts(memory_ledger):
    first = memory_ledger.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    again = memory_ledger.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    assert again.replayed and again.position == first.position
    with pytest.raises(ConflictError):
        memory_ledger.adopt_profile(text=custom_profile(teacher_should_years=5), effective_date="2026-01-01",
                                    adoption_id=first.record_id, by=BY)


def test_a_later_adoption_supersedes_and_a_backdated_one_fills_the_past(memory_ledger):
    memory_ledger.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    memory_ledger.adopt_profile(profile="default", effective_date="2027-09-01", by=BY)
    memory_ledger.adopt_profile(text=custom_profile(teacher_should_years=4), effective_date="2020-01-01", by=BY)
    names = [memory_ledger.profile_on(d).profile.name
             for d in (date(2019, 12, 31), date(2020, 1, 1), date(2026, 1, 1), date(2027, 9, 1))]
    assert names == ["default", "county-custom", "township-plan", "default"]
    assert memory_ledger.profile_on(date(2019, 12, 31)).is_default
    assert not memory_ledger.profile_on(date(2027, 9, 1)).is_default


def test_of_two_adoptions_on_one_date_the_later_recorded_wins(memory_ledger):
    memory_ledger.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    memory_ledger.adopt_profile(profile="default", effective_date="2026-01-01", by=BY)
    assert memory_ledger.profile_on(date(2026, 6, 1)).profile.name == "default"


def test_the_profile_as_known_at_a_moment(memory_ledger, clock):
    before = clock.advance(seconds=1)
    clock.advance(seconds=1)
    memory_ledger.adopt_profile(profile="township-plan", effective_date="2026-01-01", by=BY)
    assert memory_ledger.profile_on(date(2026, 6, 1), known_at=before).is_default
    assert memory_ledger.profile_on(date(2026, 6, 1), known_at=clock.advance(seconds=1)).profile.name == "township-plan"
    assert memory_ledger.adoptions(known_at=before) == []


def test_commands_use_the_limits_in_force_on_their_date(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)
    posting(memory_ledger, start_date="2024-09-01", planned_end_date="2025-08-31")
    memory_ledger.adopt_profile(text=custom_profile(report_warning_days=3, report_resign_days=5),
                                effective_date="2024-09-05", by=BY)
    # on 2024-09-04 the default applies: 4 days absent is within the 7-day grace period
    early = memory_ledger.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2024-09-04",
                                                                  days_absent=4), by=BY)
    assert early.record["refusals"][-1]["consequence"] == "none"
    # from 2024-09-05 the custom profile: more than 3 days is a warning
    later = memory_ledger.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2024-09-05",
                                                                  days_absent=5), by=BY)
    assert later.record["refusals"][-1]["consequence"] == "warning"
    assert memory_ledger.limits_on(date(2024, 9, 5)).report_resign_days == 5
    assert memory_ledger.limits_on(date(2024, 9, 5) - timedelta(days=1)).report_resign_days == 14
    by_day = memory_ledger.limits_by_day()  # the bulk path's one read of the book answers the same
    for day in (date(2024, 9, 4), date(2024, 9, 5), date(2030, 1, 1)):
        assert by_day(day) == memory_ledger.limits_on(day)


def test_caller_mistakes_are_typed(memory_ledger):
    with pytest.raises(NotFoundError):
        memory_ledger.adopt_profile(profile="no-such-profile", effective_date="2026-01-01", by=BY)
    with pytest.raises(InvalidInput):
        memory_ledger.adopt_profile(profile="default", text=b"", effective_date="2026-01-01", by=BY)
    with pytest.raises(InvalidInput) as error:
        memory_ledger.adopt_profile(profile="default", effective_date="2026-13-01", by=BY)
    assert error.value.errors[0].field == "effective_date"
    with pytest.raises(InvalidInput):
        memory_ledger.adopt_profile(text=b"name = [", effective_date="2026-01-01", by=BY)
    assert memory_ledger.adoptions() == []
