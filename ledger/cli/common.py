"""What every command group of the ``ledger`` command line shares: who the actor is, opening the
ledger (and its views) with a ledger error turned into a message and exit status 1, progress bars
and JSON output. Imports of the ledger's parts happen inside the functions, so ``ledger --help``
stays fast."""

from __future__ import annotations

import getpass
import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from ledger.app import RotationLedger
    from ledger.projections import ReadSide
    from ledger.settings import Settings


_chosen_language: list[str] = []


def choose_language(lang: str | None) -> None:
    """``--lang`` on the command line (``zh`` or ``en``); otherwise the shell's locale decides."""
    _chosen_language[:] = [lang] if lang else []


def language() -> str:
    """The language the command line speaks: ``--lang``, else ``zh`` when the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) is Chinese, else ``en``."""
    if _chosen_language:
        return _chosen_language[0]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def said(error: Any) -> str:
    """A ledger error (or any catalogue message) in the command line's language; in English the
    fields keep the names the command line's options and files use."""
    return error.render(language())


def told(message: Any) -> None:
    """A catalogue message on standard error, in the command line's language."""
    typer.echo(said(message), err=True)


def until_stopped(body: Callable[[threading.Event], None]) -> None:
    """Runs ``body(stopping)``, a process's main loop; SIGTERM or Ctrl-C sets ``stopping``."""
    stopping = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    try:
        body(stopping)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def cli_actor() -> str:
    """The actor recorded for commands run from a shell: ``cli:<login name>``."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}"[:64]


def importer_actor() -> str:
    """``importer:<login name>``: the actor of imported events."""
    return f"importer:{cli_actor().removeprefix('cli:')}"[:64]


@contextmanager
def failing_cleanly() -> Iterator[None]:
    """A ledger error (bad input, a refused write, a bad checkpoint or backup …) is a message on
    standard error and exit status 1, never a traceback."""
    from ledger.database.outage import store_unavailable  # noqa: PLC0415
    from ledger.domain.errors import LedgerError  # noqa: PLC0415

    try:
        yield
    except LedgerError as error:
        typer.echo(f"{'错误' if language() == 'zh' else 'error'}: {said(error)}", err=True)
        raise typer.Exit(1) from None
    except Exception as error:
        if (found := store_unavailable(error)) is None:  # the store's condition (down, busy, full) is a message
            raise
        typer.echo(f"error: {found.detail}", err=True)
        raise typer.Exit(1) from None


@contextmanager
def opened_ledger() -> Iterator[RotationLedger]:
    """The ledger of the configured database, closed afterwards; ledger errors fail cleanly."""
    with opened() as (_, app):
        yield app


@contextmanager
def opened() -> Iterator[tuple[Settings, RotationLedger]]:
    """The settings and the ledger, as ``opened_ledger``."""
    from ledger.bootstrap import build_ledger  # noqa: PLC0415
    from ledger.settings import Settings  # noqa: PLC0415

    with failing_cleanly():
        settings = Settings()
        app = build_ledger(settings)
        try:
            yield settings, app
        finally:
            app.close()


@contextmanager
def opened_read_side(*, write: bool | None = None) -> Iterator[tuple[Settings, ReadSide]]:
    """The ledger with its views (not yet caught up), closed afterwards; ledger errors fail cleanly.
    ``write``: True when the command writes the views (the database role must be allowed to), None
    to write them if it may and only read them otherwise."""
    from ledger.logs import configure_logging  # noqa: PLC0415
    from ledger.projections import open_read_side  # noqa: PLC0415

    with opened() as (settings, app):
        configure_logging(settings.log_format, settings.log_level)
        read_side = open_read_side(app, page_size=settings.projection_page_size,
                                   poll_seconds=settings.projection_poll_seconds,
                                   wait_timeout=settings.read_your_writes_timeout, write=write)
        try:
            yield settings, read_side
        finally:
            read_side.close()


@contextmanager
def progress_bar(console: Console, title: str, total: int) -> Iterator[Callable[..., None]]:
    """A progress bar (drawn only in a terminal); the callback takes ``([phase,] done, of)``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(title, total=total)

        def update(*args: object) -> None:
            *phase, done, of = args
            bar.update(task, completed=int(done), total=int(of), description=str(phase[0]) if phase else title)

        yield update


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


JSON_OPTION = typer.Option(False, "--json", help="Print the answer as JSON")
