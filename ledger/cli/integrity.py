"""``ledger verify``, ``ledger checkpoint``, ``ledger evidence`` and ``ledger signing-key``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from ledger.cli.common import failing_cleanly, opened, opened_read_side

if TYPE_CHECKING:
    from ledger.app import RotationLedger
    from ledger.integrity import Verification
    from ledger.projections import ReadModel

evidence_app = typer.Typer(help="A teacher's history or service record with the hashes of the events behind it "
                                "(证明材料哈希), as JSON for auditors.", no_args_is_help=True)
EVIDENCE_OUT = typer.Option(None, "--out", help="Write the JSON to this file (default: standard output)")
EVIDENCE_AS_OF = typer.Option(None, "--as-of", help="The day (YYYY-MM-DD); default today")


def report(verification: Verification, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(verification.to_dict(), indent=2))
        return
    v = verification
    typer.echo(f"events checked: {v.events_checked} ({v.links_compared} against the audit view's links, "
               f"{v.pending} not linked by it yet)")
    typer.echo(f"head: position {v.head_position or 0}, hash {v.head_hash.hex()}")
    if v.checkpoint is not None and v.ok:
        typer.echo(f"extends the checkpoint at position {v.checkpoint.position}")
    if v.finding is not None:
        typer.echo(f"NOT VERIFIED at position {v.finding.position} ({v.finding.problem}): {v.finding.detail}")
    else:
        typer.echo("verified: nothing was altered, deleted, inserted or reordered")


def verify(
    checkpoint: Path = typer.Option(None, "--checkpoint", help="A signed checkpoint the ledger must still extend"),
    public_key: Path = typer.Option(None, "--public-key",
                                    help="The operator's public key (PEM) the checkpoint must be signed with"),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON"),
) -> None:
    """Recompute the hash chain from the stored events and compare it with the audit view's links
    (and a checkpoint): names the first position where anything was altered. Exit code 1 if so."""
    from ledger.integrity import read_checkpoint, verify_ledger  # noqa: PLC0415
    from ledger.integrity.checkpoint import load_public_key  # noqa: PLC0415

    with failing_cleanly():
        anchor = None
        if checkpoint is not None:
            anchor = read_checkpoint(_read(checkpoint))
            anchor.check_signature(load_public_key(public_key) if public_key else None)
            typer.echo(f"checkpoint: position {anchor.position}, taken at {anchor.taken_at.isoformat()}, "
                       f"signed by key {anchor.key_id}", err=True)
    with opened() as (_, app):
        verification = verify_ledger(app, checkpoint=anchor)
    report(verification, as_json)
    if not verification.ok:
        raise typer.Exit(1)


def checkpoint(
    out: Path = typer.Option(None, "--out", help="Write the checkpoint to this file (default: standard output)"),
) -> None:
    """Verify the ledger, then sign its head (position, hash, time) with LEDGER_SIGNING_KEY_FILE."""
    from ledger.app.core import utc_now  # noqa: PLC0415
    from ledger.integrity import CheckpointError, sign, verify_ledger  # noqa: PLC0415
    from ledger.integrity.checkpoint import load_private_key  # noqa: PLC0415

    with opened() as (settings, app):
        if settings.signing_key_file is None:
            raise CheckpointError("checkpoint.no_key_file")
        key = load_private_key(settings.signing_key_file)
        signed = sign(verify_ledger(app), key, utc_now(), app.name)
        text = signed.to_json()
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
    typer.echo(f"checkpoint at position {signed.position} ({signed.events} events), key {signed.key_id}", err=True)


def signing_key(path: Path = typer.Argument(..., help="Where to write the private key (PEM); the public key goes "
                                                      "to PATH.pub")) -> None:
    """Create an Ed25519 key pair for signing checkpoints (the private key readable by its owner only)."""
    from ledger.integrity.checkpoint import generate_key, key_id, public_bytes, public_path  # noqa: PLC0415

    with failing_cleanly():
        key = generate_key(path)
    typer.echo(f"private key: {path} (keep it secret; set LEDGER_SIGNING_KEY_FILE={path})")
    typer.echo(f"public key: {public_path(path)} (give it to auditors), key id {key_id(public_bytes(key))}")


def _evidence(make: Callable[[RotationLedger, ReadModel], dict[str, Any]], out: Path | None) -> None:
    """Brings the views up to date, builds the export, writes it as JSON."""
    with opened_read_side() as (_, read_side):
        read_side.projector.catch_up()
        export = make(read_side.read_model.app, read_side.read_model)
    text = json.dumps(export, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    out.write_text(text, encoding="utf-8")
    typer.echo(f"{out}: {len(export['evidence'])} events with their hashes", err=True)


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


def _read(path: Path) -> str:
    from ledger.integrity import CheckpointError  # noqa: PLC0415

    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CheckpointError("checkpoint.unreadable", path=str(path), error=str(error)) from None


def register(app: typer.Typer) -> None:
    app.command()(verify)
    app.command()(checkpoint)
    app.command("signing-key")(signing_key)
    app.add_typer(evidence_app, name="evidence")
