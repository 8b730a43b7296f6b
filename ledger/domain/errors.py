"""Typed domain errors. The API maps them, in one place, to RFC 9457 problem details:
``NotFoundError`` → 404, ``ConflictError`` (and ``RuleViolation``) → 409, ``InvalidInput`` → 422.
"""

from __future__ import annotations

from dataclasses import dataclass


class LedgerError(Exception):
    """Base of every error the ledger raises for a caller's mistake."""

    title = "Ledger error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(LedgerError):
    title = "Not found"

    def __init__(self, kind: str, ident: str, detail: str | None = None) -> None:
        super().__init__(detail or f"{kind} '{ident}' is not registered")
        self.kind = kind
        self.ident = ident


class ConflictError(LedgerError):
    """The command contradicts what is recorded (a duplicate id with other content, a state
    that no longer allows it). ``clause`` names the rule when one was broken."""

    title = "Conflict"

    def __init__(self, detail: str, clause: str | None = None) -> None:
        super().__init__(detail)
        self.clause = clause


class RuleViolation(ConflictError):
    """A policy invariant would be broken; always names its clause id."""

    title = "Rule violated"

    def __init__(self, clause: str, detail: str) -> None:
        super().__init__(detail, clause=clause)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class InvalidInput(LedgerError):
    """One or more fields are malformed (bad date, unknown enum value, unknown clause id …)."""

    title = "Invalid input"

    def __init__(self, errors: list[FieldError]) -> None:
        assert errors, "InvalidInput needs at least one field error"
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls([FieldError(field, message)])
