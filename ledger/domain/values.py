"""Parsing and checking command values. A ``Checks`` object collects every bad field and raises
one ``InvalidInput`` naming all of them, so a caller learns everything wrong at once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from ledger.domain.clauses import is_clause
from ledger.domain.dates import aware, parse_moment
from ledger.domain.enums import Labelled
from ledger.domain.errors import FieldError, InvalidInput

E = TypeVar("E", bound=Labelled)

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}$")
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)
SHORT_TEXT = 200
LONG_TEXT = 2000


# control characters (Unicode category Cc) other than tab and newline, and lone surrogates (Cs)
_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _bad_characters(text: str) -> bool:
    return _BAD_CHARACTERS.search(text) is not None


@dataclass
class Checks:
    errors: list[FieldError] = field(default_factory=list)

    def fail(self, name: str, code: str, /, **params: object) -> None:
        self.errors.append(FieldError.of(name, code, **params))

    def done(self) -> None:
        if self.errors:
            raise InvalidInput(list(self.errors))

    def ident(self, name: str, value: object) -> str:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.fail(name, "field.ident")
            return ""
        return value

    def text(
        self, name: str, value: object, *, required: bool = True, max_len: int = SHORT_TEXT
    ) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(name, "field.required")
            return None
        if not isinstance(value, str):
            self.fail(name, "field.text")
            return None
        if len(value) > max_len:
            self.fail(name, "field.too_long", max=max_len)
            return None
        if _bad_characters(value):
            self.fail(name, "field.control_characters")
            return None
        return value.strip()

    def date(self, name: str, value: object, *, required: bool = True) -> date | None:
        if value is None or value == "":
            if required:
                self.fail(name, "field.required")
            return None
        if isinstance(value, datetime):
            self.fail(name, "field.date_not_time")
            return None
        if isinstance(value, date):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = date.fromisoformat(value)
            except ValueError:
                self.fail(name, "field.not_a_date", value=value)
                return None
            if len(value) != 10:
                self.fail(name, "field.not_a_date", value=value)
                return None
        else:
            self.fail(name, "field.date")
            return None
        if not MIN_DATE <= parsed <= MAX_DATE:
            self.fail(name, "field.between", lo=MIN_DATE, hi=MAX_DATE)
            return None
        return parsed

    def enum(self, name: str, cls: type[E], value: object, *, required: bool = True) -> E | None:
        if value is None or value == "":
            if required:
                self.fail(name, "field.required")
            return None
        member = cls._value2member_map_.get(value) if isinstance(value, str) else None
        if member is not None:
            return member  # type: ignore[return-value]
        try:
            return cls(value)
        except ValueError:
            self.fail(name, "field.not_one_of", value=value, allowed=list(cls))
            return None

    def clauses(self, name: str, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str) or not isinstance(value, Iterable):
            self.fail(name, "field.clause_list")
            return ()
        ids = list(value)
        unknown = [c for c in ids if not isinstance(c, str) or not is_clause(c)]
        if unknown:
            self.fail(name, "field.unknown_clauses", ids=[str(u) for u in unknown])
            return ()
        return tuple(dict.fromkeys(ids))  # keep order, drop repeats

    def amount(self, name: str, value: object, *, required: bool = True) -> Decimal | None:
        if value is None or value == "":
            if required:
                self.fail(name, "field.required")
            return None
        if isinstance(value, float | bool):
            self.fail(name, "field.amount_type")
            return None
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            self.fail(name, "field.not_an_amount", value=value)
            return None
        if not amount.is_finite() or amount <= 0 or amount > Decimal("100000000"):
            self.fail(name, "field.amount_range")
            return None
        if amount.as_tuple().exponent < -2:  # type: ignore[operator]
            self.fail(name, "field.amount_places")
            return None
        return amount

    def score(self, name: str, value: object, *, lo: int = 0, hi: int = 100) -> Decimal | None:
        """A quantified evaluation score (年度量化考核分): a number from ``lo`` to ``hi`` with at
        most two decimal places, sent as a number or as decimal text."""
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.fail(name, "field.score", lo=lo, hi=hi)
            return None
        try:
            score = Decimal(str(value))
        except InvalidOperation:
            self.fail(name, "field.score", lo=lo, hi=hi)
            return None
        if not score.is_finite() or not lo <= score <= hi or score.as_tuple().exponent < -2:  # type: ignore[operator]
            self.fail(name, "field.score", lo=lo, hi=hi)
            return None
        return Decimal(int(score)) if score == score.to_integral_value() else score

    def integer(self, name: str, value: object, *, lo: int, hi: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, "field.integer")
            return None
        if not lo <= value <= hi:
            self.fail(name, "field.between", lo=lo, hi=hi)
            return None
        return value

    def moment(self, name: str, value: object) -> datetime | None:
        """A recorded moment (ISO 8601; UTC when it names no offset), or None when not given."""
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return aware(value)
        try:
            return parse_moment(value)  # type: ignore[arg-type]
        except ValueError:
            self.fail(name, "field.moment", value=value) if isinstance(value, str) else self.fail(name, "field.moment_type")
            return None

    def month_day(self, name: str, value: object) -> str | None:
        """A day of the year as ``MM-DD`` (e.g. ``08-10`` for 10 August)."""
        if isinstance(value, str) and re.fullmatch(r"\d{2}-\d{2}", value):
            try:
                date.fromisoformat(f"2000-{value}")  # a leap year: 02-29 is a day of the year
                return value
            except ValueError:
                pass
        self.fail(name, "field.month_day")
        return None

    def boolean(self, name: str, value: object) -> bool:
        if not isinstance(value, bool):
            self.fail(name, "field.boolean")
            return False
        return value


def iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def to_date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)
