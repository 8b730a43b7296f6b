"""The console in a real browser: an administrator's whole journey, from signing in to switching
language — a posting recorded, seen on the timeline, voided, and seen again as it was known."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.support import serious_violations, shoot, sign_in

pytestmark = pytest.mark.e2e


def accessible(page: Any) -> None:
    assert serious_violations(page) == []


def test_record_void_and_time_travel(page: Any, server: Any) -> None:
    sign_in(page, server)

    # find the teacher by a Chinese name, with the keyboard
    search = page.get_by_label("姓名或编号")
    search.fill("欧阳明月")
    search.press("Enter")
    page.get_by_role("link", name="欧阳明月").click()
    page.wait_for_url("**/ui/teachers/T-E2E-1")
    assert page.locator("h1").inner_text().startswith("欧阳明月")
    accessible(page)

    # record a posting through the form
    page.get_by_role("link", name="记录交流").click()
    posting_id = page.get_by_label("交流记录编号 (必填)", exact=True).input_value()
    page.get_by_label("类型 (必填)", exact=True).select_option("support_teaching")
    page.get_by_label("接收学校 (必填)", exact=True).select_option("S-E2E-VILLAGE")
    page.get_by_label("开始日期 (必填)", exact=True).fill("2025-09-01")
    page.get_by_label("计划结束日期", exact=True).fill("2026-08-31")
    page.get_by_label("记录理由 (必填)", exact=True).fill("2025年度城乡交流 支教一年")
    page.get_by_label("文号", exact=True).fill("县教发〔2025〕21号")
    page.get_by_label("R-T-TENURE 教师同校任教年限").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/ui/teachers/T-E2E-1#rec-*")
    assert "已记录" in page.locator(".flash").inner_text()

    # on the timeline: a hosted bar at the village school, and the period in the table beside it
    assert page.locator("svg g.bar.hosted").count() == 1
    period = page.locator("table.periods tr", has_text=posting_id)
    assert "云岭村小 (S-E2E-VILLAGE) ▲" in period.inner_text()
    recorded = page.locator(f'li.entry[data-record="{posting_id}"][data-type="PostingRecorded"]')
    assert "县教发〔2025〕21号" in recorded.inner_text()
    assert "e2e-admin" in recorded.inner_text()
    assert recorded.get_by_role("link", name="R-T-TENURE").get_attribute("href") == "/ui/rules#R-T-TENURE"
    shoot(page, "01-teacher-with-posting")

    # why was this teacher rotated
    recorded.get_by_role("link", name="为何交流").click()
    why = page.locator("main")
    assert "为何交流" in page.locator("h1").inner_text()
    for expected in ("e2e-admin", "县教发〔2025〕21号", "默认参数", "2025-08-31", "R-T-TENURE"):
        assert expected in why.inner_text()
    shoot(page, "02-why-rotated")
    accessible(page)
    page.go_back()

    # void it through a correction, the target picked from the teacher's records
    page.get_by_role("link", name="更正记录 (作废或更正)").click()
    correction_id = page.get_by_label("更正记录编号 (必填)", exact=True).input_value()
    page.get_by_label("更正对象 (必填)", exact=True).select_option(posting_id)
    page.get_by_label("更正方式 (必填)", exact=True).select_option("void")
    page.get_by_label("记录理由 (必填)", exact=True).fill("误录, 作废")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/ui/teachers/T-E2E-1#rec-*")
    voided = page.locator(f'li.entry[data-record="{posting_id}"][data-type="PostingRecorded"]')
    assert "voided" in (voided.get_attribute("class") or "")
    style = voided.locator(".entry-body").evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in style
    link = voided.get_by_role("link", name=f"作废依据 {correction_id}")
    assert link.get_attribute("href") == f"#rec-{correction_id}"
    assert page.locator("svg g.bar.hosted").count() == 0  # a voided posting serves nowhere
    shoot(page, "03-teacher-posting-voided")

    # as known just before the correction: the posting stands, not struck through
    page.locator(f"#rec-{correction_id}").get_by_role("link", name="查看此前所知").click()
    page.wait_for_url("**known_at=*")
    assert "台账在此时刻所记载" in page.locator(".banner").inner_text()
    assert page.get_by_label("当时所知 (记录时刻, UTC)").input_value() != ""
    before = page.locator(f'li.entry[data-record="{posting_id}"][data-type="PostingRecorded"]')
    assert "voided" not in (before.get_attribute("class") or "")
    assert page.locator(f'li.entry[data-record="{correction_id}"]').count() == 0
    assert page.locator("svg g.bar.hosted").count() == 1
    shoot(page, "04-teacher-known-before-correction")
    accessible(page)

    # the service record, printable
    page.get_by_role("link", name="回到现在").click()
    page.get_by_role("link", name="中级职称").click()
    assert "任职经历证明" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="R-TITLE-VILLAGE").count() >= 1
    page.emulate_media(media="print")
    assert page.locator("header.bar").is_hidden()
    page.emulate_media(media="screen")
    shoot(page, "05-service-record")
    accessible(page)

    # the due list, downloaded as CSV and XLSX
    page.get_by_role("link", name="应交流名单").click()
    rows = page.locator("table.due tbody tr").count()
    assert rows > 0
    shoot(page, "06-due-list")
    accessible(page)
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="下载 CSV").click()
    table = list(csv.reader(io.StringIO(csv_download.value.path().read_text(encoding="utf-8-sig"))))
    assert table[0][:3] == ["序号", "教师编号", "姓名"]
    assert len(table) == rows + 1
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="下载 Excel").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
    assert sheet.max_row == rows + 1 and sheet.cell(1, 3).value == "姓名"

    # switch language: the page and the next ones speak English
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Due list")
    page.get_by_role("link", name="Teachers").click()
    assert page.locator("h1").inner_text() == "Find a teacher"
    page.goto("/ui/teachers/T-E2E-1")
    assert page.get_by_role("heading", name="Every record").is_visible()
    shoot(page, "07-teacher-in-english")
    page.get_by_role("link", name="中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
