"""An official document (公文): who issues it, its number (文号), its date, its title, its blocks
(headings, paragraphs, figures and tables) and a signature and seal line (落款、印章).

A document is words, not layout: every text is a catalogue ``Message``, a ``Text`` pair or a plain
value (a name, an id), so one document prints in Chinese, in English or in both. ``pdf.py`` lays
it out; its tables are ``Sheet``s, so each also exports as XLSX and CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.domain.messages import Message
from ledger.exporters.sheet import Column, Language, Sheet, Text

Words = Message | Text | str


def read(words: Any, language: Language) -> str:
    """Words (or a value) in the document's language (both: Chinese, then English)."""
    shown = words if isinstance(words, str) else Column("text").cell(words, language)
    return "" if shown is None else str(shown)


@dataclass(frozen=True)
class Heading:
    text: Words


@dataclass(frozen=True)
class Paragraph:
    text: Words


@dataclass(frozen=True)
class Figures:
    """Named figures, one a line (计划交流人数：12): a label and a value each."""

    items: tuple[tuple[Words, Any], ...]


Block = Heading | Paragraph | Figures | Sheet


@dataclass(frozen=True)
class Issuer:
    """The issuing body (发文机关), as it signs in each language."""

    zh: str
    en: str

    def text(self) -> Text:
        return Text(self.zh, self.en)

    @classmethod
    def configured(cls) -> Issuer:
        """The bureau the settings name (``LEDGER_ISSUER_ZH``, ``LEDGER_ISSUER_EN``)."""
        from ledger.settings import Settings  # noqa: PLC0415

        settings = Settings()
        return cls(settings.issuer_zh, settings.issuer_en)


@dataclass(frozen=True)
class Document:
    """``name`` is the file's stem; ``number`` the document number (文号), if it has one."""

    name: str
    title: Words
    issuer: Issuer
    issued: date
    blocks: tuple[Block, ...] = ()
    number: str | None = None
    sealed: bool = True
    notes: tuple[Words, ...] = field(default=())  # lines under the title (scope, period, status)

    def sheets(self) -> Iterator[Sheet]:
        return (b for b in self.blocks if isinstance(b, Sheet))


def dated(day: date, language: Language) -> str:
    """A document's date as it is signed: 2026年12月3日 / 3 December 2026."""
    return read(Message("document.date", year=str(day.year), month=str(day.month), day=str(day.day),
                        month_name=Message(f"month.m{day.month}")), language)


def of_sheet(sheet: Sheet, issuer: Issuer, issued: date, *, number: str | None = None) -> Document:
    """A sheet printed on its own, under the issuer's name and date."""
    return Document(sheet.name, sheet.title, issuer, issued, (sheet,), number=number, sealed=False)
