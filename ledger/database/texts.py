"""Errors of the database's operations whose messages are not in the catalogue yet: each carries a
code and its English text, rendered the same in every language (to be moved into
``ledger.domain.messages`` with a Chinese text)."""

from __future__ import annotations

from ledger.domain.errors import LedgerError
from ledger.domain.messages import Message


class EnglishText(Message):
    def __init__(self, code: str, text: str) -> None:
        super().__init__(code, text=text)

    def render(self, lang: str = "en", *, labels: bool = False) -> str:  # noqa: ARG002 (one language yet)
        return str(self.params["text"])


class OperatorError(LedgerError):
    """A ledger error with a code and an English text."""

    CODE = "database.error"

    def __init__(self, text: str, code: str | None = None) -> None:
        self.msg = EnglishText(code or self.CODE, text)
        Exception.__init__(self, text)
