"""``ledger generate``: a synthetic county (生成模拟数据), into the ledger or as import files."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path

import typer

from ledger.cli.common import opened_ledger, progress_bar


class FileFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"


class Headers(str, Enum):
    en = "en"
    zh = "zh"


def generate(
    teachers: int = typer.Option(..., "--teachers", min=100, help="Teachers at the start"),
    years: int = typer.Option(..., "--years", min=1, max=60, help="School years of history"),
    seed: int = typer.Option(..., "--seed", help="Random seed: the same seed gives the same county"),
    as_of: str = typer.Option("2026-10-31", "--as-of", help="The history ends on this date (YYYY-MM-DD)"),
    out: Path | None = typer.Option(None, "--out", help="Write import files into this folder instead of the ledger"),
    fmt: FileFormat = typer.Option(FileFormat.csv, "--format", help="Import file format (with --out)"),
    headers: Headers = typer.Option(Headers.en, "--headers", help="Header language of the files (with --out)"),
) -> None:
    """Generate a synthetic county (生成模拟数据): into the ledger (bulk path) or as import files."""
    from rich.console import Console  # noqa: PLC0415

    from ledger.demo import holds_schools  # noqa: PLC0415
    from ledger.generator import GeneratorConfig, write_files, write_into  # noqa: PLC0415

    console = Console()
    try:
        config = GeneratorConfig(teachers=teachers, years=years, seed=seed, as_of=date.fromisoformat(as_of))
    except ValueError:
        console.print(f"[red]--as-of '{as_of}' is not a date (YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from None
    with progress_bar(console, "school years", years) as update:
        if out is not None:
            county = write_files(out, config, fmt=fmt.value, language=headers.value, progress=update)
            for kind, rows in county.files.items():
                console.print(f"{out / f'{kind}.{fmt.value}'}: {rows} rows")
            return
        with opened_ledger() as app:
            if holds_schools(app):
                console.print("[red]The ledger already holds schools: generate into an empty ledger, "
                              "or write files with --out DIR.[/red]")
                raise typer.Exit(1)
            county = write_into(app, config, progress=update)
    console.print(f"Recorded {county.events} events in {county.seconds:.1f} s "
                  f"({county.events_per_second:,.0f} events/s).")
