"""What the console shows, on each real backend (SQLite, PostgreSQL): the teacher's page as of a
date and as known at a moment, why a posting was made, the service record, a school, the due list
and its downloads, the quota dashboard, the audit feed and its integrity check, the rulebook."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from ledger.domain.messages import Message
from ledger.integrity import Finding, Verification
from ledger.integrity.proof import Proof
from tests.api.test_ui_parts import Html, caught_up, county, sign_in
from tests.support import BY, teacher
from ledger.domain.commands import AmendRecord, EndPosting, GrantExemption, RecordEvaluation, RecordPosting


def test_the_teacher_page_shows_profile_timeline_and_every_record_with_its_envelope(api: Any) -> None:
    county(api)
    sign_in(api)
    answer = api.client.get("/ui/teachers/T-001")
    page = Html(answer.text)
    assert page.text_of("profile-title") == "基本信息" and "李华" in page.text
    assert "城关第一小学 (S-URBAN)" in page.text and "交流中" in page.text
    # the timeline: home then the village school (marked), drawn and tabled
    assert answer.text.count('class="bar home"') == 1 and answer.text.count('class="bar hosted"') == 1
    assert "山脚村小 (S-VILLAGE) ▲" in page.text
    # the posting's entry: actor, reason, clause linked to its rule, document, times
    entry = page.text_of("rec-P-1")
    for expected in ("记录交流", "支教", "personnel-office", "测试登记 test entry", "R-T-TENURE", "县教发〔2026〕1号",
                     "2020-09-01"):
        assert expected in entry
    assert 'href="/ui/rules#R-T-TENURE"' in answer.text
    # as of a day before the posting: neither the posting nor its bar
    earlier = api.client.get("/ui/teachers/T-001?as_of=2019-09-01")
    assert "rec-P-1" not in Html(earlier.text).ids and 'class="bar hosted"' not in earlier.text
    assert "在本校" in earlier.text


def test_known_at_shows_the_ledger_as_it_was_before_a_correction(api: Any) -> None:
    county(api)
    recorded = api.client.get("/v1/teachers/T-001/history", headers=api.headers()).json()["entries"]
    moment = max(e["recorded_at"] for e in recorded)
    api.runtime.ledger.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1",
                                                    changes={"host_school_ids": ["S-POINT"]}), by=BY)
    caught_up(api)
    sign_in(api)
    now = api.client.get("/ui/teachers/T-001")
    assert "云岭教学点 (S-POINT) ▲" in Html(now.text).text  # served there, after the amendment
    assert "<del>山脚村小 (S-VILLAGE)</del>" in now.text and "<ins>云岭教学点 (S-POINT)</ins>" in now.text
    then = api.client.get("/ui/teachers/T-001", params={"known_at": moment})
    page = Html(then.text)
    assert "台账在此时刻所记载" in page.text and "rec-C-1" not in page.ids
    assert "山脚村小 (S-VILLAGE) ▲" in page.text and "云岭教学点" not in page.text


def test_why_a_posting_was_made(api: Any) -> None:
    ledger = api.runtime.ledger
    county(api)
    ledger.execute("T-001", GrantExemption(exemption_id="E-1", category="family_misfortune", start_date="2023-01-01",
                                           end_date="2024-12-31"), by=BY)
    ledger.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    ledger.execute("T-001", RecordPosting(posting_id="P-2", kind="regular_rotation", host_school_ids=["S-TOWN"],
                                          start_date="2024-09-01",
                                          override_exemption_reason="县局决定 decided by the bureau"), by=BY)
    caught_up(api)
    sign_in(api, "auditor")
    answer = api.client.get("/ui/teachers/T-001/postings/P-2/why")
    assert answer.status_code == 200
    page = Html(answer.text)
    eligibility = page.text_of("eligibility")
    # planned on 31 August 2024, without this posting: 9 years since 2015-09-01 (support teaching does
    # not restart tenure), so due — and deferred by the exemption the posting then overrode
    assert "2024-08-31" in eligibility and "9 年" in eligibility and "2015-09-01" in eligibility
    assert "暂缓交流" in eligibility and "R-EX-FAMILY" in eligibility and "at least 9 years, must rotate" in eligibility
    assert "E-1" in page.text_of("exemptions") and "县局决定 decided by the bureau" in page.text_of("exemptions")
    assert 'href="/ui/rules#R-POST-EXEMPT"' in answer.text
    assert "默认参数" in page.text_of("profile")
    assert "personnel-office" in page.text_of("who") and "县教发〔2026〕1号" in page.text_of("who")
    assert api.client.get("/ui/teachers/T-001/postings/E-1/why").status_code == 404


def test_the_service_record_page_lists_each_requirement_with_its_evidence(api: Any) -> None:
    county(api)
    api.runtime.ledger.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    caught_up(api)
    sign_in(api, "hr")
    answer = api.client.get("/ui/teachers/T-001/service-record?target=intermediate&as_of=2026-09-01")
    assert answer.status_code == 200
    page = Html(answer.text)
    assert "R-TITLE-VILLAGE" in page.text and "730" in page.text
    assert 'href="/ui/teachers/T-001#rec-P-1"' in answer.text  # the evidence posting, linked
    assert "已满足" in page.text and 'media="print"' in answer.text
    assert "R-GRADE-STEP" in api.client.get("/ui/teachers/T-001/service-record?target=grade_step").text
    refused = api.client.get("/ui/teachers/T-001/service-record?target=everything")
    assert refused.status_code == 422


def test_the_school_page_shows_roster_staff_away_hosted_and_quota_figures(api: Any) -> None:
    county(api)
    teacher(api.runtime.ledger, "T-002", name="王芳", home_school_id="S-VILLAGE", at_home_school_since="2010-09-01")
    caught_up(api)
    sign_in(api)
    village = Html(api.client.get("/ui/schools/S-VILLAGE?as_of=2021-03-01").text)
    assert "王芳" in village.text and "李华" in village.text
    assert "(1 人)" in village.text_of("hosted-title")
    urban = Html(api.client.get("/ui/schools/S-URBAN?as_of=2021-03-01").text)
    assert "(1 人)" in urban.text_of("away-title") and "山脚村小" in urban.text
    assert "R-Q-SCHOOL" in urban.text and "学年 2020" in urban.text_of("q-title")


def test_the_due_list_filters_and_downloads_what_the_policy_engine_answers(api: Any) -> None:
    ledger = api.runtime.ledger
    county(api)
    teacher(ledger, "T-002", name="王芳", home_school_id="S-TOWN", at_home_school_since="2012-09-01")
    teacher(ledger, "T-003", name="张伟", gender="male", home_school_id="S-TOWN", at_home_school_since="2022-09-01")
    caught_up(api)
    sign_in(api)
    due = ledger.due_list(2026)
    expected = [r.teacher_id for r in due.rows if r.status.value in ("must", "should", "deferred")]
    page = api.client.get("/ui/planning/due?school_year=2026")
    assert all(f"/ui/teachers/{t}" in page.text for t in expected) and "T-003" not in page.text
    town = api.client.get("/ui/planning/due?school_year=2026&school=S-TOWN&status=not_due")
    assert "T-003" in town.text and "T-002" not in town.text
    table = list(csv.reader(io.StringIO(api.client.get("/ui/planning/due.csv?school_year=2026").content
                                        .decode("utf-8-sig"))))
    assert table[0][:3] == ["序号", "教师编号", "姓名"] and [row[1] for row in table[1:]] == expected
    english = api.client.get("/ui/planning/due.csv?school_year=2026&lang=en").content.decode("utf-8-sig")
    assert english.startswith("Rank,Teacher id,Name")
    book = load_workbook(io.BytesIO(api.client.get("/ui/planning/due.xlsx?school_year=2026&district=城关学区").content))
    assert [row[1].value for row in book.active.iter_rows(min_row=2)] == expected
    printed = api.client.get("/ui/planning/due.pdf?school_year=2026")
    assert printed.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(printed.content)).pages)
    assert "2026学年应交流人员名单" in text and all(t in text for t in expected) and "T-003" not in text
    assert api.client.get("/ui/planning/due.odt").status_code == 422


def test_the_quota_dashboard_charts_every_school_and_the_county(api: Any) -> None:
    county(api)
    sign_in(api)
    answer = api.client.get("/ui/planning/quotas?school_year=2020")
    page = Html(answer.text)
    report = api.runtime.ledger.quota_report(2020)
    for unit in report.schools:
        assert unit.name in page.text
    assert answer.text.count('<text x="4"') == len(report.schools)  # one bar per school
    assert "R-Q-COUNTY" in page.text and page.text_of("county-title") == "全县"


def test_the_audit_feed_filters_and_its_chain_checks_out(api: Any) -> None:
    county(api)
    sign_in(api)
    answer = api.client.get("/ui/audit?teacher_id=T-001")
    page = Html(answer.text)
    assert "登记教师" in page.text and "记录交流" in page.text and "登记学校" not in page.text
    checked = Html(api.client.get("/ui/audit?verify=1").text)
    head = api.runtime.ledger.recorder.max_notification_id()
    assert f"已校验 {head} 个事件" in checked.text and "哈希链完整" in checked.text
    assert "key_hash" not in api.client.get("/ui/audit").text


def test_a_broken_chain_is_named_on_the_audit_page(sqlite_api: Any, monkeypatch: Any) -> None:
    broken = Verification(events_checked=41, links_compared=41, pending=0, head_position=40, head_hash=b"\x01" * 32,
                          finding=Finding(42, "altered", Message("verify.altered", position=42)))
    monkeypatch.setattr("api.ui.audit.prove", lambda *args, **kwargs: Proof(broken))
    county(sqlite_api)
    sign_in(sqlite_api)
    page = Html(sqlite_api.client.get("/ui/audit?verify=1&lang=en").text)
    assert "The hash chain breaks at position 42 (an event was altered)" in page.text
    assert "the stored event at position 42 is not the one the chain recorded" in page.text


def test_the_rulebook_page_anchors_every_clause(api: Any) -> None:
    sign_in(api, "hr")
    page = Html(api.client.get("/ui/rules").text)
    assert "R-TITLE-VILLAGE" in page.ids and "评职称须有农村学校任教经历" in page.text_of("R-TITLE-VILLAGE")
    assert "R-TITLE-VILLAGE" in page.text_of("R-TITLE-VILLAGE")


def test_the_title_priority_page_ranks_and_downloads(api: Any) -> None:
    ledger = api.runtime.ledger
    county(api)
    teacher(ledger, "T-002", name="王芳")
    ledger.execute("T-002", RecordEvaluation(evaluation_id="V-2", school_year=2025, grade="excellent",
                                             school_id="S-URBAN", score="93"), by=BY)
    caught_up(api)
    sign_in(api)
    page = api.client.get("/ui/planning/title-priority?school_year=2026")
    assert page.status_code == 200 and "职称评聘推荐顺序" in page.text
    assert page.text.index("/ui/teachers/T-002") < page.text.index("/ui/teachers/T-001")
    table = api.client.get("/ui/planning/title-priority.csv?school_year=2026").content.decode("utf-8-sig")
    assert table.splitlines()[1].split(",")[3] == "T-002"
    printed = api.client.get("/ui/planning/title-priority.pdf?school_year=2026")
    assert printed.headers["content-type"] == "application/pdf" and printed.content.startswith(b"%PDF")
    assert api.client.get("/ui/planning/title-priority.docx?school_year=2026").status_code == 422
