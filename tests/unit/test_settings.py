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


def test_a_password_given_apart_from_the_url_is_used_as_it_is() -> None:
    settings = Settings(database_url="postgresql://ledger_service@db:5432/ledger", database_password="p@ss/w:rd%20")
    env = settings.eventsourcing_env()
    assert env["POSTGRES_PASSWORD"] == "p@ss/w:rd%20" and env["POSTGRES_USER"] == "ledger_service"
    assert "p@ss" not in repr(settings)  # a secret, never printed
    in_url = Settings(database_url="postgresql://u:a%40b@db/ledger").eventsourcing_env()
    assert in_url["POSTGRES_PASSWORD"] == "a@b"  # one in the URL still works, unescaped
