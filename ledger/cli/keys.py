"""``ledger keys create|list|revoke``: API access keys, recorded as events in the ledger itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ledger.cli.common import cli_actor, opened_ledger
from ledger.cli.show import echo, print_table, say
from ledger.domain.access import AccessRole

if TYPE_CHECKING:
    from ledger.app import RotationLedger
    from ledger.settings import Settings

keys_app = typer.Typer(help="API access keys (访问密钥): create, list, revoke.", no_args_is_help=True)


def issue(app: RotationLedger, name: str, role: str, reason: str, *, replace: bool = False) -> str:
    """Issues a key and returns its secret (shared by ``keys create`` and ``serve --demo``)."""
    from ledger.app import Envelope  # noqa: PLC0415

    issued = app.issue_key(name, role, by=Envelope(actor=cli_actor(), reason=reason), replace=replace)
    return issued.secret


@keys_app.command("create")
def create(
    name: str = typer.Option(..., "--name", help="Who uses the key; recorded as the actor of every write"),
    role: AccessRole = typer.Option(..., "--role", help="admin: everything; auditor: every read; hr: HR reads"),
    reason: str = typer.Option("issued with `ledger keys create`", help="Why the key is issued"),
    replace: bool = typer.Option(False, "--replace", help="Give an active key a new secret (the old one stops working)"),
) -> None:
    """Create a key; the key itself is printed as the last line (it is stored only hashed)."""
    with opened_ledger() as app:
        secret = issue(app, name, role.value, reason, replace=replace)
    echo("keys.issued", role=role, name=name)
    typer.echo(secret)


@keys_app.command("list")
def list_keys() -> None:
    """List every key issued, active or revoked (never the secrets)."""
    with opened_ledger() as app:
        keys = app.access_keys()
    if not keys:
        echo("keys.none")
        return
    from rich.table import Table  # noqa: PLC0415

    table = Table(header_style="bold")
    for column in ("keys.name", "keys.role", "keys.status", "keys.issued_at", "keys.issued_by", "keys.revoked_at"):
        table.add_column(say(column), no_wrap=True)
    for k in keys:
        table.add_row(k["name"], k["role"],
                      say("keys.active" if k["active"] else "keys.revoked"), k["issued_at"].isoformat(timespec="seconds"),
                      k["issued_by"], k["revoked_at"].isoformat(timespec="seconds") if k["revoked_at"] else "")
    print_table(table)


@keys_app.command("revoke")
def revoke(
    name: str = typer.Argument(..., help="The key's name"),
    reason: str = typer.Option("revoked with `ledger keys revoke`", help="Why the key is revoked"),
) -> None:
    """Revoke a key; requests with it are refused at once."""
    from ledger.app import Envelope  # noqa: PLC0415

    with opened_ledger() as app:
        app.revoke_key(name, by=Envelope(actor=cli_actor(), reason=reason))
    echo("keys.revoked_one", name=name)


def print_demo_key(settings: Settings, host: str, port: int) -> None:
    """``ledger serve --demo``: a ready admin key (``demo-admin``, a new secret on every start)."""
    from ledger.bootstrap import build_ledger  # noqa: PLC0415

    if settings.backend == "memory":
        echo("keys.demo_memory", err=True)
        return
    app = build_ledger(settings)
    try:
        secret = issue(app, "demo-admin", AccessRole.ADMIN.value, "demo admin key for `ledger serve --demo`",
                       replace=True)
    finally:
        app.close()
    echo("keys.demo", host=host, port=port)
    typer.echo(secret)
