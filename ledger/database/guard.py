"""What every ledger built from settings gets from the store: the append-only recorder where
``ledger db init`` set the schema up (PostgreSQL), the append-only triggers (SQLite)."""

from __future__ import annotations

from eventsourcing.application import Application
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic

from ledger.database import postgres, sqlite
from ledger.settings import Settings


def store_env(settings: Settings) -> dict[str, str]:
    """The library's environment for the ledger's application."""
    env = settings.eventsourcing_env()
    if settings.backend == "postgres" and postgres.is_append_only(env):
        env[InfrastructureFactory.APPLICATION_RECORDER_TOPIC] = get_topic(postgres.AppendOnlyPostgresRecorder)
    return env


def guard_store(app: Application) -> None:
    """Installs the SQLite triggers rejecting UPDATE and DELETE of stored events (PostgreSQL's
    trigger is installed by ``ledger db init``, as the table's owner)."""
    if isinstance(app.recorder, SQLiteApplicationRecorder):
        sqlite.install_triggers(app.recorder)
