"""Reading one spreadsheet cell as the value a command needs, the way bureau spreadsheets write
them: dates as 2020-09-01, 2020/9/1, 2020.9.1, 2020年9月1日 or a date cell; enums by code or by
their Chinese or English label (男 / female, 支教 / support_teaching); yes/no as 是/否 too.

Each parser returns the JSON-native value (ISO date strings, enum codes) or raises ``CellError``
with a message for the import report.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ledger.domain.clauses import is_clause
from ledger.domain.enums import Labelled
from ledger.domain.values import ID_PATTERN, MAX_DATE, MIN_DATE

DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
LIST_SEPARATORS = re.compile(r"[;,、，；\s]+")
TRUE = {"true", "yes", "y", "1", "是", "对", "√"}
FALSE = {"false", "no", "n", "0", "否", "不", "×"}


class CellError(ValueError):
    """A cell that cannot be read as the value its column needs."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        raise CellError("must be text, not a date")
    return str(value).strip()


def ident(value: Any) -> str:
    result = text(value)
    if not ID_PATTERN.match(result):
        raise CellError(f"'{result}' is not an id (1–64 letters, digits, '.', '_', ':' or '-')")
    return result


def day(value: Any) -> str:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError(f"'{value}' is a time, not a date")
        value = value.date()
    if isinstance(value, date):
        parsed = value
    else:
        raw = text(value)
        parsed = None
        for pattern in DATE_PATTERNS:
            if m := pattern.match(raw):
                try:
                    parsed = date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise CellError(f"'{raw}' is not a date (no such day)") from None
                break
        if parsed is None:
            raise CellError(f"'{raw}' is not a date (YYYY-MM-DD)")
    if not MIN_DATE <= parsed <= MAX_DATE:
        raise CellError(f"{parsed} is outside {MIN_DATE} – {MAX_DATE}")
    return parsed.isoformat()


def choice(value: Any, enum: type[Labelled]) -> str:
    raw = text(value)
    for member in enum:
        if raw in (member.value, member.zh) or raw.lower() == member.en.lower():
            return member.value
    allowed = ", ".join(f"{m.value} ({m.zh})" for m in enum)
    raise CellError(f"'{raw}' is not one of: {allowed}")


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise CellError(f"'{raw}' is not yes or no (true/false, 是/否)")


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value)
    if not re.fullmatch(r"-?\d+", raw):
        raise CellError(f"'{raw}' is not a whole number")
    return int(raw)


def ids(value: Any) -> list[str]:
    return [ident(part) for part in LIST_SEPARATORS.split(text(value)) if part]


def amount(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = repr(value)
    raw = text(value).replace(",", "").replace("，", "").removesuffix("元")
    try:
        parsed = Decimal(raw)
    except InvalidOperation:
        raise CellError(f"'{raw}' is not an amount in CNY") from None
    if not parsed.is_finite():
        raise CellError(f"'{raw}' is not an amount in CNY")
    return str(int(parsed)) if parsed == parsed.to_integral() else str(parsed)


def mapping(value: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(text(value))
    except json.JSONDecodeError:
        raise CellError('must be a JSON object of field: new value, e.g. {"ended_on": "2022-08-30"}') from None
    if not isinstance(parsed, dict):
        raise CellError('must be a JSON object of field: new value, e.g. {"ended_on": "2022-08-30"}')
    return parsed


def clauses(value: Any) -> list[str]:
    found = [part for part in LIST_SEPARATORS.split(text(value)) if part]
    unknown = [c for c in found if not is_clause(c)]
    if unknown:
        raise CellError(f"unknown clause id(s): {', '.join(unknown)}")
    return found
