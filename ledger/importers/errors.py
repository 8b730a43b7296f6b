"""The error of a file that cannot be imported at all (as opposed to its rows' errors)."""

from __future__ import annotations

from ledger.domain.errors import LedgerError


class ImportFileError(LedgerError):
    """The file as a whole cannot be read (not a table, unknown encoding, no header row, over a
    limit, hostile XML)."""

    title = "Cannot import"
