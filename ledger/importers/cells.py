"""Reading one spreadsheet cell as the value a command needs, the way bureau spreadsheets write
them: dates as 2020-09-01, 2020/9/1, 2020.9.1, 2020年9月1日 or a date cell; enums by code or by
their Chinese or English label (男 / female, 支教 / support_teaching); yes/no as 是/否 too.

Each parser returns the JSON-native value (ISO date strings, enum codes) or raises ``CellError``
with a catalogue message for the import report.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ledger.domain.clauses import is_clause
from ledger.domain.enums import Labelled
from ledger.domain.messages import Message
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
    """A cell that cannot be read as the value its column needs: a catalogue message."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.msg = Message(code, **params)
        super().__init__(self.msg.render())


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        raise CellError("cell.text_not_date")
    return str(value).strip()


def ident(value: Any) -> str:
    result = text(value)
    if not ID_PATTERN.match(result):
        raise CellError("cell.ident", value=result)
    return result


def day(value: Any) -> str:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError("cell.time", value=str(value))
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
                    raise CellError("cell.no_such_day", value=raw) from None
                break
        if parsed is None:
            raise CellError("field.not_a_date", value=raw)
    if not MIN_DATE <= parsed <= MAX_DATE:
        raise CellError("cell.date_range", value=parsed, lo=MIN_DATE, hi=MAX_DATE)
    return parsed.isoformat()


def choice(value: Any, enum: type[Labelled]) -> str:
    raw = text(value)
    for member in enum:
        if raw in (member.value, member.zh) or raw.lower() == member.en.lower():
            return member.value
    raise CellError("cell.not_one_of", value=raw, allowed=[Message("cell.choice", code=m.value, zh=m.zh) for m in enum])


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise CellError("cell.flag", value=raw)


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("cell.whole_number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value)
    if not re.fullmatch(r"-?\d+", raw):
        raise CellError("cell.not_whole_number", value=raw)
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
        raise CellError("cell.amount", value=raw) from None
    if not parsed.is_finite():
        raise CellError("cell.amount", value=raw)
    return str(int(parsed)) if parsed == parsed.to_integral() else str(parsed)


def mapping(value: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(text(value))
    except json.JSONDecodeError:
        raise CellError("cell.mapping") from None
    if not isinstance(parsed, dict):
        raise CellError("cell.mapping")
    return parsed


def clauses(value: Any) -> list[str]:
    found = [part for part in LIST_SEPARATORS.split(text(value)) if part]
    unknown = [c for c in found if not is_clause(c)]
    if unknown:
        raise CellError("field.unknown_clauses", ids=unknown)
    return found
