"""One catalogue of everything the ledger says to people, in Chinese and English.

A message is a *code* with *parameters* (``Message("posting.already_reported", posting="P-1",
on=date(2026, 9, 1))``); the catalogue holds each code's two templates, ``{name}`` placeholders
filled from the parameters. Errors, rule refusals, due-list reasons, service-record explanations,
quota descriptions and notices all carry messages, so the API can answer in the language a client
asks for (with the code and parameters beside the text), the command line in the shell's, and the
console in the page's.

Parameters render by type: an enum member (``Labelled``) as its label, a ``Term`` (a field name or
a kind of thing) through the glossary, a date in ISO form, a list joined with the language's
separator (、 or ", "), a nested ``Message`` rendered in turn. In English, unless ``labels`` is
asked for, enum members and field names stay the codes an API client sends (``regular_rotation``,
``start_date``): the API's English is about its own vocabulary; the console asks for labels.

The catalogue is data, split by area (``fields.toml``, ``postings.toml`` … and ``ui.toml``, the
console's own words): in each file a table per code's first part, a key per the rest, each with
its ``zh`` and ``en`` template. It is read once, when a message is first rendered.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from ledger.domain.enums import Labelled

LANGUAGES = ("zh", "en")
ALWAYS_LABELLED = frozenset({"clause"})  # a clause's title reads as words in every language
SEPARATORS = {"zh": "、", "en": ", "}


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """Every message: ``code → (zh, en)``, from the catalogue's files (read once)."""
    found: dict[str, tuple[str, str]] = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        for head, table in tomllib.loads(entry.read_text(encoding="utf-8")).items():
            for rest, pair in table.items():
                code = f"{head}.{rest}"
                assert code not in found, f"message code {code} defined twice"
                found[code] = (pair["zh"], pair["en"])
    return found


@dataclass(frozen=True, slots=True)
class Term:
    """A word from the glossary: a field's name (``Term("field", "start_date")``) or a kind of
    thing (``Term("kind", "school")``). Rendered as its label; in the API's English, as itself."""

    group: str
    value: str

    def __str__(self) -> str:
        return self.value


def field_term(name: str) -> Term:
    return Term("field", name)


@dataclass(frozen=True, slots=True)
class Label:
    """An enum member shown by its label in every language (where the API's English, too, reads
    better in words: "a child under three exemption")."""

    member: Labelled

    def __str__(self) -> str:
        return self.member.en


@dataclass(frozen=True)
class Message:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, code: str, /, **params: Any) -> None:
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "params", params)

    def render(self, lang: str = "en", *, labels: bool = False) -> str:
        return render(self.code, self.params, lang, labels=labels)

    def wire_params(self) -> dict[str, Any]:
        """The parameters as plain JSON (codes, ISO dates, lists), for API clients."""
        return {k: wire(v) for k, v in self.params.items()}

    def __str__(self) -> str:
        return self.render()

    def __hash__(self) -> int:
        return hash((self.code, repr(sorted(self.params.items()))))


def render(code: str, params: Mapping[str, Any], lang: str = "en", *, labels: bool = False) -> str:
    """One message in a language (``zh`` or ``en``)."""
    templates = catalogue().get(code)
    if templates is None:
        raise KeyError(f"no message '{code}' in the catalogue")
    template = templates[0] if lang == "zh" else templates[1]
    if not params:
        return template
    return template.format_map({k: _text(v, lang, labels) for k, v in params.items()})


def _text(value: Any, lang: str, labels: bool) -> str:
    from ledger.domain.glossary import label  # noqa: PLC0415 (the glossary reads the enums, as this does)

    if isinstance(value, str) and not isinstance(value, Labelled):
        return value
    if isinstance(value, Labelled):
        return value.label(lang) if lang == "zh" or labels else value.value
    if isinstance(value, Label):
        return value.member.label(lang)
    if isinstance(value, Term):
        shown = lang == "zh" or labels or value.group in ALWAYS_LABELLED
        return label(value.group, value.value, lang) if shown else value.value
    if isinstance(value, Message):
        return value.render(lang, labels=labels)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return SEPARATORS.get(lang, ", ").join(_text(v, lang, labels) for v in items)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return render("word.none", {}, lang)
    return str(value)


def wire(value: Any) -> Any:
    if isinstance(value, Labelled | Term):
        return value.value
    if isinstance(value, Label):
        return value.member.value
    if isinstance(value, Message):
        return {"code": value.code, "params": value.wire_params()}
    if isinstance(value, list | tuple | set | frozenset):
        return [wire(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
