"""The console in a real browser: forms that refuse keep what was typed and say why beside each
field, in the page's language; roles see only what they may do; keyboard use; accessibility of
the main pages (axe-core: no serious or critical violation)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.support import serious_violations, shoot, sign_in

pytestmark = pytest.mark.e2e


def test_a_refused_form_keeps_what_was_typed_and_says_why_beside_each_field(page: Any, server: Any) -> None:
    sign_in(page, server)
    page.goto("/ui/teachers/T-E2E-1/forms/posting")
    page.get_by_label("类型 (必填)", exact=True).select_option("regular_rotation")
    page.get_by_label("开始日期 (必填)", exact=True).fill("2025-13-40")
    page.get_by_label("计划结束日期", exact=True).fill("2028-08-31")
    page.get_by_label("文号", exact=True).fill("县教发〔2025〕30号")
    page.get_by_role("button", name="保存").click()

    assert page.locator("#form-errors").is_visible()
    start = page.get_by_label("开始日期 (必填)", exact=True)
    assert start.get_attribute("aria-invalid") == "true"
    assert page.locator("#start_date-error").inner_text() == "“2025-13-40”不是日期（YYYY-MM-DD）"
    assert page.locator("#reason-error").inner_text() == "必须填写"
    assert page.locator("#host_school_ids-error").is_visible()
    # nothing typed is lost
    assert start.input_value() == "2025-13-40"
    assert page.get_by_label("计划结束日期", exact=True).input_value() == "2028-08-31"
    assert page.get_by_label("类型 (必填)", exact=True).input_value() == "regular_rotation"
    assert page.get_by_label("文号", exact=True).input_value() == "县教发〔2025〕30号"
    shoot(page, "08-form-errors-zh")
    assert serious_violations(page) == []

    # the same refusal in English, with what was typed still there
    page.get_by_role("link", name="English").click()
    page.get_by_label("Start date (required)", exact=True).fill("2025-13-40")
    page.get_by_role("button", name="Record").click()
    assert page.locator("#start_date-error").inner_text() == "'2025-13-40' is not a date (YYYY-MM-DD)"
    assert page.locator("#reason-error").inner_text() == "is required"
    shoot(page, "09-form-errors-en")


def test_a_broken_rule_names_its_clause(page: Any, server: Any) -> None:
    sign_in(page, server)
    page.goto("/ui/teachers/T-E2E-1/forms/posting")
    page.get_by_label("类型 (必填)", exact=True).select_option("support_teaching")
    page.get_by_label("接收学校 (必填)", exact=True).select_option("S-E2E-TOWN")  # the home school itself
    page.get_by_label("开始日期 (必填)", exact=True).fill("2024-09-01")
    page.get_by_label("记录理由 (必填)", exact=True).fill("派往本校")
    page.get_by_role("button", name="保存").click()
    errors = page.locator("#form-errors")
    assert errors.get_by_role("link", name="R-POST-HOST").get_attribute("href") == "/ui/rules#R-POST-HOST"
    assert page.locator("#host_school_ids-error").is_visible()
    assert page.get_by_label("记录理由 (必填)", exact=True).input_value() == "派往本校"
    page.goto("/ui/rules#R-POST-HOST")
    assert page.locator("#R-POST-HOST").inner_text().startswith("R-POST-HOST")


def test_an_auditor_is_offered_no_writes(page: Any, server: Any) -> None:
    page.goto("/ui/teachers/T-E2E-1")  # not signed in: the sign-in page, then back here
    page.wait_for_url("**/ui/signin?next=*")
    page.get_by_label("访问密钥").fill(server.keys["auditor"])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/ui/teachers/T-E2E-1")
    assert page.get_by_role("heading", name="记录操作").count() == 0
    assert page.get_by_role("link", name="审计").is_visible()
    page.goto("/ui/teachers/T-E2E-1/forms/posting")
    assert page.locator("h1").inner_text() == "当前角色无权进行此操作"


def test_hr_reads_teachers_only(page: Any, server: Any) -> None:
    sign_in(page, server, "hr")
    assert page.get_by_role("link", name="应交流名单").count() == 0
    page.goto("/ui/teachers/T-E2E-1/service-record?target=senior")
    assert "任职经历证明" in page.locator("h1").inner_text()
    page.goto("/ui/planning/due")
    assert page.locator("h1").inner_text() == "当前角色无权进行此操作"


def test_keyboard_alone_signs_in_and_skips_to_the_content(page: Any, server: Any) -> None:
    page.goto("/ui/signin")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.get_by_label("访问密钥").focus()
    page.keyboard.type(server.keys["admin"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/ui/teachers")
    page.get_by_label("姓名或编号").focus()
    page.keyboard.type("T-E2E")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="T-E2E-1").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/ui/teachers/T-E2E-1")


@pytest.mark.parametrize("path, name", [
    ("/ui/signin", "10-sign-in"),
    ("/ui/schools", "11-schools"),
    ("/ui/schools/S-E2E-TOWN", "12-school"),
    ("/ui/planning/quotas", "13-quotas"),
    ("/ui/audit?verify=1", "14-audit"),
    ("/ui/rules", "15-rulebook"),
    ("/ui/teachers?q=欧阳", "16-teacher-search"),
])
def test_main_pages_are_accessible(page: Any, server: Any, path: str, name: str) -> None:
    if path != "/ui/signin":
        sign_in(page, server)
    page.goto(path)
    shoot(page, name)
    assert page.locator("h1").count() == 1
    assert serious_violations(page) == []
