"""The county's schools: school districts (学区) of three shapes, and how many teachers each
school has at the start.

- an **urban** district (城关学区 …): regular primary, junior and nine-year schools in the county
  seat, most of them quality (优质) or ordinary; each quality school leads an education group
  (集团) that includes a weak rural school;
- a **town** district (…镇学区): a town central school (中心校), a town junior school, village
  schools (村小) and a teaching point (教学点), joined in an alliance (联盟);
- a **rural** district (…乡学区): a rural central school, a weak nine-year school, village schools
  and teaching points.

The number of schools grows with the number of teachers, a little slower (schools get bigger).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from ledger.generator.names import ORDINALS, town_names, village_name

# (level, area, kind, tier, weight, name pattern) — weight sets the school's share of teachers.
Template = tuple[str, str, str, str, float, str]

URBAN: tuple[Template, ...] = (
    ("primary", "urban", "regular", "quality", 6.0, "{d}第{n}小学"),
    ("primary", "urban", "regular", "ordinary", 5.0, "{d}第{n}小学"),
    ("primary", "urban", "regular", "quality", 5.5, "{d}第{n}小学"),
    ("junior", "urban", "regular", "quality", 6.0, "{d}第{n}中学"),
    ("junior", "urban", "regular", "ordinary", 5.0, "{d}第{n}中学"),
    ("nine_year", "urban", "regular", "ordinary", 5.0, "{d}实验学校"),
)
TOWN: tuple[Template, ...] = (
    ("primary", "town", "central", "ordinary", 4.0, "{d}镇中心小学"),
    ("junior", "town", "regular", "ordinary", 4.0, "{d}镇中学"),
    ("primary", "rural", "village", "weak", 1.2, "{v}小学"),
    ("primary", "rural", "village", "ordinary", 1.2, "{v}小学"),
    ("primary", "rural", "teaching_point", "weak", 0.35, "{v}教学点"),
)
RURAL: tuple[Template, ...] = (
    ("primary", "rural", "central", "ordinary", 3.0, "{d}乡中心小学"),
    ("nine_year", "rural", "regular", "weak", 3.0, "{d}乡九年一贯制学校"),
    ("primary", "rural", "village", "weak", 1.0, "{v}小学"),
    ("primary", "rural", "village", "weak", 1.0, "{v}小学"),
    ("primary", "rural", "teaching_point", "weak", 0.35, "{v}教学点"),
    ("primary", "rural", "teaching_point", "weak", 0.35, "{v}教学点"),
)
URBAN_DISTRICTS = ("城关", "城东", "城西", "城南", "城北", "滨江", "新区", "开发区")
MIN_SIZE = {"teaching_point": 2, "village": 3, "central": 6, "regular": 6}
MIN_TEACHERS = 100


@dataclass(frozen=True)
class SchoolSpec:
    school_id: str
    name: str
    level: str
    area: str
    kind: str
    tier: str
    district: str
    alliance: str | None
    group: str | None
    weight: float

    @property
    def is_village(self) -> bool:
        """Village school or teaching point (村小 / 教学点): R-TITLE-VILLAGE service."""
        return self.kind in ("village", "teaching_point")

    @property
    def is_rural(self) -> bool:
        return self.area == "rural"

    @property
    def needs_support(self) -> bool:
        """A host that support teaching and incentive exchanges go to: rural or weak."""
        return self.area == "rural" or self.tier == "weak"


@dataclass
class County:
    schools: dict[str, SchoolSpec]
    sizes: dict[str, int]
    districts: dict[str, list[str]] = field(default_factory=dict)

    def district_of(self, school_id: str) -> list[str]:
        return self.districts[self.schools[school_id].district]


def school_count_for(teachers: int) -> int:
    return max(6, round(teachers / (12 + 8 * math.log10(max(teachers, 100) / 100))))


def lay_out(rng: random.Random, teachers: int) -> County:
    """Districts and schools for ``teachers`` teachers, with each school's starting size."""
    if teachers < MIN_TEACHERS:
        raise ValueError(f"a county needs at least {MIN_TEACHERS} teachers")
    target = school_count_for(teachers)
    urban_count = min(len(URBAN_DISTRICTS), 1 + teachers // 10_000)
    plan: list[tuple[str, tuple[Template, ...]]] = [(URBAN_DISTRICTS[i], URBAN) for i in range(urban_count)]
    towns = iter(town_names(target))
    planned = urban_count * len(URBAN)
    while planned < target or len(plan) < urban_count + 2:  # always a town and a rural district
        shape = TOWN if len(plan) % 2 else RURAL
        plan.append((next(towns), shape))
        planned += len(shape)

    specs: list[SchoolSpec] = []
    villages: set[str] = set()
    for stem, shape in plan:
        district = f"{stem}学区"
        alliance = f"{stem}镇教育联盟" if shape is TOWN else None
        numbers: dict[str, int] = {}
        for level, area, kind, tier, weight, pattern in shape:
            if shape is URBAN and tier == "ordinary" and rng.random() < 0.25:
                tier = "weak"
            n = numbers[pattern] = numbers.get(pattern, 0) + 1
            village = village_name(rng, villages) if "{v}" in pattern else ""
            name = pattern.format(d=stem, n=ORDINALS[n - 1], v=village)
            specs.append(SchoolSpec(f"S{len(specs) + 1:04d}", name, level, area, kind, tier, district,
                                    alliance, None, weight))
    specs = _with_groups(specs)
    schools = {s.school_id: s for s in specs}
    districts: dict[str, list[str]] = {}
    for s in specs:
        districts.setdefault(s.district, []).append(s.school_id)
    return County(schools, _sizes(specs, teachers), districts)


def _with_groups(specs: list[SchoolSpec]) -> list[SchoolSpec]:
    """Each quality urban school leads an education group (集团) with one weak rural school."""
    leaders = [s for s in specs if s.area == "urban" and s.tier == "quality"]
    members = [s for s in specs if s.area == "rural" and s.tier == "weak" and s.kind != "teaching_point"]
    groups: dict[str, str] = {}
    for i, leader in enumerate(leaders):
        group = f"{leader.name}教育集团"
        groups[leader.school_id] = group
        if members:
            groups.setdefault(members[(i * 7) % len(members)].school_id, group)
    return [
        SchoolSpec(s.school_id, s.name, s.level, s.area, s.kind, s.tier, s.district, s.alliance,
                   groups.get(s.school_id), s.weight)
        for s in specs
    ]


def _sizes(specs: list[SchoolSpec], teachers: int) -> dict[str, int]:
    """Teachers per school in proportion to the weights, with minimums, summing to ``teachers``."""
    total = sum(s.weight for s in specs)
    minimum = {s.school_id: MIN_SIZE[s.kind] for s in specs}
    sizes = {s.school_id: max(minimum[s.school_id], round(teachers * s.weight / total)) for s in specs}
    order = [s.school_id for s in sorted(specs, key=lambda s: (-s.weight, s.school_id))]
    i = 0
    while (diff := teachers - sum(sizes.values())) != 0:
        school = order[i % len(order)]
        step = 1 if diff > 0 else -1
        if sizes[school] + step >= minimum[school]:
            sizes[school] += step
        i += 1
    return sizes
