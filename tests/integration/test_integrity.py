"""Tamper evidence on the real stores (an SQLite file, PostgreSQL): for each kind of tampering
with the stored events, verification names the right position; a checkpoint catches what also
rewrites or cuts the audit view's links; the command line says so with its exit code."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from ledger.bootstrap import build_ledger
from ledger.cli import app as cli
from ledger.integrity import sign, verify_ledger
from ledger.integrity.verify import ALTERED, INSERTED, MISSING, REWRITTEN, TRUNCATED
from ledger.projections import open_read_side
from ledger.projections.chain import chain_links
from ledger.settings import Settings
from tests.integration.test_integrity_support import Intruder
from tests.integration.test_projection_support import current, read_side, record_county  # noqa: F401 (fixture)
from tests.support import BY, seed_schools, teacher
from ledger.domain.commands import GrantAward, RegisterSchool

TAKEN = datetime(2026, 9, 1, 2, 0, tzinfo=timezone.utc)

# kind of tampering → (what the intruder does, the position verification must name, the problem)
TAMPERING = {
    "edit a payload byte": (lambda i: i.edit_byte(12), 12, ALTERED),
    "delete an event": (lambda i: i.delete(12), 12, MISSING),
    "swap two events": (lambda i: i.swap(12, 20), 12, ALTERED),
    "insert an event": (lambda i: i.insert(12), 12, ALTERED),
    "truncate the tail": (lambda i: i.truncate(25), 25, TRUNCATED),
}


def verified(ledger, side, **kwargs):
    return verify_ledger(ledger, side.recorder, page_size=4, **kwargs)


@pytest.fixture
def county(ledger, read_side):
    """A county with every kind of event, fully linked by the audit view."""
    record_county(ledger)
    current(read_side)
    return ledger


@pytest.mark.parametrize("kind", TAMPERING)
def test_verification_names_the_first_position_of_each_kind_of_tampering(county, read_side, backend_settings, kind):
    untouched = verified(county, read_side)
    head = county.recorder.max_notification_id()
    assert untouched.ok and untouched.events_checked == untouched.links_compared == head
    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    tamper, position, problem = TAMPERING[kind]
    tamper(intruder)
    result = verified(county, read_side)
    assert not result.ok
    assert result.finding.problem == problem, result.finding
    assert result.first_bad_position == position, result.finding


@pytest.mark.postgres
def test_an_event_forged_into_a_gap_of_positions_is_named(pg_url, clock):
    settings = Settings(database_url=pg_url)
    ledger = build_ledger(settings, clock=clock)
    side = open_read_side(ledger, page_size=3)
    try:
        seed_schools(ledger)
        intruder = Intruder(settings)
        intruder.skip_positions(2)  # two rolled-back writes: positions 6 and 7 stay unused
        teacher(ledger)
        current(side)
        assert intruder.positions() == [1, 2, 3, 4, 5, 8] and verified(ledger, side).ok  # a gap is no tampering
        intruder.insert(7, shift=False)
        result = verified(ledger, side)
        assert (result.first_bad_position, result.finding.problem) == (7, INSERTED)
    finally:
        side.close()
        ledger.close()


def test_a_checkpoint_from_before_a_truncation_detects_it(county, read_side, backend_settings):
    checkpoint = sign(verified(county, read_side), Ed25519PrivateKey.generate(), TAKEN, county.name)
    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    intruder.truncate(20)
    intruder.cut_links(intruder.view_table(read_side.recorder, read_side.registry), 20)
    assert verified(county, read_side).ok  # the links were cut too: alone, nothing disagrees
    result = verified(county, read_side, checkpoints=[checkpoint])
    assert (result.first_bad_position, result.finding.problem) == (20, TRUNCATED)


def test_events_and_links_rewritten_together_are_caught_by_a_checkpoint(county, read_side, backend_settings):
    checkpoint = sign(verified(county, read_side), Ed25519PrivateKey.generate(), TAKEN, county.name)
    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    intruder.edit_byte(7)
    read_side.projector.rebuild(["audit"])  # a rebuild chains the altered events afresh
    assert verified(county, read_side).ok
    result = verified(county, read_side, checkpoints=[checkpoint])
    assert (result.first_bad_position, result.finding.problem) == (checkpoint.position, REWRITTEN)


def test_the_command_line_refuses_to_rebuild_the_audit_view_over_an_altered_ledger(county, read_side,
                                                                                  backend_settings):
    runner = CliRunner()
    env = {"LEDGER_DATABASE_URL": backend_settings.database_url}
    fine = runner.invoke(cli, ["rebuild", "audit"], env=env)
    assert fine.exit_code == 0 and "rebuilt audit" in fine.output, fine.output
    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    intruder.edit_byte(7)
    refused = runner.invoke(cli, ["rebuild"], env=env)
    assert refused.exit_code == 1 and "does not verify at position 7 (altered)" in refused.output, refused.output
    assert verified(county, read_side).first_bad_position == 7  # the audit view still holds the old links
    forced = runner.invoke(cli, ["rebuild", "audit", "--force"], env=env)
    assert forced.exit_code == 0, forced.output
    assert verified(county, read_side).ok  # chained afresh: only a checkpoint can show it now


def test_events_recorded_after_the_last_link_are_pending_until_linked(county, read_side):
    checkpoint = sign(verified(county, read_side), Ed25519PrivateKey.generate(), TAKEN, county.name)
    county.execute("T-001", GrantAward(award_id="A-9", kind="honour", awarded_on="2025-06-30"), by=BY)
    county.execute("T-002", GrantAward(award_id="A-10", kind="honour", awarded_on="2025-06-30"), by=BY)
    later = verified(county, read_side, checkpoints=[checkpoint])
    assert later.ok and later.pending == 2 and later.head_position == county.recorder.max_notification_id()
    current(read_side)
    linked = verified(county, read_side, checkpoints=[checkpoint])
    assert linked.ok and linked.pending == 0 and linked.head_hash == later.head_hash
    stored = list(county.recorder.select_notifications(1, 1000))
    assert linked.head_hash == list(chain_links(stored))[-1][1]


def test_sqlite_refuses_to_update_delete_or_replace_stored_events(tmp_path, clock):
    """(PostgreSQL's trigger comes with ``ledger db init``: test_integrity_roles.py.)"""
    settings = Settings(database_url=f"sqlite:///{tmp_path}/ledger.sqlite")
    ledger = build_ledger(settings, clock=clock)
    try:
        seed_schools(ledger)
        intruder = Intruder(settings)
        before = intruder.run("SELECT rowid, state FROM {events} ORDER BY rowid")
        replace_at_position = ("INSERT OR REPLACE INTO {events} (rowid, originator_id, originator_version, topic, "
                               "state) SELECT rowid, 'forged', 1, topic, x'00' FROM {events} WHERE rowid = 2")
        replace_by_id = ("REPLACE INTO {events} (originator_id, originator_version, topic, state) "
                         "SELECT originator_id, originator_version, topic, x'00' FROM {events} WHERE rowid = 3")
        for statement in ("UPDATE {events} SET state = x'00' WHERE rowid = 2",
                          "DELETE FROM {events} WHERE rowid = 3", "DELETE FROM {events}",
                          replace_at_position, replace_by_id):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                intruder.run(statement)
        assert intruder.run("SELECT rowid, state FROM {events} ORDER BY rowid") == before
        ledger.register(RegisterSchool(school_id="S-NEW", name="新学校", level="primary", area="urban", kind="regular",
                                       tier="ordinary", effective_date="2020-01-01"), by=BY)  # appending still works
        assert len(intruder.positions()) == len(before) + 1
    finally:
        ledger.close()


def test_the_command_line_verifies_signs_and_checks_checkpoints(county, read_side, backend_settings, tmp_path):
    runner = CliRunner()
    env = {"LEDGER_DATABASE_URL": backend_settings.database_url, "LEDGER_SIGNING_KEY_FILE": str(tmp_path / "key.pem")}
    made = runner.invoke(cli, ["signing-key", str(tmp_path / "key.pem")], env=env)
    assert made.exit_code == 0, made.output
    taken = runner.invoke(cli, ["checkpoint", "--out", str(tmp_path / "cp.json")], env=env)
    assert taken.exit_code == 0, taken.output
    body = json.loads((tmp_path / "cp.json").read_text())
    assert body["position"] == county.recorder.max_notification_id()
    pinned = ["verify", "--checkpoint", str(tmp_path / "cp.json"), "--public-key", str(tmp_path / "key.pem.pub")]
    ok = runner.invoke(cli, [*pinned, "--json"], env=env)
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout[ok.stdout.index("{"):])["outcome"] == "verified"

    other = tmp_path / "other.pem"
    assert runner.invoke(cli, ["signing-key", str(other)], env=env).exit_code == 0
    distrusted = runner.invoke(cli, [*pinned[:3], "--public-key", f"{other}.pub"], env=env)
    assert distrusted.exit_code == 4 and "not by the trusted key" in distrusted.output

    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    intruder.edit_byte(9)
    tampered = runner.invoke(cli, pinned, env=env)
    assert tampered.exit_code == 1
    assert "NOT VERIFIED at position 9 (altered)" in tampered.output
    refused = runner.invoke(cli, ["checkpoint"], env=env)
    assert refused.exit_code == 1 and "does not verify at position 9" in refused.output
