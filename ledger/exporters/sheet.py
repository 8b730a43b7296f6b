"""A table to export: columns with Chinese and English headers, rows keyed by column, and how a
value reads in the file's language.

Rows hold the values the policy engine and the read model already answer with (their rows and
view items); a column only says how to show them: codes of an enumeration by their label
(``support_teaching`` → 支教 / support teaching), messages in the file's language, yes/no as 是/否,
lists joined by ``; ``, dates as dates. Headers are the glossary's labels of the columns' keys
(``ledger.domain.glossary``), so an export, the console and the importer name a field alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from ledger.domain.enums import Labelled
from ledger.domain.glossary import field_label, label, value_enum
from ledger.domain.messages import Message, Term

Language = Literal["both", "zh", "en"]
LANGUAGES: tuple[Language, ...] = ("both", "zh", "en")
Kind = Literal["text", "date", "number"]


class Text(NamedTuple):
    """A value with a Chinese and an English wording (a clause's title, a group's name)."""

    zh: str
    en: str

    def read(self, language: Language) -> str:
        if language == "zh":
            return self.zh
        if language == "en":
            return self.en
        return f"{self.zh} / {self.en}" if self.zh != self.en else self.zh


class Fields(NamedTuple):
    """A record's fields, shown as labelled pairs; ``record_type`` tells which codes its ``kind``
    holds."""

    values: dict[str, Any]
    record_type: str | None = None


YES, NO = Message("word.yes"), Message("word.no")


@dataclass(frozen=True)
class Column:
    key: str
    kind: Kind = "text"
    labels: type[Labelled] | None = None  # the enumeration whose codes this column holds
    context: str | None = None  # the kind of sheet, for the glossary's narrower labels

    def header(self, language: Language) -> str:
        return Text(field_label(self.key, "zh", self.context), field_label(self.key, "en", self.context)).read(language)

    def cell(self, value: Any, language: Language) -> Any:
        """The value as the file shows it: a number, an ISO date text, or text (None: empty)."""
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return self.cell(YES if value else NO, language)
        if isinstance(value, Text):
            return value.read(language)
        if isinstance(value, Fields):
            return self.pairs(value.values, language, value.record_type)
        if isinstance(value, Message):
            return Text(value.render("zh", labels=True), value.render("en", labels=True)).read(language)
        if isinstance(value, Term):
            return Text(label(value.group, value.value, "zh"), label(value.group, value.value, "en")).read(language)
        if self.labels is not None and isinstance(value, str):
            try:
                member = self.labels(value)
            except ValueError:
                return value  # a code this version does not know: shown as recorded
            return Text(member.zh, member.en).read(language)
        if isinstance(value, int | float) or self.kind == "date":
            return value
        if isinstance(value, list | tuple):
            sep = "、" if language == "zh" else "; "
            return sep.join(str(self.cell(v, language)) for v in value if v is not None)
        if isinstance(value, dict):
            return self.pairs(value, language)
        return str(value)

    def pairs(self, value: dict[str, Any], language: Language, record_type: str | None = None) -> str:
        """A record's fields as people read them: ``姓名：张霞桂；性别：女`` (empty fields left out,
        codes by their labels, nested values as JSON), in Chinese unless the file is English alone."""
        lang: Language = "en" if language == "en" else "zh"
        colon, sep = (": ", "; ") if lang == "en" else ("：", "；")
        shown = []
        for key, item in value.items():
            if item in (None, "", [], {}):
                continue
            enum = value_enum(key, record_type)
            if isinstance(item, bool | str) or (isinstance(item, list) and all(isinstance(x, str) for x in item)):
                text = Column(key, labels=enum).cell(item, lang)
            else:
                text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            shown.append(f"{field_label(key, lang, self.context)}{colon}{text}")
        return sep.join(shown)


@dataclass(frozen=True)
class Sheet:
    """One exported table. ``name`` is the file name's stem (``due-list-2026``); ``printed`` the
    keys of the columns a printed page keeps (all when empty: a spreadsheet has room, A4 has not)."""

    name: str
    title: Message | Text
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    printed: tuple[str, ...] = ()

    def printed_columns(self) -> tuple[Column, ...]:
        if not self.printed:
            return self.columns
        by_key = {c.key: c for c in self.columns}
        return tuple(by_key[k] for k in self.printed)

    def title_in(self, language: Language) -> str:
        return str(Column("title").cell(self.title, language))

    def header(self, language: Language) -> list[str]:
        return [c.header(language) for c in self.columns]

    def cells(self, language: Language) -> Iterator[list[Any]]:
        for row in self.rows:
            yield [c.cell(row.get(c.key), language) for c in self.columns]


def columns(*specs: str | tuple[Any, ...], context: str | None = None) -> tuple[Column, ...]:
    """Columns from keys, or ``(key[, kind][, labels])`` tuples; headers from the glossary."""
    made = []
    for spec in specs:
        key, *rest = (spec,) if isinstance(spec, str) else spec
        kind = next((r for r in rest if isinstance(r, str)), "text")
        labels = next((r for r in rest if isinstance(r, type)), None)
        made.append(Column(key, kind, labels, context))
    return tuple(made)


def joined(values: Iterable[Any], sep: str = "; ") -> str:
    return sep.join(str(v) for v in values if v not in (None, ""))
