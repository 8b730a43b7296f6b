"""The message catalogue: every code renders in both languages, every code the ledger uses is in it,
every code in it is used; parameters render by type; the glossary labels what messages cite."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

from api.errors import HTTP_SLUGS, PROBLEMS
from ledger.domain.enums import ExemptionCategory, PostingKind
from ledger.domain.errors import FieldError, InvalidInput, RuleViolation
from ledger.domain.glossary import field_label, fields
from ledger.domain.messages import Label, Message, Term, catalogue, field_term, render

MESSAGES = catalogue()

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*(ROOT / "ledger").rglob("*.py"), *(ROOT / "api").rglob("*.py")]
TEMPLATES = list((ROOT / "api" / "templates").rglob("*.html"))
CATALOGUE: list[Path] = []  # the catalogue is data: no source file holds its texts
CJK = re.compile(r"[\u4e00-\u9fff]")
# Calls that take a message code, and the position of the code among their arguments.
CODE_CALLS = {"Message": 0, "ConflictError": 0, "LedgerError": 0, "CellError": 0, "ImportFileError": 0,
              "BackupError": 0, "CheckpointError": 0, "RuleViolation": 1, "one": 1, "of": 1, "fail": 1,
              "http_error": 1, "NotFoundError": 2}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def codes_used() -> set[str]:
    """Every string argument of a code-taking call, and every ``WHAT = "…"`` of a command."""
    found: set[str] = set()
    for path in SOURCES:
        if path in CATALOGUE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                at = CODE_CALLS.get(name)
                if at is not None and len(node.args) > at and isinstance(node.args[at], ast.Constant) \
                        and isinstance(node.args[at].value, str):
                    found.add(node.args[at].value)
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "WHAT" for t in node.targets):
                if isinstance(node.value, ast.Constant):
                    found.add(node.value.value)
    return found


def codes_made_up() -> set[str]:
    """Codes the ledger composes rather than spells out whole."""
    slugs = {slug for _, _, slug in PROBLEMS} | set(HTTP_SLUGS.values()) | {"error"}
    return ({f"problem.{s}" for s in slugs} | {f"http.{status}" for status in (404, 405, 415, 500, 503)}
            | {f"measure.{what}_{verb}" for what in ("schools", "districts") for verb in ("meeting", "within")}
            | {f"store.{kind}" for kind in ("unreachable", "busy", "full")} | {f"month.m{n}" for n in range(1, 13)})


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_renders_in_both_languages(code: str) -> None:
    zh, en = MESSAGES[code]
    assert zh.strip() and en.strip(), code
    assert CJK.search(zh) or not (set(zh) - set(string.punctuation + string.whitespace + "：（），、；。{}")) or \
        placeholders(zh) and not re.sub(r"\{[a-z_]+\}|[\s\W]", "", zh), f"{code}: {zh!r} is not Chinese"
    params = {name: "x" for name in placeholders(zh) | placeholders(en)}
    for lang in ("zh", "en"):
        assert "{" not in render(code, params, lang).replace("{{", ""), (code, lang)


def test_every_code_the_ledger_uses_is_in_the_catalogue() -> None:
    used = codes_used()
    assert len(used) > 150  # the scan finds the codes, not nothing
    assert sorted(used - MESSAGES.keys()) == []


def test_every_code_in_the_catalogue_is_used() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in [*SOURCES, *TEMPLATES])
    console = set(re.findall(r"""t\(\s*['"]([a-z_][a-z0-9_.]*)['"]""", text))  # t('nav.teachers') in templates
    console |= set(re.findall(r"""['"]([a-z_]+\.[a-z0-9_.]+)['"]""", text))  # keys the console's code passes on
    families = set(re.findall(r"""['"]([a-z_.]+\.)['"]\s*~""", text))  # t('status.' ~ row.status)
    unused = [code for code in MESSAGES if code not in codes_made_up() and f'"{code}"' not in text
              and f"'{code}'" not in text and not (code.startswith("ui.") and console_used(code, console, families))]
    assert unused == []


def console_used(code: str, keys: set[str], families: set[str]) -> bool:
    key = code.removeprefix("ui.").removeprefix("word.")
    return key in keys or any(key.startswith(family) for family in families)


def test_parameters_render_by_type_in_each_language() -> None:
    kinds = [PostingKind.SUPPORT_TEACHING, PostingKind.ITINERANT]
    message = Message("due.on_posting", posting="P-1", kind=kinds[0], hosts=["S-1", "S-2"], since=date(2020, 9, 1))
    assert message.render("en") == "on posting 'P-1' (support_teaching) at S-1, S-2 from 2020-09-01"
    assert message.render("zh") == "自 2020-09-01 起正在交流“P-1”（支教），在 S-1、S-2"
    assert message.render("en", labels=True).startswith("on posting 'P-1' (support teaching)")
    assert Message("field.after", other=field_term("start_date")).render("zh") == "须晚于开始日期"
    assert Message("exemption.female_only", category=Label(ExemptionCategory.CHILD_UNDER_3)).render("en") == (
        "a child under three exemption applies to female teachers")
    assert Message("quota.describe_cap", measure=Message("measure.leaders_rotated"), numerator=2, denominator=4,
                   required=1, share="", clause="R-Q-LEADERS", title=Term("clause", "R-Q-LEADERS")).render("en") == (
        "leaders rotated / leadership team: 2 of 4; at most 1 (R-Q-LEADERS, Leadership rotation cap)")
    assert message.wire_params() == {"posting": "P-1", "kind": "support_teaching", "hosts": ["S-1", "S-2"],
                                     "since": "2020-09-01"}


def test_an_error_carries_its_code_and_renders_every_field_in_each_language() -> None:
    refused = RuleViolation("R-POST-HOST", "posting.host_is_home", school="S-URBAN", on=date(2020, 9, 1))
    assert (refused.code, refused.clause) == ("posting.host_is_home", "R-POST-HOST")
    assert refused.detail == "school 'S-URBAN' is the teacher's home school on 2020-09-01"
    assert refused.render("zh") == "学校“S-URBAN”在 2020-09-01 是该教师的人事关系所在学校"
    invalid = InvalidInput([FieldError.of("start_date", "field.required"),
                            FieldError.of("host_school_ids[1]", "field.ident")])
    assert invalid.detail.startswith("start_date: is required; host_school_ids[1]: must be 1–64 characters")
    assert invalid.render("zh").startswith("开始日期：必须填写；接收学校 第2项：须为 1–64 个")


def test_a_code_not_in_the_catalogue_is_refused() -> None:
    with pytest.raises(KeyError):
        Message("posting.no_such_message").render()
    with pytest.raises(KeyError):
        Message("an English sentence instead of a code").render()


def test_every_field_a_form_or_file_shows_has_labels_in_both_languages() -> None:
    for name, (zh, en) in fields().items():
        assert CJK.search(zh) and en and not CJK.search(en), name
    assert field_label("school_id", "zh", "evaluation") == "考核学校"
    assert field_label("policy_clauses.0", "en") == "Policy clauses #1"
    assert field_label("changes.grade", "zh") == "更正内容 · 考核等次"
