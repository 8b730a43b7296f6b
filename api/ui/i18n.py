"""The console's words, in Chinese (the default) and English.

Every visible string of the console comes from the ledger's one catalogue: the console's own words
(``ui.<key>`` in ``ledger/domain/messages/ui.toml``, asked for as ``t('<key>')``), the messages the
ledger produces (``t.told(message)``), the glossary's labels of fields and events, the enum
members' and clauses' own labels.
"""

from __future__ import annotations

from typing import Any

from ledger.domain.glossary import field_label, label
from ledger.domain.messages import SEPARATORS, Message
from ledger.domain.enums import Labelled

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def text_code(key: str) -> str:
    """The catalogue code of a console word: ``nav.teachers`` → ``ui.nav.teachers``, ``app`` →
    ``ui.word.app``."""
    return f"ui.{key}" if "." in key else f"ui.word.{key}"


class Translator:
    """What a template needs to speak the page's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def __call__(self, key: str, **values: Any) -> str:
        return Message(text_code(key), **values).render(self.lang, labels=True)

    def field(self, name: str, context: str | None = None) -> str:
        """A field's label from the glossary (``context``: the kind of record it belongs to)."""
        return field_label(name, self.lang, context)

    def label(self, member: Labelled | None) -> str:
        return "" if member is None else member.label(self.lang)

    def enum(self, cls: type[Labelled], value: str | None) -> str:
        """The label of an enum value as stored in a payload (the value itself if unknown)."""
        if value is None:
            return ""
        try:
            return cls(value).label(self.lang)
        except ValueError:
            return value

    def event(self, event_type: str) -> str:
        """An event's name as recorded (``PostingRecorded``), in words."""
        named = label("event", event_type, self.lang)
        return named.capitalize() if named != event_type else event_type

    def told(self, message: Message | None) -> str:
        """A catalogue message in the page's language, its fields and values by their labels."""
        return "" if message is None else message.render(self.lang, labels=True)

    def clause(self, clause_id: str) -> str:
        return label("clause", clause_id, self.lang)

    def join(self, items: Any) -> str:
        """Items joined with the page's list separator: 、 in Chinese, ", " in English."""
        return SEPARATORS[self.lang].join(str(item) for item in items)

    def pairs(self, items: Any) -> str:
        """(label, text) pairs in a line, punctuated as the page's language writes them:
        ``开始日期：2026-09-01；结束日期：…`` in Chinese, ``Start date: 2026-09-01; End date: …`` in English."""
        colon, semicolon = ("：", "；") if self.lang == "zh" else (": ", "; ")
        return semicolon.join(f"{name}{colon}{text}" for name, text in items)

    def other(self) -> str:
        return "en" if self.lang == "zh" else "zh"
