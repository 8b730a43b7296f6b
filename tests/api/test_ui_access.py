"""Who may use the console and how: sign-in with an access key (its session in
``test_ui_sessions.py``); each role offered only what it may do; forms protected against
cross-site posts; languages."""

from __future__ import annotations

from typing import Any

from ledger.app import Envelope
from tests.api.test_ui_parts import Html, county, csrf_of, sign_in


def test_without_a_key_every_page_leads_to_sign_in_and_back(sqlite_api: Any) -> None:
    api = sqlite_api
    county(api)
    answer = api.client.get("/ui/teachers/T-001?as_of=2021-01-01", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/ui/signin?next=%2Fui%2Fteachers%2FT-001%3Fas_of%3D2021-01-01"
    back = sign_in(api, next="/ui/teachers/T-001?as_of=2021-01-01")
    assert back.headers["location"] == "/ui/teachers/T-001?as_of=2021-01-01"
    assert api.keys["admin"] not in api.client.get("/ui/teachers").text  # the key never reaches a page


def test_the_language_asked_for_at_the_front_door_reaches_the_sign_in_page(sqlite_api: Any) -> None:
    door = sqlite_api.client.get("/?lang=en", headers={"accept": "text/html"}, follow_redirects=False)
    console = sqlite_api.client.get(door.headers["location"], follow_redirects=False)
    assert console.headers["location"] == "/ui/signin?next=%2Fui%2F%3Flang%3Den&lang=en"
    page = sqlite_api.client.get(console.headers["location"])
    assert 'lang="en"' in page.text and "Access key" in page.text


def test_a_wrong_key_is_refused_and_kept_in_the_field(sqlite_api: Any) -> None:
    token = csrf_of(sqlite_api.client.get("/ui/signin").text)
    answer = sqlite_api.client.post("/ui/signin", data={"key": "rlk_wrong", "next": "/ui/teachers", "csrf": token})
    assert answer.status_code == 401
    page = Html(answer.text)
    assert page.text_of("key-error") == "访问密钥无效或已撤销"
    assert page.value("key") == "rlk_wrong" and page.ids["key"]["aria-invalid"] == "true"


def test_sign_in_only_leads_to_console_pages(sqlite_api: Any) -> None:
    for target in ("https://elsewhere.example/", "//elsewhere.example/ui/", "/v1/teachers", "/ui\\..\\x"):
        assert sign_in(sqlite_api, "hr", next=target).headers["location"] == "/ui/teachers", target


def test_a_tampered_or_revoked_session_signs_out(sqlite_api: Any) -> None:
    api = sqlite_api
    sign_in(api)
    assert api.client.get("/ui/teachers", follow_redirects=False).status_code == 200
    value = api.client.cookies.get("ledger_session")
    api.client.cookies.set("ledger_session", value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"), path="/ui")
    assert api.client.get("/ui/teachers", follow_redirects=False).status_code == 303
    sign_in(api, "auditor")
    api.runtime.ledger.revoke_key("test-auditor", by=Envelope(actor="cli:test", reason="left the bureau"))
    assert api.client.get("/ui/teachers", follow_redirects=False).status_code == 303


def test_signing_out_needs_the_form_token_and_ends_the_session(sqlite_api: Any) -> None:
    api = sqlite_api
    sign_in(api)
    assert api.client.post("/ui/signout", data={}, follow_redirects=False).status_code == 403
    out = api.client.post("/ui/signout", data={"csrf": csrf_of(api.client.get("/ui/teachers").text)},
                          follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/ui/signin"
    assert api.client.get("/ui/teachers", follow_redirects=False).status_code == 303


def test_each_role_is_offered_what_it_may_do(sqlite_api: Any) -> None:
    api = sqlite_api
    county(api)
    sign_in(api, "hr")
    page = api.client.get("/ui/teachers/T-001")
    assert page.status_code == 200 and "记录操作" not in page.text and "为何交流" not in page.text
    assert "/ui/planning/due" not in page.text
    for path in ("/ui/planning/due", "/ui/audit", "/ui/schools", "/ui/teachers/T-001/postings/P-1/why",
                 "/ui/teachers/T-001/forms/posting"):
        refused = api.client.get(path)
        assert refused.status_code == 403, path
        assert "当前角色无权进行此操作" in refused.text
    sign_in(api, "auditor")
    page = api.client.get("/ui/teachers/T-001")
    assert "为何交流" in page.text and "记录操作" not in page.text
    assert api.client.get("/ui/audit").status_code == 200
    refused = api.client.post("/ui/teachers/T-001/forms/report", data={"csrf": csrf_of(page.text), "posting_id": "P-1",
                                                                        "reported_on": "2020-09-01", "reason": "x"})
    assert refused.status_code == 403
    assert api.runtime.ledger.get_teacher("T-001").dossier.get("P-1").reported_on is None
    sign_in(api, "admin")
    assert "记录操作" in api.client.get("/ui/teachers/T-001").text


def test_a_form_posted_without_its_token_records_nothing(sqlite_api: Any) -> None:
    api = sqlite_api
    county(api)
    sign_in(api)
    answer = api.client.post("/ui/teachers/T-001/forms/report",
                             data={"posting_id": "P-1", "reported_on": "2020-09-01", "reason": "到岗"})
    assert answer.status_code == 403 and "表单已过期" in answer.text
    assert api.runtime.ledger.get_teacher("T-001").dossier.get("P-1").reported_on is None


def test_chinese_by_default_english_on_request_and_remembered(sqlite_api: Any) -> None:
    api = sqlite_api
    county(api)
    sign_in(api)
    page = api.client.get("/ui/teachers/T-001")
    assert '<html lang="zh-CN">' in page.text and "全部记录" in page.text
    english = api.client.get("/ui/teachers/T-001?lang=en")
    assert '<html lang="en">' in english.text and "Every record" in english.text and "全部记录" not in english.text
    assert "ledger_lang=en" in english.headers["set-cookie"]
    assert "Every record" in api.client.get("/ui/teachers/T-001").text
    assert "support teaching" in english.text  # enum labels follow the language
    assert "全部记录" in api.client.get("/ui/teachers/T-001?lang=zh").text


def test_errors_are_pages_not_json(sqlite_api: Any) -> None:
    api = sqlite_api
    county(api)
    sign_in(api)
    for path, status, text in (("/ui/teachers/NOPE", 404, "教师“NOPE”未登记"),
                               ("/ui/teachers/T-001?as_of=2021-02-30", 422, "“2021-02-30”不是日期"),
                               ("/ui/teachers/T-001?known_at=yesterday", 422, "当时所知"),
                               ("/ui/teachers/T-001/forms/nothing", 404, "没有“nothing”这个表单"),
                               ("/ui/planning/due?school_year=abc", 422, "须为整数"),
                               ("/ui/audit?teacher_id=T-001&school_id=S-URBAN", 422, "不能同时")):
        answer = api.client.get(path)
        assert answer.status_code == status, path
        assert answer.headers["content-type"].startswith("text/html")
        assert text in Html(answer.text).text.replace("&#39;", "'"), path


def test_an_unknown_console_page_says_so_in_the_pages_language_only(sqlite_api: Any) -> None:
    county(sqlite_api)
    sign_in(sqlite_api)
    for lang, heading, foreign in (("zh", "未找到", "Not Found"), ("en", "Not found", "未找到")):
        page = sqlite_api.client.get(f"/ui/no-such-page?lang={lang}")
        assert page.status_code == 404 and heading in page.text and foreign not in page.text, lang
