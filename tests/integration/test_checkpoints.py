"""Automatic checkpoints on the real stores: the signer signs on its schedule (by count, by time,
never over nothing new), writes into the folder and copies to the second place, refuses to sign over
a ledger that no longer extends what it signed; ``ledger verify`` checks a folder against every
checkpoint in it, and each outcome has its exit status and its wording in both languages."""

from __future__ import annotations

import json
from datetime import datetime
from itertools import count
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from ledger.cli import app as cli
from ledger.integrity import CheckpointError
from ledger.integrity.checkpoint import generate_key, load_private_key, public_path
from ledger.integrity.folder import read_path
from ledger.integrity.signer import Schedule, Signer
from tests.integration.test_integrity_support import Intruder
from tests.integration.test_projection_support import current, read_side  # noqa: F401 (fixture)
from tests.support import BY, seed_schools, teacher
from ledger.domain.commands import GrantAward


AWARDS = count(1)


def award(ledger, n: int) -> None:
    """Records ``n`` more events (awards to T-001)."""
    for _ in range(n):
        ledger.execute("T-001", GrantAward(award_id=f"A-{next(AWARDS)}", kind="honour", awarded_on="2025-06-30"),
                       by=BY)


@pytest.fixture
def county(ledger, read_side):  # noqa: F811
    seed_schools(ledger)
    teacher(ledger)
    current(read_side)
    return ledger


def positions(folder: Path) -> list[int]:
    return [found.checkpoint.position for found in read_path(folder)]


def test_checkpoints_appear_on_schedule_by_count_and_by_time(county, tmp_path, clock):
    folder, copies = tmp_path / "checkpoints", tmp_path / "copies"
    said = []
    signer = Signer(county, Ed25519PrivateKey.generate(), folder, Schedule(every_events=5, every_seconds=600), clock,
                    copies=copies, say=said.append)
    head = county.recorder.max_notification_id
    assert signer.tick() is not None and positions(folder) == [head()]  # the first: as soon as there is anything
    assert signer.tick() is None  # nothing new: nothing signed
    award(county, 4)
    clock.advance(seconds=599)
    assert signer.tick() is None  # 4 positions and 599 s since: not due
    award(county, 1)
    assert signer.tick().position == head()  # the 5th position since: due by count
    award(county, 1)
    clock.advance(seconds=601)
    assert signer.tick().position == head()  # one event and 601 s since: due by time
    clock.advance(hours=5)
    assert signer.tick() is None  # time alone signs nothing
    assert len(positions(folder)) == 3 and sorted(p.name for p in copies.iterdir()) == sorted(
        p.name for p in folder.iterdir())
    assert [m.code for m in said].count("checkpoint.taken") == 3 and "checkpoint.copied" in {m.code for m in said}

    restarted = Signer(county, signer.key, folder, signer.schedule, clock)  # picks up where the folder stands
    assert restarted.last.position == head() and restarted.tick() is None


def test_a_copy_that_fails_is_said_once_and_made_on_a_later_round(county, tmp_path, clock):
    folder, blocked = tmp_path / "checkpoints", tmp_path / "copies"
    blocked.write_text("not a folder")  # the second place is not there
    said = []
    signer = Signer(county, Ed25519PrivateKey.generate(), folder, Schedule(1, 0), clock, copies=blocked,
                    say=said.append)
    assert signer.tick() is not None and len(positions(folder)) == 1  # signed all the same
    award(county, 1)
    assert signer.tick() is not None
    assert [m.code for m in said].count("checkpoint.copy_failed") == 1
    blocked.unlink()
    signer.tick()
    assert sorted(p.name for p in blocked.iterdir()) == sorted(p.name for p in folder.iterdir())


def test_the_signer_refuses_to_sign_over_a_ledger_that_no_longer_extends_what_it_signed(
        county, read_side, backend_settings, tmp_path, clock):  # noqa: F811
    folder = tmp_path / "checkpoints"
    signer = Signer(county, Ed25519PrivateKey.generate(), folder, Schedule(1, 0), clock)
    signer.tick()
    award(county, 2)
    signed = signer.tick()
    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    intruder.edit_byte(3)
    read_side.projector.rebuild(["audit"])  # the links re-chained over the edit: they agree again
    award(county, 1)
    with pytest.raises(CheckpointError, match="does not verify at position") as refused:
        signer.tick()
    assert refused.value.code == "checkpoint.not_verified" and signer.last == signed
    assert len(positions(folder)) == 2

    (folder / "cp-000000000001-forged.json").write_text((folder / sorted(p.name for p in folder.iterdir())[0])
                                                        .read_text().replace('"events": ', '"events": 1'))
    with pytest.raises(CheckpointError) as spoiled:
        Signer(county, signer.key, folder, signer.schedule, clock)
    assert spoiled.value.code == "checkpoint.folder_spoiled"


def run(args: list[str], env: dict[str, str], lang: str = "en"):
    result = CliRunner().invoke(cli, args, env={**env, "LANG": "zh_CN.UTF-8" if lang == "zh" else "en_US.UTF-8"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_each_verify_outcome_has_its_exit_status_and_wording(county, read_side, backend_settings, tmp_path):  # noqa: F811
    key, other = tmp_path / "signer.pem", tmp_path / "other.pem"
    generate_key(key)
    generate_key(other)
    folder = tmp_path / "checkpoints"
    env = {"LEDGER_DATABASE_URL": backend_settings.database_url, "LEDGER_SIGNING_KEY_FILE": str(key),
           "LEDGER_CHECKPOINT_DIR": str(folder)}
    sqlite = backend_settings.backend == "sqlite"

    alone = run(["verify"], env)  # no checkpoint yet
    assert alone.exit_code == 3, alone.output
    assert "internal consistency only" in alone.output and "verified:" not in alone.output
    assert ("whoever can write it can rewrite both" in alone.output) == sqlite
    zh = run(["verify"], env, "zh")
    assert zh.exit_code == 3 and "仅证明内部一致" in zh.output and "已校验" in zh.output

    for _ in range(2):  # two checkpoints in the folder
        assert run(["checkpoint"], env).exit_code == 0
        award(county, 2)
    current(read_side)
    assert len(positions(folder)) == 2
    unpinned = run(["verify"], env)  # checked against the folder, but no key is trusted
    assert unpinned.exit_code == 3 and "extends 2 checkpoint(s)" in unpinned.output
    assert "no trusted public key was given" in unpinned.output

    pinned = {**env, "LEDGER_CHECKPOINT_PUBLIC_KEY": str(public_path(key))}
    verified = run(["verify"], pinned)
    assert verified.exit_code == 0, verified.output
    assert f"verified: every event up to position {max(positions(folder))}" in verified.output
    assert "the 2 event(s) after it are shown internally consistent only" in verified.output
    in_chinese = run(["--lang", "zh", "verify"], pinned, "en")  # --lang before the locale
    assert in_chinese.exit_code == 0 and "已验证：直到位置" in in_chinese.output
    as_json = json.loads(run(["verify", "--json"], pinned).stdout)
    assert (as_json["outcome"], as_json["verified_up_to"]) == ("verified", max(positions(folder)))
    assert [c["trust"] for c in as_json["checkpoints"]] == ["trusted", "trusted"]

    distrusted = run(["verify", "--public-key", str(public_path(other))], pinned)  # another key is trusted
    assert distrusted.exit_code == 4 and "verified" not in distrusted.output.replace("NOT VERIFIED", "")
    assert "not by the trusted key" in distrusted.output and "2 checkpoint(s) are not signed" in distrusted.output
    retired = run(["verify", "--public-key", str(public_path(other)), "--public-key", str(public_path(key))], pinned)
    assert retired.exit_code == 0  # every key given is trusted (a retired one among them)

    forged = folder / "cp-999999999999-forged.json"
    body = json.loads(sorted(folder.iterdir())[0].read_text())
    forged.write_text(json.dumps({**body, "position": body["position"] + 1}))
    spoiled = run(["verify"], pinned)
    assert spoiled.exit_code == 4 and "signature does not match its contents" in spoiled.output
    forged.unlink()

    intruder = Intruder(backend_settings)
    intruder.drop_guards()
    intruder.edit_byte(2)
    read_side.projector.rebuild(["audit"])  # links re-chained over the edit: alone, nothing disagrees
    assert run(["verify", "--checkpoint", str(tmp_path / "none")], pinned).exit_code == 1  # no such file: an error
    rechained = run(["verify"], pinned)
    first = min(positions(folder))
    assert rechained.exit_code == 1, rechained.output
    assert f"NOT VERIFIED at position {first} (rewritten)" in rechained.output
    zh_altered = run(["verify"], pinned, "zh")
    assert zh_altered.exit_code == 1 and f"未通过校验：位置 {first}（哈希链被改写）" in zh_altered.output


def test_the_api_and_the_console_say_what_was_proved_and_show_the_latest_checkpoint(tmp_path, clock):
    from tests.api.conftest import serve  # noqa: PLC0415
    from tests.api.test_ui_parts import Html, sign_in  # noqa: PLC0415
    from ledger.settings import Settings  # noqa: PLC0415

    key = tmp_path / "signer.pem"
    generate_key(key)
    folder = tmp_path / "checkpoints"
    settings = Settings(database_url=f"sqlite:///{tmp_path}/api.sqlite", checkpoint_dir=folder,
                        checkpoint_public_key=public_path(key))
    running = serve(settings, clock)
    api = next(running)
    try:
        sign_in(api)
        assert "还没有检查点" in Html(api.client.get("/ui/audit").text).text_of("checkpoint-status")
        consistent = api.get("/v1/ledger/verify", role="auditor", headers={"Accept-Language": "zh-CN"}).json()
        assert consistent["outcome"] == "consistent" and consistent["proved"]["detail"].startswith("仅证明内部一致")
        signer = Signer(api.runtime.ledger, Ed25519PrivateKey.generate(), folder, Schedule(1, 0), clock)
        signer.tick()
        untrusted = api.get("/v1/ledger/verify", role="auditor").json()
        assert untrusted["outcome"] == "untrusted" and untrusted["checkpoints"][0]["trust"] == "other_key"
        status = Html(api.client.get("/ui/audit?lang=en").text).text_of("checkpoint-status")
        assert f"latest checkpoint: position {signer.last.position}" in status and "not trusted" in status

        for file in folder.iterdir():
            file.unlink()  # the stranger's checkpoint goes; the operator's key signs
        trusted = Signer(api.runtime.ledger, load_private_key(key), folder, Schedule(1, 0), clock)
        trusted.tick()
        api.runtime.read_side.projector.catch_up()
        proved = api.get("/v1/ledger/verify", role="auditor").json()
        assert proved["outcome"] == "verified" and proved["verified_up_to"] == trusted.last.position
        page = Html(api.client.get("/ui/audit?verify=1&lang=en").text)
        assert "by the trusted key" in page.text_of("checkpoint-status")
        assert page.text_of("proved").startswith(f"verified: every event up to position {trusted.last.position}")
    finally:
        running.close()


def test_checkpoint_files_are_named_by_position_and_never_overwritten(tmp_path):
    from ledger.integrity.checkpoint import sign  # noqa: PLC0415
    from ledger.integrity.folder import file_name, write  # noqa: PLC0415
    from ledger.integrity.verify import Verification  # noqa: PLC0415

    key = Ed25519PrivateKey.generate()
    moments = {3: "2026-09-03", 12: "2026-08-08", 7: "2026-09-01"}  # taken in another order
    made = [sign(Verification(p, p, 0, p, bytes(32)), key, datetime.fromisoformat(f"{moments[p]}T00:00:00+00:00"),
                 "RotationLedger") for p in moments]
    for checkpoint in made:
        write(tmp_path, checkpoint)
    assert positions(tmp_path) == [3, 7, 12]
    assert file_name(made[1]) == "cp-000000000012-20260808T000000Z.json"
    with pytest.raises(CheckpointError, match="is never overwritten"):
        write(tmp_path, made[0])
