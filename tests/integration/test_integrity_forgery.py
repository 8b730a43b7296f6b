"""The production arrangement on PostgreSQL, end to end: roles from ``ledger db init``, the API as
the service role, the projector as its own role, and automatic checkpoints signed by a real
``ledger checkpoint --watch`` process connected as the auditor. The service cannot re-chain the
audit view nor slip an event into a gap; an event forged into a gap anyway (with the owner's help)
is caught by the stored links, and — once the projector's links are rewritten to match — by the
automatic checkpoints, over which the checkpointer then refuses to sign."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from ledger.cli import app as cli
from ledger.integrity.checkpoint import generate_key, public_path
from ledger.integrity.folder import read_path
from ledger.settings import Settings
from tests.api.bodies import SCHOOLS, body, seed
from tests.integration.test_crash import ROOT
from tests.integration.test_integrity_roles import init, login, projecting, role_urls, roles, served  # noqa: F401
from tests.integration.test_integrity_support import Intruder

pytestmark = pytest.mark.postgres


def until(condition: Callable[[], object], seconds: float = 60) -> object:
    """Polls ``condition`` until it holds (a wide bound: the checkpointer polls every 0.1 s)."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "the condition did not come to hold in time"
        time.sleep(0.05)
    return found


def signed_positions(folder: Path) -> list[int]:
    return [f.checkpoint.position for f in read_path(folder)] if folder.exists() else []


def add_schools(api, ids: list[str]) -> None:
    for school_id in ids:
        assert api.post("/v1/schools", body({**SCHOOLS[0], "school_id": school_id})).status_code == 201


def test_the_service_cannot_rechain_and_a_forgery_fails_against_the_automatic_checkpoints(
        pg_url, roles, clock, tmp_path):  # noqa: F811
    init(pg_url, roles)
    urls = role_urls(pg_url, roles)
    key = tmp_path / "checkpointer.pem"
    generate_key(key)
    folder, log = tmp_path / "checkpoints", tmp_path / "checkpointer.log"
    auditor_env = {"LEDGER_DATABASE_URL": urls["auditor"], "LEDGER_CHECKPOINT_DIR": str(folder),
                   "LEDGER_CHECKPOINT_PUBLIC_KEY": str(public_path(key)), "LANG": "en_US.UTF-8"}
    with log.open("wb") as out:
        checkpointer = subprocess.Popen(
            [sys.executable, "-c", "from ledger.cli import main; main()", "checkpoint", "--watch"], cwd=ROOT,
            env={**os.environ, **auditor_env, "LEDGER_SIGNING_KEY_FILE": str(key), "LEDGER_LOG_LEVEL": "WARNING",
                 "LEDGER_CHECKPOINT_EVERY_EVENTS": "4", "LEDGER_CHECKPOINT_EVERY_SECONDS": "0",
                 "LEDGER_PROJECTION_POLL_SECONDS": "0.1"}, stdout=out, stderr=out)
    intruder = Intruder(Settings(database_url=pg_url))
    service = Settings(database_url=urls["service"], run_projector=False)
    try:
        with projecting(urls["projector"], clock) as projector, served(service, clock) as api:
            head = api.runtime.ledger.recorder.max_notification_id
            seed(api, posting=True)
            until(lambda: signed_positions(folder))  # signed on its own: the first as soon as there is anything
            gap = head() + 1
            intruder.skip_positions(3)  # rolled-back writes leave positions unused
            add_schools(api, ["S-A", "S-B", "S-C", "S-D"])  # due by count: the head moves 7 positions
            until(lambda: any(p > gap for p in signed_positions(folder)))  # a checkpoint covers the gap
            before = signed_positions(folder)  # no more is due: the head moved less than 4 since

            audit = intruder.view_table(projector.recorder, projector.registry)
            dbname = service.eventsourcing_env()["POSTGRES_DBNAME"]
            (topic, state), = intruder.run("SELECT topic, state FROM {events} ORDER BY {pos} LIMIT 1")
            forge = (f"INSERT INTO {intruder.events} (notification_id, originator_id, originator_version, topic, "
                     "state) VALUES (%s, gen_random_uuid(), 1, %s, %s)")
            with psycopg.connect(dbname=dbname, **login(roles.service, roles.service_password)) as conn:
                with pytest.raises(psycopg.errors.InsufficientPrivilege):  # the service may not re-chain
                    conn.execute(f"UPDATE {audit} SET link = link WHERE position > %s", (gap,))
            with psycopg.connect(dbname=dbname, **login(roles.service, roles.service_password)) as conn:
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="below an event already stored"):
                    conn.execute(forge, (gap, topic, state))  # nor slip an event into the gap

            intruder.drop_guards()  # with the owner's (or a superuser's) help, the forgery goes in
            with psycopg.connect(dbname=dbname, **login(roles.service, roles.service_password)) as conn:
                conn.execute(forge, (gap, topic, state))
            runner = CliRunner()
            caught = runner.invoke(cli, ["verify"], env={**auditor_env, "LEDGER_CHECKPOINT_DIR": str(tmp_path / "x")})
            assert caught.exit_code == 1 and f"position {gap} (inserted)" in caught.output, caught.output

            # the projector's holder re-chains over the forgery: the links agree with the events again …
            rebuilt = runner.invoke(cli, ["rebuild", "audit", "--force"], env={"LEDGER_DATABASE_URL": urls["projector"]})
            assert rebuilt.exit_code == 0, rebuilt.output
            alone = runner.invoke(cli, ["verify"], env={**auditor_env, "LEDGER_CHECKPOINT_DIR": str(tmp_path / "x")})
            assert alone.exit_code == 3 and "internal consistency only" in alone.output, alone.output
            # … but not with the checkpoints signed before it
            against = runner.invoke(cli, ["verify"], env=auditor_env)
            first_after = min(p for p in before if p > gap)
            assert against.exit_code == 1, against.output
            assert f"NOT VERIFIED at position {first_after} (rewritten)" in against.output
            assert api.get("/v1/ledger/verify", role="auditor").json()["outcome"] == "consistent"  # no folder set

            add_schools(api, ["S-E", "S-F", "S-G", "S-H"])  # due again: the checkpointer refuses to sign
            until(lambda: b"no checkpoint is signed over it" in log.read_bytes())
            assert signed_positions(folder) == before
    finally:
        checkpointer.terminate()
        checkpointer.wait(10)
    assert checkpointer.returncode == 0, log.read_text()
