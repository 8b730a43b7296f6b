"""``ledger verify``, ``ledger checkpoint``, ``ledger evidence`` and ``ledger signing-key``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ledger.cli.common import failing_cleanly, language, opened, opened_read_side, told, until_stopped
from ledger.domain.messages import Message

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ledger.app import RotationLedger
    from ledger.integrity.proof import Proof
    from ledger.projections import ReadModel
    from ledger.settings import Settings

evidence_app = typer.Typer(help="A teacher's history or service record with the hashes of the events behind it "
                                "(证明材料哈希), as JSON for auditors.", no_args_is_help=True)
EVIDENCE_OUT = typer.Option(None, "--out", help="Write the JSON to this file (default: standard output)")
EVIDENCE_AS_OF = typer.Option(None, "--as-of", help="The day (YYYY-MM-DD); default today")


def report(proof: Proof, as_json: bool) -> None:
    """What was checked and what it proved, in the command line's language (or as JSON)."""
    lang = language()
    if as_json:
        typer.echo(json.dumps(proof.to_dict(lang), ensure_ascii=False, indent=2))
        return
    v = proof.verification
    lines = [Message("verify.checked", events=v.events_checked, links=v.links_compared, pending=v.pending),
             Message("verify.head", position=v.head_position or 0, hash=v.head_hash.hex())]
    lines += [Message("checkpoint.distrusted", file=c.name, problem=c.problem) for c in proof.distrusted]
    if proof.compared and v.ok:
        lines.append(Message("verify.extends", count=len(proof.compared), position=proof.latest.position))
    lines.append(proof.summary)
    for line in lines:
        typer.echo(line.render(lang))


def verify(
    checkpoint: Path = typer.Option(None, "--checkpoint", show_default=False,
                                    help="A signed checkpoint, or a folder of them, the ledger must still extend "
                                         "(default: LEDGER_CHECKPOINT_DIR)"),
    public_key: list[Path] = typer.Option(None, "--public-key", show_default=False,
                                          help="The operator's public key (PEM) the checkpoints must be signed "
                                               "with; repeat it for retired keys (default: "
                                               "LEDGER_CHECKPOINT_PUBLIC_KEY)"),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON"),
) -> None:
    """Recompute the hash chain from the stored events and compare it with the audit view's links
    and the checkpoints. Exit status: 0 verified against checkpoints signed by a trusted key;
    1 altered (the first bad position is named); 3 internal consistency only (no checkpoint, or no
    trusted public key); 4 a checkpoint not signed by a trusted key."""
    from ledger.integrity.proof import configured, prove  # noqa: PLC0415

    with opened() as (settings, app):
        folder, keys = configured(settings)
        proof = prove(app, checkpoints=checkpoint or folder, public_keys=public_key or keys)
    report(proof, as_json)
    raise typer.Exit(proof.exit_status)


def checkpoint(
    out: Path = typer.Option(None, "--out", show_default=False,
                             help="Write the checkpoint to this file (default: into LEDGER_CHECKPOINT_DIR, or "
                                  "standard output when that is not set)"),
    watch: bool = typer.Option(False, "--watch", help="Keep signing on a schedule (LEDGER_CHECKPOINT_EVERY_EVENTS, "
                                                      "LEDGER_CHECKPOINT_EVERY_SECONDS) into LEDGER_CHECKPOINT_DIR, "
                                                      "as a process of its own, until stopped"),
) -> None:
    """Verify the ledger (and that it extends the checkpoints this key signed before), then sign its
    head (position, hash, time) with LEDGER_SIGNING_KEY_FILE."""
    from ledger.app.core import utc_now  # noqa: PLC0415
    from ledger.integrity import CheckpointError  # noqa: PLC0415
    from ledger.integrity.checkpoint import load_private_key  # noqa: PLC0415
    from ledger.integrity.folder import write  # noqa: PLC0415
    from ledger.integrity.signer import take  # noqa: PLC0415

    with opened() as (settings, app):
        if settings.signing_key_file is None:
            raise CheckpointError("checkpoint.no_key_file")
        key = load_private_key(settings.signing_key_file)
        if watch:
            _watch(settings, app, key)
            return
        signed = take(app, key, utc_now(), folder=settings.checkpoint_dir)
        if out is not None:
            out.write_text(signed.to_json(), encoding="utf-8")
        elif settings.checkpoint_dir is not None:
            out = write(settings.checkpoint_dir, signed)
        else:
            sys.stdout.write(signed.to_json())
    told(Message("checkpoint.taken", position=signed.position, events=signed.events, key=signed.key_id,
                 path=str(out or "-")))


def _watch(settings: Settings, app: RotationLedger, key: Ed25519PrivateKey) -> None:
    from ledger.app.core import utc_now  # noqa: PLC0415
    from ledger.integrity import CheckpointError  # noqa: PLC0415
    from ledger.integrity.signer import Schedule, Signer  # noqa: PLC0415
    from ledger.logs import configure_logging  # noqa: PLC0415

    if settings.checkpoint_dir is None:
        raise CheckpointError("checkpoint.no_folder")
    configure_logging(settings.log_format, settings.log_level)
    schedule = Schedule(settings.checkpoint_every_events, settings.checkpoint_every_seconds)
    signer = Signer(app, key, settings.checkpoint_dir, schedule, utc_now, copies=settings.checkpoint_copy_dir,
                    say=told)
    told(Message("checkpoint.watching", folder=str(settings.checkpoint_dir), events=schedule.every_events,
                 seconds=schedule.every_seconds))
    until_stopped(lambda stopping: signer.run(stopping, settings.projection_poll_seconds))


def signing_key(path: Path = typer.Argument(..., help="Where to write the private key (PEM); the public key goes "
                                                      "to PATH.pub")) -> None:
    """Create an Ed25519 key pair for signing checkpoints (the private key readable by its owner only)."""
    from ledger.integrity.checkpoint import generate_key, key_id, public_bytes, public_path  # noqa: PLC0415

    with failing_cleanly():
        key = generate_key(path)
    lang = language()
    typer.echo(Message("checkpoint.key_private", path=str(path)).render(lang))
    public = Message("checkpoint.key_public", path=str(public_path(path)), key=key_id(public_bytes(key)))
    typer.echo(public.render(lang))


def _evidence(make: Callable[[RotationLedger, ReadModel], dict[str, Any]], out: Path | None) -> None:
    """Brings the views up to date, builds the export, writes it as JSON."""
    with opened_read_side() as (_, read_side):
        read_side.bring_up_to_date()
        export = make(read_side.read_model.app, read_side.read_model)
    text = json.dumps(export, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    out.write_text(text, encoding="utf-8")
    told(Message("evidence.written", file=str(out), count=len(export["evidence"])))


@evidence_app.command("history")
def evidence_history(teacher_id: str = typer.Argument(..., help="The teacher's id"), as_of: str = EVIDENCE_AS_OF,
                     out: Path = EVIDENCE_OUT) -> None:
    """A teacher's history with the hash and chain link of every event it cites."""
    from ledger.integrity.evidence import history_with_evidence  # noqa: PLC0415

    _evidence(lambda app, model: history_with_evidence(app, model, teacher_id, as_of), out)


@evidence_app.command("service-record")
def evidence_service_record(
    teacher_id: str = typer.Argument(..., help="The teacher's id"),
    target: str = typer.Option(..., "--target", help="intermediate, senior, grade_step or principal_grade"),
    as_of: str = EVIDENCE_AS_OF, out: Path = EVIDENCE_OUT,
) -> None:
    """A teacher's service record with the hash and chain link of every event that earned it."""
    from ledger.integrity.evidence import service_record_with_evidence  # noqa: PLC0415

    _evidence(lambda app, model: service_record_with_evidence(app, model, teacher_id, target, as_of), out)


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(checkpoint)
    app.command("signing-key")(signing_key)
    app.add_typer(evidence_app, name="evidence")
