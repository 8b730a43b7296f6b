"""The aggregate-backed read source gives every dossier and school."""

from datetime import date

from ledger.app.sources import AggregateSource
from tests.support import seed_schools, teacher


def test_aggregate_source_lists_dossiers_and_schools(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)
    teacher(memory_ledger, "T-002", home_school_id="S-TOWN")
    source = AggregateSource(memory_ledger)
    assert sorted(d.profile.teacher_id for d in source.dossiers()) == ["T-001", "T-002"]
    assert [d.profile.teacher_id for d in source.dossiers(school_id="S-TOWN")] == ["T-002"]
    schools = source.schools()
    assert len(schools) == 5 and schools["S-POINT"].on(date(2020, 1, 1)).is_village
