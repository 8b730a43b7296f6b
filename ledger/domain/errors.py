"""Typed domain errors. The API maps them, in one place, to RFC 9457 problem details:
``NotFoundError`` → 404, ``ConflictError`` (and ``RuleViolation``) → 409, ``InvalidInput`` → 422.

Every error carries a message code and its parameters (``ledger.domain.messages``); ``detail`` is
its English text, ``render(lang)`` its text in a language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ledger.domain.messages import Message, Term, field_term


class LedgerError(Exception):
    """Base of every error the ledger raises for a caller's mistake."""

    title = "Ledger error"

    def __init__(self, code: str, /, **params: Any) -> None:
        self.msg = Message(code, **params)
        super().__init__(self.detail)

    @property
    def code(self) -> str:
        return self.msg.code

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.msg.params)

    @property
    def detail(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en", *, labels: bool = False) -> str:
        return self.msg.render(lang, labels=labels)


class NotFoundError(LedgerError):
    title = "Not found"

    def __init__(self, kind: str, ident: str, code: str = "not_found.registered", /, **params: Any) -> None:
        super().__init__(code, kind=Term("kind", kind), ident=ident, **params)
        self.kind = kind
        self.ident = ident


class ConflictError(LedgerError):
    """The command contradicts what is recorded (a duplicate id with other content, a state
    that no longer allows it). ``clause`` names the rule when one was broken."""

    title = "Conflict"

    def __init__(self, code: str, /, *, clause: str | None = None, **params: Any) -> None:
        super().__init__(code, **params)
        self.clause = clause


class RuleViolation(ConflictError):
    """A policy invariant would be broken; always names its clause id."""

    title = "Rule violated"

    def __init__(self, clause: str, code: str, /, **params: Any) -> None:
        super().__init__(code, clause=clause, **params)


@dataclass(frozen=True)
class FieldError:
    """One bad field: its name (as the command names it) and what is wrong with it (``msg``)."""

    field: str
    msg: Message

    @classmethod
    def of(cls, field: str, code: str, /, **params: Any) -> FieldError:
        return cls(field, Message(code, **params))

    @property
    def message(self) -> str:
        """What is wrong, in English."""
        return self.msg.render("en")


class InvalidInput(LedgerError):
    """One or more fields are malformed (bad date, unknown enum value, unknown clause id …)."""

    title = "Invalid input"

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        assert self.errors, "InvalidInput needs at least one field error"
        super().__init__("invalid.fields", fields=[e.field for e in self.errors])

    def render(self, lang: str = "en", *, labels: bool = False) -> str:
        """Every bad field with what is wrong, e.g. ``start_date: is required; kind: …``."""
        return render_field_errors(self.errors, lang, labels=labels)

    @classmethod
    def one(cls, field: str, code: str, /, **params: Any) -> InvalidInput:
        return cls([FieldError.of(field, code, **params)])


def render_field_errors(errors: Iterable[FieldError], lang: str, *, labels: bool = False) -> str:
    items = (Message("invalid.field", field=field_term(e.field), message=e.msg) for e in errors)
    return ("；" if lang == "zh" else "; ").join(m.render(lang, labels=labels) for m in items)
