"""The glossary (术语表): every field, kind of thing and event the ledger names, with its Chinese
and English label — one vocabulary for the console's forms and pages, the exports' headers, the
importer's headers and the messages that cite a field.

The glossary is data (``glossary.toml``), read when first asked. A field keeps one label wherever
it appears; where a name means something narrower in one kind of record (an evaluation's
``school_id`` is the evaluating school), ``<context>.<field>`` gives that narrower label. Enum
values carry their own labels (``ledger.domain.enums``), clauses their titles.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from ledger.domain.clauses import CLAUSES
from ledger.domain.enums import (
    AwardKind,
    BackboneLevel,
    CorrectionAction,
    DepartureKind,
    EvaluationGrade,
    ExemptionCategory,
    Gender,
    Labelled,
    PostingKind,
    RecordType,
    Role,
    Title,
)

Pair = tuple[str, str]
# The enumeration whose codes a record's field holds (a record's ``kind`` by its type).
KINDS: dict[str, type[Labelled]] = {"posting": PostingKind, "award": AwardKind, "departure": DepartureKind}
ENUMS: dict[str, type[Labelled]] = {
    "category": ExemptionCategory, "grade": EvaluationGrade, "title": Title, "level": BackboneLevel,
    "backbone_level": BackboneLevel, "gender": Gender, "role": Role, "action": CorrectionAction,
    "target_type": RecordType,
}


@cache
def _tables() -> dict[str, dict[str, Pair]]:
    """The glossary's tables (``glossary.toml``: field, in_context, kind, event), read once."""
    text = (resources.files(__package__) / "glossary.toml").read_text(encoding="utf-8")
    tables = {name: {k: (v["zh"], v["en"]) for k, v in table.items()} for name, table in tomllib.loads(text).items()}
    tables["clause"] = {c.id: (c.zh, c.en) for c in CLAUSES.values()}
    return tables


def fields() -> dict[str, Pair]:
    """Every field's label: ``name → (zh, en)``."""
    return _tables()["field"]


def pick(pair: Pair, lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def label(group: str, value: str, lang: str) -> str:
    """A glossary word in a language; a field's path (``changes.grade``, ``host_school_ids[1]``)
    is labelled part by part; a word the glossary lacks is shown as it is."""
    if group == "field":
        return field_label(value, lang)
    pair = _tables().get(group, {}).get(value)
    return pick(pair, lang) if pair else value


def field_label(name: str, lang: str, context: str | None = None) -> str:
    if context and (pair := _tables()["in_context"].get(f"{context}.{name}")):
        return pick(pair, lang)
    pair = fields().get(name)
    if pair:
        return pick(pair, lang)
    base, index = _split_index(name)
    if index is not None:
        ordinal = f"第{index + 1}项" if lang == "zh" else f"#{index + 1}"
        return f"{field_label(base, lang, context)} {ordinal}"
    if "." in name:
        head, rest = name.split(".", 1)
        if rest.isdigit():
            return field_label(f"{head}[{rest}]", lang, context)
        return f"{field_label(head, lang, context)} · {field_label(rest, lang, context)}"
    return name


def _split_index(name: str) -> tuple[str, int | None]:
    if name.endswith("]") and "[" in name:
        base, _, index = name[:-1].rpartition("[")
        if index.isdigit() and "." not in index:
            return base, int(index)
    return name, None


def enum_label(member: Labelled | None, lang: str) -> str:
    return "" if member is None else member.label(lang)


def value_enum(name: str, record_type: str | None = None) -> type[Labelled] | None:
    """The enumeration a record's field holds codes of (``gender`` → Gender; a posting's ``kind``
    → PostingKind), or None for a field of free values."""
    return KINDS.get(record_type or "") if name == "kind" else ENUMS.get(name)
