"""PostgreSQL: an append-only event table, and roles that can do no more than they need.

``ledger db init`` (run once, as the database owner or a superuser) sets a schema up. The owner
need not be a superuser: a login role with CREATEROLE that owns the database will do (it creates
the roles below, and becomes a member of the service and projector roles so that it may set their
default privileges, hand the views over and read everything for backups).

- the event table and its sequence belong to the role that runs it (the *owner*);
- a trigger rejects every UPDATE, DELETE and TRUNCATE of stored events, whoever sends them, and
  another every INSERT at a position below an event already stored (positions come from the
  sequence, so a forgery cannot be slipped into a gap that a rolled-back write left);
- the **service** role (``ledger serve``, imports) may only read and insert stored events, and
  read the views. The library serialises writers with ``LOCK TABLE … IN EXCLUSIVE MODE``, which
  PostgreSQL grants only to roles that may also UPDATE or DELETE; the owner's ``SECURITY DEFINER``
  function ``ledger_lock_events()`` takes that lock instead, so the service needs no such right;
- the **projector** role (``ledger project``, ``ledger rebuild``) may read stored events and owns
  the views — among them the audit view's hash chain — their tracking records and registry: only
  it can write them, and it cannot write an event;
- the **auditor** role may read everything and write nothing (``ledger verify`` and the
  checkpointer, ``ledger checkpoint --watch``, need no more).

A ledger built on a schema where ``ledger_lock_events()`` exists uses ``AppendOnlyPostgresRecorder``
(chosen by ``ledger.database.store_env``): it creates nothing and locks through the function.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import sql

from ledger.database.connection import connect
from ledger.database.sessions import COLUMNS as SESSION_COLUMNS
from ledger.database.sessions import TABLE as SESSIONS

LOCK_FUNCTION = "ledger_lock_events"
REJECT_FUNCTION = "ledger_reject_change"
TRIGGER = "ledger_append_only"
GROW_FUNCTION = "ledger_positions_grow"
GROW_TRIGGER = "ledger_positions_grow"
VIEW_TABLES = r"^(pv_.*|projections_tracking)$"


class AppendOnlyPostgresRecorder(PostgresApplicationRecorder):
    """The application recorder on a schema set up by ``ledger db init``: the tables belong to
    the owner, so it creates none, and it takes the writers' table lock through the owner's
    function."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.lock_table_statements = [
            sql.SQL("SET LOCAL lock_timeout = '{0}s'").format(self.datastore.lock_timeout),
            sql.SQL("SELECT {0}.{1}()").format(sql.Identifier(self.datastore.schema), sql.Identifier(LOCK_FUNCTION)),
        ]

    def create_table(self) -> None:
        """Nothing to create: ``ledger db init`` made the tables, types and functions."""


def schema_of(env: dict[str, str]) -> str:
    return env.get("POSTGRES_SCHEMA", "").strip() or "public"


def is_append_only(env: dict[str, str]) -> bool:
    """Whether ``ledger db init`` has set up the schema (its lock function exists)."""
    name = '"{}".{}()'.format(schema_of(env).replace('"', '""'), LOCK_FUNCTION)
    with connect(env) as conn:
        row = conn.execute("SELECT to_regprocedure(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])


@dataclass(frozen=True)
class Roles:
    """The login roles ``ledger db init`` creates or updates (None: leave that one out)."""

    service: str | None = "ledger_service"
    service_password: str | None = None
    auditor: str | None = "ledger_auditor"
    auditor_password: str | None = None
    projector: str | None = "ledger_projector"
    projector_password: str | None = None


def guard_table(conn: psycopg.Connection[Any], schema: str, table: str) -> None:
    """The triggers that reject UPDATE, DELETE and TRUNCATE, and an INSERT below the head (checked
    once per statement: the positions it adds must all lie above every position stored before),
    and the owner's lock function."""
    names = {"schema": sql.Identifier(schema), "table": sql.Identifier(table),
             "reject": sql.Identifier(REJECT_FUNCTION), "lock": sql.Identifier(LOCK_FUNCTION),
             "trigger": sql.Identifier(TRIGGER), "grow": sql.Identifier(GROW_FUNCTION),
             "grow_trigger": sql.Identifier(GROW_TRIGGER)}
    for statement in (
        "CREATE OR REPLACE FUNCTION {schema}.{reject}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN "
        "RAISE EXCEPTION 'the ledger is append-only: % of stored events is not allowed', TG_OP "
        "USING ERRCODE = 'insufficient_privilege', HINT = 'Record a correcting event (void or amend) instead.'; "
        "END $body$",
        "CREATE OR REPLACE TRIGGER {trigger} BEFORE UPDATE OR DELETE OR TRUNCATE ON {schema}.{table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{reject}()",
        # the highest position the statement did not add must lie below every one it added: the
        # (added + 1)-th from the top of the position index, read with the values (never a range scan)
        "CREATE OR REPLACE FUNCTION {schema}.{grow}() RETURNS trigger LANGUAGE plpgsql AS $body$ "
        "DECLARE lowest bigint; added bigint; below bigint; BEGIN "
        "SELECT min(notification_id), count(*) INTO lowest, added FROM added_events; "
        "EXECUTE format('SELECT notification_id FROM %I.%I ORDER BY notification_id DESC OFFSET %s LIMIT 1', "
        "TG_TABLE_SCHEMA, TG_TABLE_NAME, added) INTO below; "
        "IF below >= lowest THEN RAISE EXCEPTION 'the ledger is append-only: position % is below an event already "
        "stored', lowest USING ERRCODE = 'insufficient_privilege', "
        "HINT = 'Positions come from the ledger''s sequence: record a new event.'; END IF; "
        "RETURN NULL; END $body$",
        "CREATE OR REPLACE TRIGGER {grow_trigger} AFTER INSERT ON {schema}.{table} "
        "REFERENCING NEW TABLE AS added_events FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{grow}()",
        "CREATE OR REPLACE FUNCTION {schema}.{lock}() RETURNS void LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path = pg_catalog, pg_temp AS $body$ BEGIN "
        "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; END $body$",
        "REVOKE ALL ON FUNCTION {schema}.{lock}() FROM PUBLIC",
        "REVOKE ALL ON {schema}.{table} FROM PUBLIC",
    ):
        conn.execute(sql.SQL(statement).format(**names))


def ensure_role(conn: psycopg.Connection[Any], name: str, password: str | None) -> str:
    """Creates a login role, or sets the password of an existing one; says which."""
    role = sql.Identifier(name)
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    secret = sql.SQL(" PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL("")
    if exists:
        if password:
            conn.execute(sql.SQL("ALTER ROLE {} LOGIN").format(role) + secret)
        return "updated" if password else "kept"
    conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role) + secret)
    return "created"


def join(conn: psycopg.Connection[Any], role: str) -> None:
    """Makes the role running ``db init`` a member of ``role`` unless it is one (or a superuser)."""
    member = conn.execute("SELECT pg_has_role(current_user, %s, 'USAGE')", (role,)).fetchone()
    if not (member and member[0]):
        conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(role)))


def grant_service(conn: psycopg.Connection[Any], schema: str, table: str, service: str) -> None:
    """Read and insert stored events, lock through the owner's function, read the views (which
    belong to the projector): no table of its own, no right to create one."""
    names = {"schema": sql.Identifier(schema), "table": sql.Identifier(table), "service": sql.Identifier(service),
             "lock": sql.Identifier(LOCK_FUNCTION)}
    sequence = conn.execute("SELECT pg_get_serial_sequence(%s, 'notification_id')",
                            (f'"{schema}"."{table}"',)).fetchone()
    for statement in (
        "GRANT USAGE ON SCHEMA {schema} TO {service}",
        "REVOKE CREATE ON SCHEMA {schema} FROM {service}",
        "GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {service}",
        "REVOKE ALL ON {schema}.{table} FROM {service}",
        "GRANT SELECT, INSERT ON {schema}.{table} TO {service}",
        "GRANT EXECUTE ON FUNCTION {schema}.{lock}() TO {service}",
    ):
        conn.execute(sql.SQL(statement).format(**names))
    if sequence and sequence[0]:
        conn.execute(sql.SQL("GRANT USAGE ON SEQUENCE {} TO {}").format(sql.SQL(sequence[0]), names["service"]))


def grant_sessions(conn: psycopg.Connection[Any], schema: str, service: str) -> None:
    """The console's sign-in sessions (``ledger.database.sessions``): a table of the owner's, made
    here because the service may create none, which the service reads and writes."""
    names = {"schema": sql.Identifier(schema), "table": sql.Identifier(SESSIONS), "service": sql.Identifier(service)}
    conn.execute(sql.SQL(f"CREATE TABLE IF NOT EXISTS {{schema}}.{{table}} ({SESSION_COLUMNS})").format(**names))
    conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {schema}.{table} TO {service}").format(**names))


def grant_projector(conn: psycopg.Connection[Any], schema: str, table: str, projector: str,
                    readers: list[str]) -> int:
    """Read stored events, create and own the views; the ``readers`` may read every view it makes.
    Returns how many existing view tables were handed over to it (from the service, which owned
    them before, or the owner, who made them)."""
    names = {"schema": sql.Identifier(schema), "table": sql.Identifier(table),
             "projector": sql.Identifier(projector)}
    for statement in (
        "GRANT USAGE, CREATE ON SCHEMA {schema} TO {projector}",
        "REVOKE ALL ON {schema}.{table} FROM {projector}",
        "GRANT SELECT ON {schema}.{table} TO {projector}",
    ):
        conn.execute(sql.SQL(statement).format(**names))
    others = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename ~ %s AND tableowner <> %s",
        (schema, VIEW_TABLES, projector),
    ).fetchall()
    for (name,) in others:
        conn.execute(sql.SQL("ALTER TABLE {}.{} OWNER TO {}").format(names["schema"], sql.Identifier(name),
                                                                     names["projector"]))
    for reader in readers:
        conn.execute(sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {projector} IN SCHEMA {schema} "
                             "GRANT SELECT ON TABLES TO {reader}").format(reader=sql.Identifier(reader), **names))
        conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {reader}").format(
            reader=sql.Identifier(reader), **names))
    return len(others)


def grant_auditor(conn: psycopg.Connection[Any], schema: str, auditor: str) -> None:
    """Read everything in the schema (the tables the projector creates later: ``grant_projector``)."""
    names = {"schema": sql.Identifier(schema), "auditor": sql.Identifier(auditor)}
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {schema} TO {auditor}").format(**names))
    conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {auditor}").format(**names))


def set_up(env: dict[str, str], table: str, roles: Roles) -> list[str]:
    """Guards the event table and creates or updates the roles, in one transaction; returns what
    was done, line by line."""
    schema = schema_of(env)
    done = [f"append-only triggers and lock function on {schema}.{table}"]
    with connect(env) as conn, conn.transaction():
        guard_table(conn, schema, table)
        if roles.service:
            state = ensure_role(conn, roles.service, roles.service_password)
            join(conn, roles.service)
            grant_service(conn, schema, table, roles.service)
            grant_sessions(conn, schema, roles.service)
            done.append(f"service role {roles.service} ({state}): SELECT and INSERT on {table}; reads the views; "
                        f"keeps the console's sessions in {SESSIONS}")
        if roles.auditor:
            state = ensure_role(conn, roles.auditor, roles.auditor_password)
            grant_auditor(conn, schema, roles.auditor)
            done.append(f"auditor role {roles.auditor} ({state}): SELECT on every table of {schema}")
        if roles.projector:
            state = ensure_role(conn, roles.projector, roles.projector_password)
            join(conn, roles.projector)
            readers = [r for r in (roles.service, roles.auditor) if r]
            handed = grant_projector(conn, schema, table, roles.projector, readers)
            done.append(f"projector role {roles.projector} ({state}): SELECT on {table}; owns the views and "
                        f"their hash chain ({handed} existing table(s) handed over)")
    return done
