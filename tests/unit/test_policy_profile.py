"""Policy profiles: every parameter of the rulebook, with its clause ids, in versioned TOML files."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from ledger.app.policy import parse_profile_file, shipped_profile, shipped_profile_names
from ledger.domain.clauses import CLAUSES
from ledger.domain.enums import PostingKind
from ledger.domain.errors import InvalidInput, NotFoundError
from ledger.domain.policy.profile import PARAMETERS, profile_from_parameters, profile_from_toml

ROOT = Path(__file__).resolve().parents[2]
RULES = (ROOT / "ledger" / "rules" / "RULES.md").read_text(encoding="utf-8")
DEFAULT_TEXT = (ROOT / "ledger" / "profiles" / "default.toml").read_text(encoding="utf-8")

# `name` (default 6) · `name` terms (default 2) · `name` (5%) · `name` (7) · `name` (profile; default 5):
# the rulebook's numeric parameters; a day of the year (`name` (10 August)) is read apart
MONTHS = ("January February March April May June July August September October November December").split()
NAMED_DAYS = {
    name: f"{MONTHS.index(month) + 1:02}-{int(day):02}"
    for name, day, month in re.findall(r"`([a-z][a-z_]+)`\s*\((\d+) ([A-Z][a-z]+)\)", RULES)
}
NAMED_DEFAULTS = {
    name: Decimal(value) / (100 if percent else 1)
    for name, value, percent in re.findall(
        r"`([a-z][a-z_]+)`\s*(?:terms\s*)?\((?:profile;\s*)?(?:default\s*)?(\d+)(%?)", RULES)
    if name not in NAMED_DAYS
}


def test_both_profiles_ship_and_parse():
    assert shipped_profile_names() == ["default", "township-plan"]
    for name in shipped_profile_names():
        loaded = shipped_profile(name)
        assert loaded.profile.name == name and len(loaded.sha256) == 64


def test_the_rulebook_names_parameters_and_the_profile_holds_each_of_them():
    assert len(NAMED_DEFAULTS) >= 17  # the scan finds the rulebook's parameters, not nothing
    names = {f.name for f in PARAMETERS}
    assert set(NAMED_DEFAULTS) | set(NAMED_DAYS) <= names
    assert "tenure_reset_kinds" in names and "project_deferral_max_years" in names


@pytest.mark.parametrize("name", sorted(NAMED_DEFAULTS))
def test_the_default_profile_has_the_rulebooks_default(name):
    assert Decimal(str(getattr(shipped_profile("default").profile, name))) == NAMED_DEFAULTS[name]


def test_the_default_profile_has_the_rulebooks_days_of_the_year():
    assert NAMED_DAYS == {"principal_deadline": "08-10"}
    for name, day in NAMED_DAYS.items():
        assert getattr(shipped_profile("default").profile, name) == day


def test_the_rulebook_default_of_a_yes_no_parameter():
    assert "`same_level_only`,\n  default true" in RULES
    assert shipped_profile("default").profile.same_level_only is True


def test_the_default_tenure_reset_kinds_are_the_rulebooks():
    assert shipped_profile("default").profile.tenure_reset_kinds == (
        PostingKind.REGULAR_ROTATION, PostingKind.COMPETITIVE_APPOINTMENT, PostingKind.FAMOUS_TEACHER_POST,
        PostingKind.DISTRICT_ROTATION)


def test_every_parameter_cites_known_clauses():
    for f in PARAMETERS:
        assert f.metadata["clauses"] and all(c in CLAUSES for c in f.metadata["clauses"]), f.name


def test_the_variant_takes_its_values_from_the_seeds():
    variant = shipped_profile("township-plan").profile
    assert (variant.teacher_should_years, variant.age_exempt_male, variant.age_exempt_female) == (3, 50, 45)
    assert variant.backbone_min_share == Decimal("0.3") and variant.leaders_max_share == Decimal("0.5")
    assert variant.leader_should_years == 8
    assert "英语" in variant.excluded_subjects


def test_limits_come_from_the_profile():
    limits = shipped_profile("default").profile.limits()
    assert (limits.project_deferral_max_days, limits.report_warning_days, limits.report_resign_days) == (1095, 7, 14)


def test_parameters_round_trip_through_an_adoption_event():
    profile = shipped_profile("township-plan").profile
    assert profile_from_parameters(profile.header(), profile.parameters()) == profile


def test_the_hash_is_of_the_file_bytes():
    first = parse_profile_file(DEFAULT_TEXT.encode())
    second = parse_profile_file((DEFAULT_TEXT + "\n# a comment\n").encode())
    assert first.profile == second.profile and first.sha256 != second.sha256
    assert first.sha256 == shipped_profile("default").sha256


@pytest.mark.parametrize(("edit", "field"), [
    (lambda t: t.replace('teacher_should_years = { value = 6, clauses = ["R-T-TENURE"] }\n', ""),
     "parameters.teacher_should_years"),
    (lambda t: t.replace('value = 9, clauses = ["R-T-TENURE"]', 'value = 9, clauses = ["R-P-TENURE"]'),
     "parameters.teacher_must_years.clauses"),
    (lambda t: t.replace("value = 0.05, clauses = [\"R-Q-COUNTY\"]", "value = 5, clauses = [\"R-Q-COUNTY\"]"),
     "parameters.county_min_share"),
    (lambda t: t.replace('value = [], clauses = ["R-EX-ROLE"] }', 'value = ["janitor"], clauses = ["R-EX-ROLE"] }', 1),
     "parameters.excluded_roles[0]"),
    (lambda t: t + 'bonus_days = { value = 3, clauses = ["R-T-TENURE"] }\n', "parameters.bonus_days"),
    (lambda t: t.replace('name = "default"', 'name = "no spaces allowed"'), "name"),
    (lambda t: t.replace("value = 6, clauses", "value = 12, clauses"), "parameters.teacher_should_years"),
    (lambda t: t.replace("value = 7, clauses", "value = 14, clauses"), "parameters.report_warning_days"),
])
def test_a_bad_profile_names_the_bad_field(edit, field):
    with pytest.raises(InvalidInput) as error:
        profile_from_toml(edit(DEFAULT_TEXT))
    assert field in [e.field for e in error.value.errors]


def test_every_bad_field_is_listed_at_once():
    text = DEFAULT_TEXT.replace("value = 6, clauses", "value = -1, clauses").replace(
        "value = 0.10, clauses", "value = \"lots\", clauses")
    with pytest.raises(InvalidInput) as error:
        profile_from_toml(text)
    fields = {e.field for e in error.value.errors}
    assert {"parameters.teacher_should_years", "parameters.urban_min_share_of_eligible"} <= fields


def test_not_toml_and_unknown_names_are_caller_errors():
    with pytest.raises(InvalidInput):
        profile_from_toml("name = ")
    with pytest.raises(InvalidInput):
        parse_profile_file(b"\xff\xfe")
    with pytest.raises(NotFoundError):
        shipped_profile("no-such-profile")
