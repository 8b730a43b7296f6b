"""The console's parts on their own — messages told in Chinese, the rulebook's anchors, the timeline
geometry, the downloads — and what the other console tests share (reading pages, signing
in, a small county)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

from openpyxl import load_workbook

from api.ui.errors import shown, told
from api.ui.i18n import Translator
from api.ui.present import value_text
from api.ui.rules import render_rulebook, rulebook
from api.ui.timeline import timeline
from api.ui.web import moment_text
from ledger.domain.clauses import CLAUSES
from ledger.domain.errors import FieldError, InvalidInput, RuleViolation
from ledger.domain.glossary import fields
from ledger.domain.messages import Message, catalogue, field_term
from ledger.domain.enums import Area, SchoolKind, SchoolLevel, Tier
from ledger.domain.school import Classification, SchoolFacts
from ledger.exporters.formats import csv_bytes, xlsx_bytes
from tests.support import posting, seed_schools, teacher


# ---------------------------------------------------------------------- shared by the console tests
class Html(HTMLParser):
    """A page's elements by id, its labels, and its text — enough to check what a page shows."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str]] = {}
        self.label_for: set[str] = set()
        self.controls: dict[str, str] = {}  # id → tag of every form control
        self.texts: dict[str, list[str]] = {}
        self.open: list[tuple[str, str | None]] = []
        self.feed(text)
        self.text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, **a}
            self.texts[a["id"]] = []
        if tag == "label" and "for" in a:
            self.label_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls[a.get("id", f"<{a.get('name')} without id>")] = tag
        if tag not in ("input", "br", "meta", "link", "line", "rect"):
            self.open.append((tag, a.get("id")))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self.open:
            if ident is not None:
                self.texts[ident].append(data)

    def text_of(self, ident: str) -> str:
        return re.sub(r"\s+", " ", "".join(self.texts[ident])).strip()

    def value(self, ident: str) -> str:
        return self.ids[ident].get("value", "")


def sign_in(api: Any, role: str = "admin", next: str = "/ui/teachers") -> Any:
    """Signs in as a browser does: the sign-in form first (its token), then the key."""
    token = csrf_of(api.client.get("/ui/signin").text)
    answer = api.client.post("/ui/signin", data={"key": api.keys[role], "next": next, "csrf": token},
                             follow_redirects=False)
    assert answer.status_code == 303
    return answer


def csrf_of(page: str) -> str:
    """The form token a console page carries (every form posts it back)."""
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no form token"
    return found.group(1)


def county(api: Any) -> None:
    """Five schools, one teacher with a posting at the village school; the views caught up."""
    ledger = api.runtime.ledger
    seed_schools(ledger)
    teacher(ledger)
    posting(ledger)
    caught_up(api)


def caught_up(api: Any) -> None:
    assert api.runtime.read_model.wait_for(api.runtime.ledger.recorder.max_notification_id(), timeout=10)


# ---------------------------------------------------------------------- the parts
def test_every_console_word_and_field_label_is_given_in_both_languages() -> None:
    words = {code: pair for code, pair in catalogue().items() if code.startswith("ui.")}
    assert len(words) > 150
    for table in (words, fields()):
        for key, (zh, en) in table.items():
            assert zh and en, key
            assert re.search(r"[\u4e00-\u9fff]", zh), f"{key}: no Chinese in {zh!r}"
    assert Translator("zh")("nav.teachers") == "教师" and Translator("en")("school.count", n=3) == "3 people"


def test_domain_messages_are_told_in_chinese_with_the_fields_they_cite_labelled() -> None:
    assert told(Message("field.required"), "zh") == "必须填写"
    assert told(Message("field.required_for", clause="R-EX-CHILD"), "zh") == "必须填写（R-EX-CHILD）"
    assert told(Message("field.not_a_date", value="2025-13-40"), "zh") == "“2025-13-40”不是日期（YYYY-MM-DD）"
    assert told(Message("field.after", other=field_term("start_date")), "zh") == "须晚于开始日期"
    assert told(Message("field.after", other=field_term("start_date")), "en") == "must be after Start date"
    assert Message("field.after", other=field_term("start_date")).render("en") == "must be after start_date"


def test_errors_go_beside_the_fields_a_form_has_and_rules_name_their_clause() -> None:
    error = InvalidInput([FieldError.of("start_date", "field.required"), FieldError.of("changes.kind", "field.cannot_clear"),
                          FieldError.of("unknown_field", "field.required")])
    found = shown(error, "en", {"start_date", "changes"})
    assert found.fields == {"start_date": ["is required"], "changes": ["Changes · Kind: cannot be cleared"]}
    assert found.summary == ["unknown_field: is required"] and found.status == 422
    rule = shown(RuleViolation("R-POST-HOST", "posting.host_not_registered", school="X"), "en", {"host_school_ids"})
    assert rule.clause == "R-POST-HOST" and rule.status == 409
    assert rule.fields == {"host_school_ids": ["host school 'X' is not registered"]}


def test_every_clause_of_the_rulebook_has_its_anchor() -> None:
    anchored = [kind.split(":", 1)[1] for kind, _ in rulebook() if kind.startswith("clause:")]
    assert sorted(anchored) == sorted(CLAUSES)
    blocks = render_rulebook("## Title\n\n- **R-X-ONE** a <b> rule\n  continued `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert blocks == [("h3", "Title"), ("clause:R-X-ONE", "<strong>R-X-ONE</strong> a &lt;b&gt; rule continued "
                                                         "<code>code</code>"),
                      ("table", '<thead><tr><th scope="col">a</th><th scope="col">b</th></tr></thead>'
                                "<tbody><tr><td>1</td><td>2</td></tr></tbody>")]


def test_the_timeline_draws_a_row_per_school_and_marks_village_service_as_classified_then() -> None:
    def facts(school_id: str, kind: SchoolKind, area: Area, changed: tuple[date, SchoolKind] | None = None) -> SchoolFacts:
        first = Classification(date(2000, 1, 1), None, area, kind, Tier.WEAK, None, None, None)
        timeline_ = (first,)
        if changed:
            first = Classification(date(2000, 1, 1), changed[0], area, kind, Tier.WEAK, None, None, None)
            timeline_ = (first, Classification(changed[0], None, area, changed[1], Tier.WEAK, None, None, None))
        return SchoolFacts(school_id, school_id, SchoolLevel.PRIMARY, timeline_)

    schools = {"HOME": facts("HOME", SchoolKind.REGULAR, Area.URBAN),
               "VIL": facts("VIL", SchoolKind.VILLAGE, Area.RURAL, (date(2023, 1, 1), SchoolKind.CENTRAL))}
    periods = [{"school_id": "HOME", "start": "2015-09-01", "end": "2020-08-31", "role": "home", "posting_id": None},
               {"school_id": "VIL", "start": "2020-09-01", "end": "2022-08-31", "role": "hosted", "posting_id": "P-1"},
               {"school_id": "HOME", "start": "2022-09-01", "end": None, "role": "home", "posting_id": None},
               {"school_id": "VIL", "start": "2030-09-01", "end": None, "role": "hosted", "posting_id": "P-2"}]
    chart = timeline(periods, schools, date(2026, 8, 31))
    assert chart is not None
    assert [r.school_id for r in chart.rows] == ["HOME", "VIL"]
    assert len(chart.bars) == 3  # the posting after the day drawn is left out
    hosted = next(b for b in chart.bars if b.role == "hosted")
    assert hosted.village and hosted.rural  # a village school in 2020, reclassified only in 2023
    assert not chart.rows[1].village  # today it is a central school
    home = [b for b in chart.bars if b.role == "home"]
    assert home[0].x < hosted.x < home[1].x and home[1].x + home[1].width <= chart.width
    assert [label for _, label in chart.ticks][0] == "2015"
    assert timeline([], schools, date(2026, 8, 31)) is None


def test_downloads_keep_chinese_text() -> None:
    head, rows = ["姓名", "学校"], [["欧阳明月", "青石镇中心小学"], ["李华", "山脚村小"]]
    text = csv_bytes(head, rows).decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [head, *rows]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(head, rows, "应交流人员名单"))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [head, *rows]
    assert sheet.title == "应交流人员名单"




def test_recorded_lists_and_field_sets_are_punctuated_as_the_page_language_writes() -> None:
    schools = {"S1": SchoolFacts("S1", "城关一小", SchoolLevel.PRIMARY, ()),
               "S2": SchoolFacts("S2", "河口村小", SchoolLevel.PRIMARY, ())}
    zh, en = Translator("zh"), Translator("en")
    assert value_text(zh, "host_school_ids", ["S1", "S2"], "posting", schools) == "城关一小 (S1)、河口村小 (S2)"
    assert value_text(en, "host_school_ids", ["S1", "S2"], "posting", schools) == "城关一小 (S1), 河口村小 (S2)"
    assert value_text(zh, "tags", ["a", "b"], "posting", schools) == "a、b"
    assert value_text(en, "tags", ["a", "b"], "posting", schools) == "a, b"
    assert value_text(zh, "changes", {"start_date": "2026-09-01"}, "posting", schools) == "开始日期：2026-09-01"
    assert value_text(en, "changes", {"start_date": "2026-09-01"}, "posting", schools) == "Start date: 2026-09-01"
    assert zh("status.at_home") == "在本校"


def test_recorded_times_are_shown_in_china_standard_time_to_the_second() -> None:
    assert moment_text("2026-09-01T10:00:05.123456+00:00") == "2026-09-01 18:00:05"
    assert moment_text("2026-08-31T20:30:00Z") == "2026-09-01 04:30:00"
    assert moment_text(None) == ""
    assert "UTC" in Translator("zh")("note.times") and "北京时间" in Translator("zh")("note.times")
