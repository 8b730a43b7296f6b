"""The ``ledger`` command line. Each group of subcommands lives in its own module."""

from __future__ import annotations

import os
import sys

import typer

from ledger import __version__
from ledger.cli_data import register as register_data_commands
from ledger.cli_integrity import register as register_integrity_commands
from ledger.cli_keys import keys_app
from ledger.cli_policy import register as register_policy_commands
from ledger.cli_projections import register as register_projection_commands

app = typer.Typer(
    name="ledger",
    help="Rotation Ledger (交流轮岗台账): record and audit teacher and principal rotation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(keys_app, name="keys")
register_policy_commands(app)
register_data_commands(app)
register_projection_commands(app)
register_integrity_commands(app)


@app.command()
def version() -> None:
    """Print the ledger's version."""
    typer.echo(f"rotation-ledger {__version__}")


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to listen on (default 127.0.0.1 or LEDGER_HOST)"),
    port: int = typer.Option(None, help="Port to listen on (default 8000 or LEDGER_PORT)"),
    demo: bool = typer.Option(False, "--demo", help="Load a demo county on first start and print an admin key"),
) -> None:
    """Serve the HTTP API and web console (and, on the embedded store, the projections)."""
    import uvicorn  # noqa: PLC0415 (keep `ledger --help` fast)

    from ledger.settings import Settings  # noqa: PLC0415

    if demo:
        os.environ["LEDGER_DEMO"] = "true"
    settings = Settings()
    if demo:
        from ledger.cli_keys import print_demo_key  # noqa: PLC0415

        print_demo_key(settings, host or settings.host, port or settings.port)
    uvicorn.run(
        "api.app:create_app",  # an import string: ledger/ never imports api/
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
    )


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
