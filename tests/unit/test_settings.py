"""How a database URL becomes the library's persistence settings."""

from __future__ import annotations

from pathlib import Path

from ledger.settings import POSTGRES_FACTORY, Settings


def test_postgres_connections_are_not_pinged_unless_asked() -> None:
    env = Settings(database_url="postgresql://ledger:secret@db.example:6543/county").eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == POSTGRES_FACTORY
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == ("db.example", "6543", "county")
    assert env["POSTGRES_PRE_PING"] == "n"
    pinged = Settings(database_url="postgresql://ledger@db.example/county?pre_ping=y&pool_size=9").eventsourcing_env()
    assert (pinged["POSTGRES_PRE_PING"], pinged["POSTGRES_POOL_SIZE"]) == ("y", "9")


def test_the_embedded_default_is_an_sqlite_file(tmp_path: Path) -> None:
    env = Settings(database_url=f"sqlite:///{tmp_path}/county/ledger.sqlite").eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert env["SQLITE_DBNAME"] == str(tmp_path / "county" / "ledger.sqlite")
    assert (tmp_path / "county").is_dir()
