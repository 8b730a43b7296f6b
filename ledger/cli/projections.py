"""``ledger project`` (keep the views current, as its own process) and ``ledger rebuild [VIEW…]``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ledger.cli.common import opened_read_side, said, told, until_stopped
from ledger.cli.show import say
from ledger.domain.messages import Message

if TYPE_CHECKING:
    from rich.console import Console

    from ledger.projections import ReadSide


def project(
    heartbeat: Path = typer.Option(None, "--heartbeat", help="A file touched every second while the views are "
                                                           "being kept current (for a container's health check)"),
) -> None:
    """Keep the views up to date, as a process of its own (the compose file's projector).

    Wakes on PostgreSQL NOTIFY and polls every LEDGER_PROJECTION_POLL_SECONDS; stops on SIGTERM or
    Ctrl-C after the page in hand is committed."""
    from ledger.runtime import watch_store  # noqa: PLC0415

    with opened_read_side(write=True) as (settings, read_side):
        told(Message("view.projecting", url=settings.redacted_url()))
        read_side.start()
        watch = watch_store(settings, read_side.read_model.app, wake=read_side.projector.wake)
        healthy = partial(read_side.projector.healthy, within=settings.projection_poll_seconds * 3 + 5)
        try:
            until_stopped(partial(_idle, heartbeat=heartbeat, healthy=healthy))
        finally:
            watch.stop()


def _idle(stopping: threading.Event, *, heartbeat: Path | None, healthy: Callable[[], bool]) -> None:
    """Waits to be stopped; meanwhile touches the heartbeat file while the runner is healthy."""
    while not stopping.wait(1.0):
        if heartbeat is not None and healthy():
            heartbeat.touch()


def rebuild(
    views: list[str] = typer.Argument(None, help="Views to rebuild: teachers, audit, schools (or assignments, "
                                                 "rosters, history); all when none is named"),
    page_size: int = typer.Option(None, min=1, max=100_000,
                                  help="Events per page (default LEDGER_PROJECTION_PAGE_SIZE)"),
    workers: int = typer.Option(None, min=1, max=16, show_default=False,
                                help="Processes that share the work (default: one per core, up to 4, on PostgreSQL; "
                                     "one on SQLite)"),
    force: bool = typer.Option(False, "--force", help="Rebuild the audit view even though the ledger does not "
                                                      "verify (its chain then covers the altered events)"),
) -> None:
    """Rebuild views from the event log (blue/green): a running service keeps serving the old ones
    until the new ones have caught up, then switches. The audit view is rebuilt only over a ledger
    that verifies: a rebuild chains whatever the store holds, which would hide an alteration."""
    from rich.console import Console  # noqa: PLC0415

    from ledger.domain.errors import InvalidInput  # noqa: PLC0415
    from ledger.integrity import verify_ledger  # noqa: PLC0415
    from ledger.projections.registry import resolve  # noqa: PLC0415
    from ledger.projections.runner import default_workers  # noqa: PLC0415

    try:
        names = resolve(views)
    except InvalidInput as error:
        raise typer.BadParameter(error.detail, param_hint="VIEWS") from None
    console = Console(stderr=True)
    with opened_read_side(write=True) as (_, read_side):
        if "audit" in names and not force:
            found = verify_ledger(read_side.read_model.app, read_side.recorder).finding
            if found is not None:
                told(Message("view.rebuild_unverified", position=found.position,
                             problem=found.named, detail=found.message))
                raise typer.Exit(1)
        _rebuild(console, read_side, names, page_size, workers or default_workers(read_side.recorder))


def _rebuild(console: Console, read_side: ReadSide, names: list[str], page_size: int | None, workers: int) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn  # noqa: PLC0415

    from ledger.domain.errors import ConflictError  # noqa: PLC0415

    with Progress(
        TextColumn(say("rebuild.bar")), BarColumn(), MofNCompleteColumn(), TextColumn(say("rebuild.events")),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("rebuild", total=None)
        try:
            report = read_side.projector.rebuild(
                names, page_size=page_size, workers=workers,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except ConflictError as error:
            console.print(say("rebuild.abandoned", detail=said(error)))
            raise typer.Exit(1) from None
    built = say("cli.separator").join(say("rebuild.generation", name=name, generation=generation)
                                      for name, generation in report.generations.items())
    console.print(say("rebuild.done", built=built, events=report.events, seconds=f"{report.seconds:.1f}",
                      rate=f"{report.events_per_second:,.0f}"))


def register(app: typer.Typer) -> None:
    app.command()(project)
    app.command()(rebuild)
