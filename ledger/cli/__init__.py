"""The ``ledger`` command line. Each group of commands lives in its own module; ``common`` holds
what they share."""

from __future__ import annotations

import sys

import typer

from ledger.cli import generate, integrity, policy, projections, serve
from ledger.cli.common import choose_language
from ledger.cli.db import db_app
from ledger.cli.exports import export_app
from ledger.cli.imports import import_app
from ledger.cli.keys import keys_app

app = typer.Typer(
    name="ledger",
    help="Rotation Ledger (交流轮岗台账): record and audit teacher and principal rotation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def options(lang: str = typer.Option(None, "--lang", help="Language of messages: zh or en (default: from LANG)")) -> None:
    """Rotation Ledger (交流轮岗台账): record and audit teacher and principal rotation."""
    if lang not in (None, "zh", "en"):
        raise typer.BadParameter("zh or en", param_hint="--lang")
    choose_language(lang)


app.command()(serve.version)
app.command()(serve.serve)
app.add_typer(keys_app, name="keys")
policy.register(app)
app.command("generate")(generate.generate)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
projections.register(app)
integrity.register(app)
app.add_typer(db_app, name="db")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
