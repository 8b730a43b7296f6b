"""The write contract made from the commands' declarations: the OpenAPI document states the limits
the ledger enforces, a 422 names the fields as the client sent them, and every problem carries a
code and parameters beside a detail in the language the request asks for."""

from __future__ import annotations

from typing import Any

import pytest

from api.routes.commands import teacher_routes
from api.schemas.commands import route_of
from ledger.domain.commands import TEACHER_COMMANDS, RegisterSchool, RegisterTeacher
from tests.api.bodies import POSTING, TEACHER, body, seed

PROBLEM = "application/problem+json"


def schema_of(spec: dict[str, Any], name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][name]


def limits(prop: dict[str, Any]) -> dict[str, Any]:
    """A property's limits, wherever pydantic put them (directly, or in the non-null branch)."""
    found = {k: v for k, v in prop.items() if k in ("maxLength", "minLength", "minimum", "maximum", "maxItems",
                                                    "minItems", "pattern")}
    for branch in prop.get("anyOf", ()):
        found |= limits(branch)
    return found


@pytest.mark.parametrize("cls", [*TEACHER_COMMANDS, RegisterSchool, RegisterTeacher], ids=lambda c: c.__name__)
def test_the_documented_limits_are_the_enforced_ones(sqlite_api: Any, cls: type) -> None:
    spec = sqlite_api.client.get("/openapi.json").json()
    route = route_of(*next(r.commands for r in teacher_routes() if cls in r.commands)) \
        if cls in TEACHER_COMMANDS else route_of(cls)
    properties = schema_of(spec, route.body.__name__)["properties"]
    for field in cls.specs():
        if field.name in route.path_fields or field.name == "override_exemption_reason":
            continue
        documented = limits(properties[field.sent_as])
        if field.text is not None:
            assert documented["maxLength"] == field.text.max_len, (cls.__name__, field.name)
            too_long = "x" * (field.text.max_len + 1)
            with pytest.raises(Exception, match="at most"):
                cls(**{**example(cls), field.name: too_long})
        if field.whole is not None:
            assert (documented["minimum"], documented["maximum"]) == (field.whole.lo, field.whole.hi)
        if field.ids is not None:
            assert (documented["minItems"], documented["maxItems"]) == (field.ids.min_items, field.ids.max_items)
        if field.is_id:
            assert documented["pattern"].startswith("^[A-Za-z0-9]"), (cls.__name__, field.name)


def example(cls: type) -> dict[str, Any]:
    """Values that make a valid command of the class (for probing one field's limit at a time)."""
    values = {
        "teacher_id": "T-1", "name": "李华", "gender": "female", "birth_date": "1985-03-01", "role": "teacher",
        "home_school_id": "S-1", "at_home_school_since": "2015-09-01", "school_id": "S-1", "level": "primary",
        "area": "urban", "kind": "regular", "tier": "quality", "posting_id": "P-1", "host_school_ids": ["S-2"],
        "start_date": "2020-09-01", "exemption_id": "E-1", "category": "family_misfortune", "award_id": "A-1",
        "awarded_on": "2021-01-01", "evidence_ref": "x",
    }
    names = {f.name for f in cls.specs()}
    return {k: v for k, v in values.items() if k in names}


def test_a_name_over_the_documented_100_characters_is_refused_by_the_schema(sqlite_api: Any) -> None:
    spec = sqlite_api.client.get("/openapi.json").json()
    assert limits(schema_of(spec, "RegisterSchool")["properties"]["name"])["maxLength"] == 100
    school = {"school_id": "S-LONG", "name": "校" * 101, "area": "urban", "kind": "regular", "tier": "quality",
              "level": "primary"}
    refused = sqlite_api.post("/v1/schools", body(school))
    assert refused.status_code == 422 and [e["field"] for e in refused.json()["errors"]] == ["name"]
    assert sqlite_api.post("/v1/schools", body({**school, "name": "校" * 100})).status_code == 201


def test_a_refusal_names_the_field_as_the_client_sent_it(sqlite_api: Any) -> None:
    seed(sqlite_api, posting=True)
    report = sqlite_api.post("/v1/teachers/T-001/postings/P-1/reports", body({"date": "2020-08-01"}))
    assert report.status_code == 422 and [e["field"] for e in report.json()["errors"]] == ["date"]
    ended = sqlite_api.post("/v1/teachers/T-001/postings/P-1/returns", body({"date": "2020-08-01"}))
    assert [e["field"] for e in ended.json()["errors"]] == ["date"]
    bad_date = sqlite_api.post("/v1/teachers/T-001/departures", body({"date": "2020-02-30", "kind": "retired"}))
    assert [e["field"] for e in bad_date.json()["errors"]] == ["date"]


def test_a_refusal_in_chinese_has_the_same_code_as_in_english(sqlite_api: Any) -> None:
    seed(sqlite_api, posting=True)
    overlapping = body({**POSTING, "posting_id": "P-2", "start_date": "2021-03-01", "host_school_ids": ["S-POINT"]})
    english = sqlite_api.post("/v1/teachers/T-001/postings", overlapping)
    chinese = sqlite_api.post("/v1/teachers/T-001/postings", overlapping, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert english.status_code == chinese.status_code == 409
    assert english.headers["content-type"] == chinese.headers["content-type"] == PROBLEM
    e, z = english.json(), chinese.json()
    assert e["code"] == z["code"] == "posting.overlap" and e["clause"] == z["clause"] == "R-POST-ONE"
    assert e["params"] == z["params"] == {"other": "P-1", "start": "2020-09-01",
                                          "end": {"code": "word.open", "params": {}}}  # P-1 runs on
    assert "overlaps this one" in e["detail"] and e["title"] == "Rule violated"
    assert "重叠" in z["detail"] and z["title"] == "违反政策条款"
    # invalid input: every item carries its code too, and its message in the asked language
    bad = {**TEACHER, "teacher_id": "T-2", "gender": "unknown"}
    refused = sqlite_api.post("/v1/teachers", body(bad), headers={"Accept-Language": "zh"})
    item = next(i for i in refused.json()["errors"] if i["field"] == "gender")
    assert item["code"] == "field.not_one_of" and item["params"]["value"] == "unknown"
    assert "不是可选的值" in item["message"] and "性别" in refused.json()["detail"]
    # without Accept-Language, today's clients read English as before
    assert "is not one of" in next(i for i in sqlite_api.post("/v1/teachers", body(bad)).json()["errors"]
                                   if i["field"] == "gender")["message"]


def test_access_problems_speak_the_asked_language_too(sqlite_api: Any) -> None:
    nobody = sqlite_api.client.get("/v1/teachers", headers={"Accept-Language": "zh-CN"})
    assert nobody.status_code == 401 and nobody.json()["code"] == "auth.no_key" and "访问密钥" in nobody.json()["detail"]
    hr = sqlite_api.post("/v1/schools", body({}), role="hr", headers={"Accept-Language": "en"})
    assert hr.status_code == 403 and hr.json()["code"] == "auth.role" and hr.json()["params"]["role"] == "hr"


def test_the_front_door_sends_a_person_to_the_console_and_tells_a_program_where_things_are(sqlite_api: Any) -> None:
    client = sqlite_api.client
    browser = client.get("/?lang=en", headers={"Accept": "text/html,application/xhtml+xml"}, follow_redirects=False)
    assert (browser.status_code, browser.headers["location"]) == (303, "/ui/?lang=en")
    program = client.get("/").json()
    assert (program["console"], program["docs"], program["openapi"]) == ("/ui/", "/docs", "/openapi.json")
    assert client.get(program["openapi"]).status_code == 200


def test_a_method_the_path_does_not_answer_names_every_method_it_does(sqlite_api: Any) -> None:
    client = sqlite_api.client
    refused = client.delete("/v1/teachers")
    assert refused.status_code == 405 and refused.headers["content-type"] == PROBLEM
    assert refused.headers["allow"] == "GET, OPTIONS, POST"  # the list and the registration are two routes
    asked = client.options("/v1/teachers/T-1")
    assert (asked.status_code, asked.headers["allow"]) == (204, "GET, OPTIONS")
    assert client.options("/v1/nowhere").status_code == 404


def test_api_md_lists_every_route_with_the_roles_that_may_call_it(sqlite_api: Any) -> None:
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "API.md").read_text(encoding="utf-8")
    listed = {(m, p): {w.strip() for w in who.split(",")}
              for m, p, who in re.findall(r"^\| (GET|POST) \| `([^`]+)` \| ([a-z, ]+) \|", text, re.M)}
    served = {(method.upper(), path) for path, ops in sqlite_api.app.openapi()["paths"].items() for method in ops}
    assert set(listed) == served
    for (method, path), who in listed.items():
        concrete = re.sub(r"\{[^}]+\}", "X-1", path)
        for role in ("admin", "auditor", "hr", None):
            answer = sqlite_api.client.request(method, concrete, json={}, headers=sqlite_api.headers(role))
            admitted = answer.status_code not in (401, 403)
            assert admitted == ("anyone" in who or role in who), (method, path, role, answer.status_code)
