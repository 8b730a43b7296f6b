"""``ledger db init|backup|restore``: the ledger's database set up for production, backed up and
restored."""

from __future__ import annotations

from pathlib import Path

import typer

from ledger.cli.common import failing_cleanly

db_app = typer.Typer(help="The ledger's database: set it up for production, back it up, restore it.",
                     no_args_is_help=True)


@db_app.command("init")
def db_init(
    service_role: str = typer.Option("ledger_service", help="Login role of the service (the API): reads and inserts "
                                                            "stored events, reads the views ('' for none)"),
    service_password: str = typer.Option(None, envvar="LEDGER_SERVICE_PASSWORD", show_default=False,
                                         help="Its password (better: the environment variable)"),
    auditor_role: str = typer.Option("ledger_auditor", help="Read-only login role for auditors ('' for none)"),
    auditor_password: str = typer.Option(None, envvar="LEDGER_AUDITOR_PASSWORD", show_default=False,
                                         help="Its password (better: the environment variable)"),
    projector_role: str = typer.Option("ledger_projector", help="Login role of the projector: reads stored events, "
                                                                "owns the views and their hash chain ('' for none)"),
    projector_password: str = typer.Option(None, envvar="LEDGER_PROJECTOR_PASSWORD", show_default=False,
                                           help="Its password (better: the environment variable)"),
) -> None:
    """Create the tables and make stored events append-only. PostgreSQL: run as the database owner
    or a superuser; also creates the service, projector and auditor roles and their grants."""
    from ledger.database.init import init_database  # noqa: PLC0415
    from ledger.database.postgres import Roles  # noqa: PLC0415
    from ledger.settings import Settings  # noqa: PLC0415

    roles = Roles(service_role or None, service_password, auditor_role or None, auditor_password,
                  projector_role or None, projector_password)
    with failing_cleanly():
        for line in init_database(Settings(), roles):
            typer.echo(line)


@db_app.command("backup")
def db_backup(file: Path = typer.Argument(..., help="The backup file to write (never overwritten)")) -> None:
    """Back up the database (SQLite: online backup; PostgreSQL: pg_dump of the ledger's schema)."""
    from ledger.database.backup import backup  # noqa: PLC0415
    from ledger.settings import Settings  # noqa: PLC0415

    with failing_cleanly():
        typer.echo(f"backed up {backup(Settings(), file)}")


@db_app.command("restore")
def db_restore(file: Path = typer.Argument(..., help="A file written by `ledger db backup`")) -> None:
    """Restore a backup into the configured database, which must not hold the ledger yet."""
    from ledger.database.backup import restore  # noqa: PLC0415
    from ledger.settings import Settings  # noqa: PLC0415

    with failing_cleanly():
        typer.echo(f"restored {restore(Settings(), file)}")
