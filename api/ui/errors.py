"""The domain's typed errors, told in the page's language.

The domain names every bad field with an English message (``InvalidInput.errors``) and every broken
rule with its clause (``RuleViolation.clause``). The console shows each message beside its field:
in English as written, in Chinese through the patterns below (the checks of
``ledger.domain.values`` and the records' own checks); a message no pattern knows is shown as
written, after the field's Chinese label, so nothing the domain said is ever lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ledger.domain.errors import ConflictError, InvalidInput, LedgerError, NotFoundError

# (English message pattern, Chinese rendering) — the English comes from ledger.domain
ZH_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), zh) for p, zh in [
        (r"^is required(?: \((?P<clause>R-[A-Z-]+)\))?$", "必须填写{clause_note}"),
        (r"^must be 1–64 characters: .*$", "须为 1–64 个字母、数字或 . _ : -"),
        (r"^'(?P<value>.*)' is not a date \(YYYY-MM-DD\)$", "“{value}” 不是日期 (YYYY-MM-DD)"),
        (r"^must be a date(?: \(YYYY-MM-DD\))?.*$", "须为日期 (YYYY-MM-DD)"),
        (r"^must be between (?P<lo>\S+) and (?P<hi>\S+)$", "须在 {lo} 与 {hi} 之间"),
        (r"^'(?P<value>.*)' is not one of: .*$", "“{value}” 不是可选的值"),
        (r"^must be an integer$", "须为整数"),
        (r"^must be text$", "须为文字"),
        (r"^must be at most (?P<n>\d+) characters$", "最多 {n} 个字"),
        (r"^must not contain control characters$", "不能包含控制字符"),
        (r"^unknown clause id\(s\): (?P<ids>.*)$", "未知的条款编号: {ids}"),
        (r"^'(?P<value>.*)' is not an amount$", "“{value}” 不是金额"),
        (r"^must be a positive amount .*$", "须为不超过一亿元的正数金额"),
        (r"^must have at most two decimal places.*$", "最多两位小数"),
        (r"^must be after (?P<other>[a-z_]+)$", "须晚于{other}"),
        (r"^must not be before (?P<other>[a-z_]+)$", "不能早于{other}"),
        (r"^must not be after (?P<other>[a-z_]+)$", "不能晚于{other}"),
        (r"^lists a school twice$", "同一学校列了两次"),
        (r"^an itinerant posting \(走教\) serves at least two host schools$", "走教至少有两所接收学校"),
        (r"^a \S+ posting has exactly one host school$", "此类交流只有一所接收学校"),
        (r"^a hospital certificate reference is required.*$", "须提供县级以上医院证明 (R-EX-ILLNESS)"),
        (r"^a project deferral needs an end date.*$", "特色项目暂缓须有结束日期 (R-EX-PROJECT)"),
        (r"^the child is already three on this date.*$", "此日子女已满三周岁 (R-EX-CHILD)"),
        (r"^a subsidy needs an amount in CNY$", "交流补贴须填写金额"),
        (r"^only a subsidy carries an amount$", "只有交流补贴才有金额"),
        (r"^a void takes no changes$", "作废不需要填写更正内容"),
        (r"^name at least one field to amend$", "请至少填写一个更正字段"),
        (r"^every named field already has that value$", "所填字段已是该值"),
        (r"^cannot be amended on a (?P<kind>\S+); amendable: .*$", "此类记录不能更正此字段"),
        (r"^cannot be cleared$", "不能清空"),
        (r"^a void cannot be amended; void it to undo it$", "作废记录不能更正; 如需撤销请将其作废"),
        (r"^must be true or false$", "须为是或否"),
    ]
]


Label = Callable[[str], str]  # a field's name → its label in the page's language

# The field a broken rule is about, so its message also stands beside that field.
CLAUSE_FIELDS = {"R-POST-HOST": "host_school_ids", "R-POST-ONE": "start_date", "R-POST-EXEMPT": "override_exemption",
                 "R-EX-COUPLE": "spouse_teacher_id", "R-EX-PROJECT": "end_date"}


@dataclass(frozen=True)
class Shown:
    """An error as the page shows it: per field, and what belongs at the top of the form."""

    fields: dict[str, list[str]]
    summary: list[str]
    clause: str | None
    status: int


def message(text: str, lang: str, field_label: Label | None = None) -> str:
    """One domain message in the page's language (``field_label`` names a field the message cites)."""
    if lang != "zh":
        return text
    for pattern, zh in ZH_MESSAGES:
        found = pattern.match(text)
        if found:
            values = found.groupdict()
            if "other" in values and field_label is not None:
                values["other"] = field_label(values["other"])
            values["clause_note"] = f" ({values['clause']})" if values.get("clause") else ""
            return zh.format(**values)
    return text


def shown(error: LedgerError, lang: str, label: Label, known_fields: set[str]) -> Shown:
    """Where each part of an error goes on a form: field errors beside the fields the form has,
    the rest (and every rule or conflict) at the top."""
    fields: dict[str, list[str]] = {}
    summary: list[str] = []
    if isinstance(error, InvalidInput):
        for e in error.errors:
            text = message(e.message, lang, label)
            base = e.field.split(".", 1)[0]
            if base in known_fields:
                fields.setdefault(base, []).append(text if base == e.field else f"{e.field}: {text}")
            else:
                summary.append(f"{label(e.field)}: {text}")
        return Shown(fields, summary, None, 422)
    if isinstance(error, ConflictError):
        field = CLAUSE_FIELDS.get(error.clause or "")
        if field in known_fields:
            fields[field] = [error.detail]
        return Shown(fields, [error.detail], error.clause, 409)
    if isinstance(error, NotFoundError):
        return Shown(fields, [error.detail], None, 404)
    return Shown(fields, [error.detail], None, 400)
