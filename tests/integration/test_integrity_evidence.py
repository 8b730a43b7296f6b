"""Exports of a teacher's history and service record carry hashes of their evidence events that
anyone holding the stored events can recompute, and that show an altered event."""

from __future__ import annotations

import hashlib
import json

from typer.testing import CliRunner

from ledger.cli import app as cli
from ledger.domain.teacher import teacher_uuid
from ledger.integrity.evidence import history_with_evidence, service_record_with_evidence
from ledger.projections.chain import canonical, chain_links
from tests.integration.test_integrity import county  # noqa: F401 (fixture)
from tests.integration.test_integrity_support import Intruder
from tests.integration.test_projection_support import read_side  # noqa: F401 (fixture)


def recomputed(app, teacher_id, item):
    """The item's event hash and link, recomputed from the stored event and the previous link."""
    uuid = teacher_uuid(teacher_id)
    (event,) = app.recorder.select_events(uuid, gt=item["version"] - 1, lte=item["version"])
    data = canonical(item["position"], uuid, item["version"], event.topic, event.state)
    return hashlib.sha256(data).hexdigest(), hashlib.sha256(bytes.fromhex(item["previous_link"]) + data).hexdigest()


def test_a_history_export_lists_every_event_with_hashes_that_recompute(  # noqa: F811
        county, read_side, backend_settings):
    model = read_side.read_model
    export = history_with_evidence(county, model, "T-001")
    assert export["document"] == model.history("T-001")
    versions = [e.originator_version for e in county.recorder.select_events(teacher_uuid("T-001"))]
    evidence = export["evidence"]
    assert sorted(item["version"] for item in evidence) == versions  # the history cites every one
    assert [item["position"] for item in evidence] == sorted(item["position"] for item in evidence)
    chained = dict(chain_links(county.recorder.select_notifications(1, 1000)))
    for item in evidence:
        assert (item["event_hash"], item["link"]) == recomputed(county, "T-001", item)
        assert bytes.fromhex(item["link"]) == chained[item["position"]] and item["linked"] is True
    assert export["chain"]["linked_up_to"] == county.recorder.max_notification_id()

    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    altered = next(item["position"] for item in evidence if item["type"] == "ReportedForDuty")
    intruder.replace_text(altered, b"2020-09-02", b"2020-09-01")  # still readable, no longer what was recorded
    again = history_with_evidence(county, model, "T-001")["evidence"]
    assert [item["position"] for item in again if not item["linked"]] == [altered]


def test_a_service_record_export_carries_the_events_that_earned_it(county, read_side):  # noqa: F811
    export = service_record_with_evidence(county, read_side.read_model, "T-001", "grade_step", as_of="2026-09-01")
    assert export["document"] == county.service_record("T-001", target="grade_step", as_of="2026-09-01").to_dict()
    cited = {ref["version"] for req in export["document"]["requirements"] for item in req["evidence"]
             for ref in item.get("events", ())}
    assert cited and {item["version"] for item in export["evidence"]} == cited
    for item in export["evidence"]:
        assert (item["event_hash"], item["link"]) == recomputed(county, "T-001", item) and item["linked"]


def test_the_command_line_writes_both_exports_as_json(county, read_side, backend_settings, tmp_path):  # noqa: F811
    runner = CliRunner()
    env = {"LEDGER_DATABASE_URL": backend_settings.database_url}
    out = tmp_path / "history.json"
    written = runner.invoke(cli, ["evidence", "history", "T-001", "--out", str(out)], env=env)
    assert written.exit_code == 0, written.output
    export = json.loads(out.read_text(encoding="utf-8"))
    versions = [e.originator_version for e in county.recorder.select_events(teacher_uuid("T-001"))]
    assert [item["version"] for item in export["evidence"]] == versions
    assert f"{len(versions)} events with their hashes" in written.stderr

    printed = runner.invoke(cli, ["evidence", "service-record", "T-001", "--target", "grade_step",
                                  "--as-of", "2026-09-01"], env=env)
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout)["document"]["target"] == "grade_step"
    unknown = runner.invoke(cli, ["evidence", "history", "T-404"], env=env)
    assert unknown.exit_code == 1 and "T-404" in unknown.stderr
