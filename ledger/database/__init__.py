"""The event store's own defences, and setting a database up for production.

- ``store_env(settings)``: the library's environment for the ledger — on a PostgreSQL schema set up
  by ``ledger db init``, with the recorder that creates nothing and locks through the owner's
  function (``postgres.py``).
- ``guard_store(app)``: on SQLite, the triggers that reject UPDATE and DELETE of stored events
  (``sqlite.py``), installed whenever a ledger is built.
- ``init_database(settings, roles)``: ``ledger db init`` (``init.py``).
- ``backup`` / ``restore`` for both backends (``backup.py``).
"""

from ledger.database.guard import guard_store, store_env

__all__ = ["guard_store", "store_env"]
