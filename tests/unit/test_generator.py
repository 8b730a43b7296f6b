"""The synthetic county generator: deterministic, realistic, and every fact passes the domain's rules."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time, timezone

import pytest

from ledger.app import RotationLedger
from ledger.app.sources import AggregateSource
from ledger.domain.dates import CHINA_TZ, age_on, whole_years_of_tenure
from ledger.domain.dossier import Limits
from ledger.domain.enums import AwardKind, ExemptionCategory, PostingKind, RefusalConsequence
from ledger.domain.records import Award, Correction, Exemption, Posting
from ledger.generator import GeneratorConfig, generate, write_into
from ledger.generator.county import lay_out
from ledger.generator.world import World

SMALL = GeneratorConfig(teachers=120, years=4, seed=11)
DEMO_SIZE = GeneratorConfig(teachers=300, years=6, seed=2026)


def memory_ledger() -> RotationLedger:
    return RotationLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                          clock=lambda: datetime(2030, 1, 1, tzinfo=timezone.utc))


def stored(app: RotationLedger) -> list[tuple[str, bytes]]:
    return [(n.topic, n.state) for n in app.recorder.select_notifications(1, 1_000_000)]


@pytest.fixture(scope="module")
def demo_ledger() -> RotationLedger:
    app = memory_ledger()
    write_into(app, DEMO_SIZE)
    yield app
    app.close()


@pytest.fixture(scope="module")
def dossiers(demo_ledger):
    return list(AggregateSource(demo_ledger).dossiers())


def test_the_same_seed_gives_byte_identical_events_and_another_seed_does_not():
    runs = []
    for seed in (11, 11, 12):
        app = memory_ledger()
        write_into(app, GeneratorConfig(teachers=120, years=4, seed=seed))
        runs.append(stored(app))
        app.close()
    assert runs[0] == runs[1]
    assert len(runs[0]) > 500
    assert runs[0] != runs[2]


def test_commands_stream_in_recorded_order_and_end_at_as_of():
    config = GeneratorConfig(teachers=120, years=3, seed=3, as_of=date(2025, 10, 15))
    times = [c.recorded_at for c in generate(config)]
    assert times == sorted(times)
    end = datetime.combine(config.as_of, time(23, 59, 59), CHINA_TZ)
    assert times[-1] <= end and times[-1].astimezone(CHINA_TZ).date() > date(2025, 9, 1)
    assert times[0].astimezone(CHINA_TZ).date() == date(2023, 8, 20)  # the ledger's set-up, first year 2023


def test_positions_follow_recorded_times(demo_ledger):
    notifications = demo_ledger.recorder.select_notifications(1, 1_000_000)
    mapper = demo_ledger.mapper
    times = [mapper.to_domain_event(n).timestamp for n in notifications]
    assert times == sorted(times)


def test_every_generated_record_still_passes_every_rule(dossiers):
    assert len(dossiers) > 300  # the starting staff and the teachers hired since
    for dossier in dossiers:
        live = [r.record_id for r in dossier.records.values() if not r.voided]
        dossier.check(live, Limits())  # raises on any breach


def test_the_county_has_districts_and_schools_of_every_kind_and_area():
    county = lay_out(World(DEMO_SIZE).rng, 300)
    schools = list(county.schools.values())
    assert 18 <= len(schools) <= 26 and len(county.districts) >= 3
    assert {s.kind for s in schools} == {"central", "village", "teaching_point", "regular"}
    assert {s.area for s in schools} == {"urban", "town", "rural"}
    assert {s.tier for s in schools} >= {"quality", "ordinary", "weak"}
    assert sum(county.sizes.values()) == 300
    assert any(s.group for s in schools) and any(s.alliance for s in schools)


def test_staff_are_plausible_at_registration(dossiers):
    first_day = date(DEMO_SIZE.first_year, 9, 1)
    for d in dossiers:
        p = d.profile
        assert 22 <= age_on(p.birth_date, max(p.at_home_school_since, first_day)) < 60
        for title in d.titles():
            assert age_on(p.birth_date, title.conferred_on) >= 18
    start = date(2021, 8, 31)
    first_staff = [d for d in dossiers if d.profile.at_home_school_since <= start]
    tenure = Counter(min(whole_years_of_tenure(d.profile.at_home_school_since, start), 9) for d in first_staff)
    assert tenure[9] > 20  # some must rotate (R-T-TENURE: 9+ years)
    assert sum(tenure[y] for y in (6, 7, 8)) > 20  # some should (6+)
    assert sum(tenure[y] for y in range(6)) > 50  # many are not due yet
    genders = Counter(d.profile.gender.value for d in dossiers)
    assert genders["female"] > genders["male"] > 50
    roles = Counter(d.profile.role.value for d in dossiers)
    assert roles["principal"] >= 15 and roles["party_secretary"] >= 5 and roles["middle_manager"] >= 10


def test_it_covers_every_posting_kind_exemption_category_and_award_kind(dossiers):
    postings = [p for d in dossiers for p in d.of_type(Posting, include_voided=True)]
    assert {p.kind for p in postings} == set(PostingKind)
    exemptions = [e for d in dossiers for e in d.of_type(Exemption, include_voided=True)]
    assert {e.category for e in exemptions} == set(ExemptionCategory)
    assert all(e.child_birth_date for e in exemptions if e.category is ExemptionCategory.CHILD_UNDER_3)
    assert all(e.evidence_ref for e in exemptions if e.category is ExemptionCategory.ILLNESS)
    assert any(e.ended_on for e in exemptions)
    awards = [a for d in dossiers for a in d.of_type(Award, include_voided=True)]
    assert {a.kind for a in awards} == set(AwardKind)
    assert all(a.amount_cny and a.amount_cny > 0 for a in awards if a.kind is AwardKind.SUBSIDY)


def test_it_covers_returns_extensions_refusals_overrides_and_departures(dossiers):
    postings = [p for d in dossiers for p in d.postings()]
    assert any(p.is_transfer for p in postings)
    assert any(p.ended_early for p in postings) and any(p.ended_early is False for p in postings)
    assert any(p.extensions for p in postings)
    consequences = {r.consequence for p in postings for r in p.refusals}
    assert {RefusalConsequence.WARNING, RefusalConsequence.DEPARTED} <= consequences
    assert any(p.override_reason and p.overridden_exemption_ids for p in postings)
    departures = Counter(d.departure.kind.value for d in dossiers if d.departure)
    assert departures["retired"] > 5 and departures["auto_departure"] >= 1
    assert any(len(d.backbones()) > 1 for d in dossiers) and any(b.revoked_on for d in dossiers for b in d.backbones())


def test_evaluations_during_postings_are_by_the_host_school(dossiers):
    by_host = 0
    for d in dossiers:
        for ev in d.evaluations():
            posting = d.posting_on(date(ev.school_year + 1, 3, 1))
            if posting is not None and posting.start_date <= date(ev.school_year, 9, 1) \
                    and (posting.ended_on is None or posting.ended_on >= date(ev.school_year + 1, 8, 1)):
                assert ev.school_id in posting.host_school_ids
                by_host += 1
    assert by_host > 20


def test_corrections_cover_every_path_and_are_a_small_share(demo_ledger, dossiers):
    corrections = [c for d in dossiers for c in d.of_type(Correction, include_voided=True)]
    paths = Counter((c.action.value, c.target_type.value) for c in corrections)
    assert paths[("void", "correction")] >= 1 and paths[("amend", "correction")] >= 1  # corrections of corrections
    kinds_voided = {t for (action, t) in paths if action == "void"}
    assert {"posting", "award", "evaluation", "exemption"} <= kinds_voided
    assert {t for (action, t) in paths if action == "amend"} >= {"posting", "award", "evaluation", "exemption"}
    inner = {c.record_id: c for c in corrections}
    assert any(c.target_id in inner and inner[c.target_id].action.value == "void" for c in corrections)
    assert any(c.target_id in inner and inner[c.target_id].action.value == "amend" and c.action.value == "void"
               for c in corrections)
    total = demo_ledger.recorder.max_notification_id()
    assert 0.008 <= len(corrections) / total <= 0.03


def test_corrections_are_recorded_later_so_known_at_answers_differ(demo_ledger, dossiers):
    d = next(d for d in dossiers for c in d.of_type(Correction) if c.action.value == "void" and c.target_type.value == "award")
    void = next(c for c in d.of_type(Correction) if c.action.value == "void" and c.target_type.value == "award")
    teacher = demo_ledger.get_teacher(d.profile.teacher_id)
    events = list(demo_ledger.events.get(teacher.id))
    made = next(e for e in events if getattr(e, "record", {}).get("record_id") == void.target_id)
    voided = next(e for e in events if getattr(e, "record", {}).get("record_id") == void.record_id)
    assert (voided.timestamp - made.timestamp).days >= 15
    before = demo_ledger.teacher_known_at(d.profile.teacher_id, made.timestamp)
    after = demo_ledger.teacher_known_at(d.profile.teacher_id, voided.timestamp)
    assert not before.dossier.get(void.target_id).voided
    assert after.dossier.get(void.target_id).voided


def test_a_small_cache_reloads_aggregates_and_records_the_same_events():
    big, small = memory_ledger(), memory_ledger()
    write_into(big, SMALL)
    write_into(small, SMALL, cache_size=10, batch_events=50)
    assert stored(big) == stored(small)


def test_generating_into_a_ledger_reports_its_speed_and_what_it_made():
    app = memory_ledger()
    county = write_into(app, SMALL)
    assert county.events == app.recorder.max_notification_id() >= county.commands
    assert county.events_per_second > 0
    assert county.seen["posting:regular_rotation"] > 0 and county.seen["evaluation"] > 100


def test_the_demo_county_writes_its_reasons_and_notes_in_chinese_only():
    """Reasons are what a county clerk types: Chinese, with no English gloss beside them."""
    latin = re.compile(r"[A-Za-z]")
    texts = []
    for entry in generate(SMALL):
        texts.append(entry.reason)
        texts += [value for name, value in vars(entry.command).items()
                  if isinstance(value, str) and name.endswith(("reason", "note", "notes"))]
    assert len(texts) > 500
    assert any("学年交流计划派遣" in text for text in texts)
    assert [text for text in texts if latin.search(text)] == []
