"""School classification is effective-dated, may be backdated, and is read as of a date."""

from datetime import date

import pytest

from ledger.domain.errors import InvalidInput
from ledger.domain.school import build_timeline
from tests.support import BY, seed_schools
from ledger.domain.commands import ReclassifySchool


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    return memory_ledger


def test_reclassification_takes_effect_on_its_date(app):
    app.execute("S-VILLAGE", ReclassifySchool(effective_date="2021-09-01", changes={"kind": "central", "area": "town"}), by=BY)
    school = app.get_school("S-VILLAGE")
    assert school.classification_on(date(2021, 8, 31)).is_village
    assert not school.classification_on(date(2021, 9, 1)).is_village
    assert school.classification_on(date(2021, 9, 1)).area.value == "town"


def test_a_backdated_reclassification_fits_between_later_ones(app):
    app.execute("S-TOWN", ReclassifySchool(effective_date="2022-09-01", changes={"tier": "quality"}), by=BY)
    app.execute("S-TOWN", ReclassifySchool(effective_date="2020-09-01", changes={"kind": "village"}), by=BY)
    school = app.get_school("S-TOWN")
    assert [(p.since.isoformat(), p.kind.value, p.tier.value) for p in school.timeline] == [
        ("2000-01-01", "central", "ordinary"), ("2020-09-01", "village", "ordinary"),
        ("2022-09-01", "village", "quality")]
    assert school.timeline[1].until == date(2022, 8, 31)


def test_reclassification_is_idempotent_and_validated(app):
    first = app.execute("S-TOWN", ReclassifySchool(effective_date="2022-09-01", changes={"tier": "quality"}), by=BY)
    assert app.execute("S-TOWN", ReclassifySchool(effective_date="2022-09-01", changes={"tier": "quality"}), by=BY).replayed
    assert first.record_id == "2022-09-01"
    with pytest.raises(InvalidInput):
        app.execute("S-TOWN", ReclassifySchool(effective_date="2023-09-01", changes={"tier": "quality"}), by=BY)
    with pytest.raises(InvalidInput) as e:
        app.execute("S-TOWN", ReclassifySchool(effective_date="2023-09-01", changes={"name": "x", "tier": "gold"}), by=BY)
    assert {x.field for x in e.value.errors} == {"changes.name", "changes.tier"}


def test_build_timeline_is_a_pure_fold():
    timeline = build_timeline([(date(2000, 1, 1), {"area": "rural", "kind": "village", "tier": "weak"}),
                               (date(2010, 1, 1), {"tier": "ordinary"})])
    assert [(t.since, t.until, t.tier.value) for t in timeline] == [
        (date(2000, 1, 1), date(2009, 12, 31), "weak"), (date(2010, 1, 1), None, "ordinary")]
