"""How the command line shows things: a catalogue message in its language (``say``) and a table
with headers (``print_sheet``) — the exports' sheets, so a table on the screen, in a file and on
paper name their columns alike."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from ledger.cli.common import language

if TYPE_CHECKING:
    from rich.table import Table

    from ledger.domain.policy.profile import ProfileInForce
    from ledger.exporters import Sheet


UNBROKEN = frozenset({"clause", "clauses"})  # ids a reader copies: never broken across lines
PIPE_WIDTH = 240


def say(code: str, /, **params: Any) -> str:
    """A message of the catalogue in the command line's language, codes shown by their labels."""
    from ledger.domain.messages import Message  # noqa: PLC0415

    return Message(code, **params).render(language(), labels=True)


def echo(code: str, /, *, err: bool = False, **params: Any) -> None:
    typer.echo(say(code, **params), err=err)


def print_sheet(sheet: Sheet, *, title: str | None = None) -> None:
    """The sheet's printed columns as a table, headers and values in the command line's language."""
    from rich.table import Table  # noqa: PLC0415

    lang = language()
    columns = sheet.printed_columns()
    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column.header(lang), justify="right" if column.kind == "number" else "left",
                         no_wrap=column.kind in ("number", "date") or column.key in UNBROKEN or column.key.endswith("_id"))
    for row in sheet.rows:
        table.add_row(*("" if (v := c.cell(row.get(c.key), lang)) is None else str(v) for c in columns))
    print_table(table)
    if not sheet.rows:
        echo("cli.no_rows")


def print_table(table: Table) -> None:
    """A table on the terminal; in a file or a pipe as wide as it needs, not 80 columns."""
    from rich.console import Console  # noqa: PLC0415

    console = Console(soft_wrap=False, highlight=False)
    if not console.is_terminal:
        console = Console(soft_wrap=False, highlight=False, width=PIPE_WIDTH)
    console.print(table)


def profile_line(in_force: ProfileInForce) -> str:
    """The profile an answer was computed under: name, version, label and where it comes from."""
    p = in_force.profile
    return say("cli.profile", name=p.name, version=p.version, label=p.label_zh if language() == "zh" else p.label_en,
               note=in_force.note())
