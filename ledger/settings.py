"""Configuration: one class, read from the environment (``LEDGER_`` prefix) and ``.env``.

It also builds the eventsourcing library's environment: an embedded SQLite file by default,
PostgreSQL when ``LEDGER_DATABASE_URL`` is a ``postgresql://`` URL, or the in-memory store
(``memory://``) for tests and throwaway runs.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, unquote, urlparse

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SQLITE = "sqlite:///./ledger.sqlite"
# The library's PostgreSQL factory with the ledger's connection parameters, timeouts and outage
# handling (a topic: the class is imported only when a PostgreSQL ledger is built)
POSTGRES_FACTORY = "ledger.database.connection:LedgerPostgresFactory"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEDGER_", env_file=".env", extra="ignore")

    database_url: str = Field(
        DEFAULT_SQLITE,
        description="sqlite:///PATH (default ./ledger.sqlite), postgresql://USER[:PASS]@HOST[:PORT]/DB, or memory://",
    )
    database_password: SecretStr | None = Field(
        None, description="The PostgreSQL password, used instead of one in LEDGER_DATABASE_URL (any characters, "
                          "no URL escaping; compose passes each role's this way)"
    )
    host: str = Field("127.0.0.1", description="Address the API listens on")
    port: int = Field(8000, ge=1, le=65535, description="Port the API listens on")
    log_format: Literal["auto", "json", "console"] = Field(
        "auto", description="auto: pretty in a terminal, JSON otherwise"
    )
    log_level: str = Field("INFO", description="Minimum log level")
    projection_poll_seconds: float = Field(
        1.0, gt=0, description="How often the projection runner polls when no notification wakes it"
    )
    projection_page_size: int = Field(2000, ge=1, le=100_000, description="Events per projection transaction")
    run_projector: bool = Field(
        True, description="Keep the views up to date inside `ledger serve` (false when `ledger project` runs apart)"
    )
    read_your_writes_timeout: float = Field(
        5.0, ge=0, description="Seconds a read waits for the views to include the caller's last write"
    )
    session_hours: float = Field(
        12, gt=0, le=24 * 30, description="Hours a console sign-in lasts (ended sooner by signing out or by "
                                          "revoking or re-issuing its key)"
    )
    trusted_proxies: str = Field(
        "", description="Addresses of reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed "
                        "(comma-separated IPs or networks, * for any); empty: none, the connection says all"
    )
    header_timeout: float = Field(
        10.0, gt=0, le=600, description="Seconds a client has to send a request's headers (from connecting, or "
                                        "from the previous answer on a kept-alive connection); then 408 and closed"
    )
    body_timeout: float = Field(
        30.0, gt=0, le=3600, description="Seconds a client has to send a request's body once its headers are in; "
                                         "then 408 and closed"
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1024, description="Largest request body the API reads; a bigger one is refused with 413"
    )
    issuer_zh: str = Field("县教育局", min_length=1, description="The bureau that issues the ledger's documents, "
                                                               "as it signs in Chinese (发文机关)")
    issuer_en: str = Field("County Education Bureau", min_length=1,
                           description="The same bureau's name in English")
    demo: bool = Field(False, description="Load the demo county on first start (set by `ledger serve --demo`)")
    signing_key_file: Path | None = Field(
        None, description="Ed25519 private key (PEM) of the process that signs ledger checkpoints"
    )
    checkpoint_dir: Path | None = Field(
        None, description="Folder of signed checkpoints, outside the database: `ledger checkpoint` writes into "
                          "it, `ledger verify`, the API and the console check the ledger against all of them"
    )
    checkpoint_copy_dir: Path | None = Field(
        None, description="A second place (another disk or host's mount) every checkpoint is copied to"
    )
    checkpoint_every_events: int = Field(
        1000, ge=0, description="`ledger checkpoint --watch`: sign once this many events were recorded since the "
                                "last checkpoint (0: not by count)"
    )
    checkpoint_every_seconds: float = Field(
        3600, ge=0, description="`ledger checkpoint --watch`: sign once this many seconds passed since the last "
                                "checkpoint and events were recorded since (0: not by time)"
    )
    checkpoint_public_key: Path | None = Field(
        None, description="The operator's public key (PEM) that checkpoints must be signed with: what `ledger "
                          "verify`, the API and the console trust"
    )
    db_connect_timeout: int = Field(
        5, ge=1, le=600, description="PostgreSQL: seconds to connect, and to wait for a free pooled connection"
    )
    db_statement_timeout: float = Field(
        0, ge=0, description="PostgreSQL: seconds one statement may run (0: no limit); the client gives up on a "
                             "server that has not answered a statement within this and the connect timeout"
    )
    db_lock_timeout: int = Field(
        10, ge=1, le=600, description="Seconds a write waits for another writer's lock (PostgreSQL's table "
                                      "lock, SQLite's busy timeout) before it is answered 503"
    )
    db_probe_seconds: float = Field(
        2.0, gt=0, le=60, description="How often a serving process checks that PostgreSQL answers (readiness, "
                                      "and failing fast while it does not)"
    )

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        scheme = urlparse(value).scheme
        if scheme not in ("sqlite", "postgresql", "postgres", "memory"):
            raise ValueError("must start with sqlite://, postgresql:// or memory://")
        return value

    @cached_property
    def backend(self) -> Literal["sqlite", "postgres", "memory"]:
        scheme = urlparse(self.database_url).scheme
        if scheme in ("postgresql", "postgres"):
            return "postgres"
        return "memory" if scheme == "memory" else "sqlite"

    @property
    def sqlite_path(self) -> Path:
        """``sqlite:///relative/path`` or ``sqlite:////absolute/path``."""
        url = urlparse(self.database_url)
        return Path(unquote(url.netloc + url.path)[1:] or "ledger.sqlite")

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment the library's ``Application`` is constructed with."""
        if self.backend == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.backend == "sqlite":
            path = self.sqlite_path
            path.parent.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": str(self.db_lock_timeout),
            }
        url = urlparse(self.database_url)
        query = parse_qs(url.query)
        env = {
            "PERSISTENCE_MODULE": POSTGRES_FACTORY,
            "POSTGRES_DBNAME": unquote(url.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": url.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(url.port or 5432),
            "POSTGRES_USER": unquote(url.username or "postgres"),
            "POSTGRES_PASSWORD": (self.database_password.get_secret_value() if self.database_password
                                  else unquote(url.password or "")),
            # the library's pool waits this long for a connection; ledger.database.connection also
            # makes it libpq's connect_timeout and derives the keepalives from it
            "POSTGRES_CONNECT_TIMEOUT": str(self.db_connect_timeout),
            "POSTGRES_STATEMENT_TIMEOUT": str(self.db_statement_timeout),
            "POSTGRES_POOL_SIZE": query.get("pool_size", ["5"])[0],
            "POSTGRES_MAX_OVERFLOW": query.get("max_overflow", ["10"])[0],
            "POSTGRES_LOCK_TIMEOUT": str(self.db_lock_timeout),
            # A connection checked out of the pool is not pinged first (a round trip per use): the
            # library retries every read and write on a connection error with a fresh connection,
            # so a database restart costs one retry; ``?pre_ping=y`` pings anyway.
            "POSTGRES_PRE_PING": query.get("pre_ping", ["n"])[0],
        }
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
        return env

    def redacted_url(self) -> str:
        url = urlparse(self.database_url)
        if url.password:
            return self.database_url.replace(f":{url.password}@", ":***@")
        return self.database_url
