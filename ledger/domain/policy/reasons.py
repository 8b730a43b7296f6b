"""How the policy engine explains itself: each reason names its clause id and the numbers behind it
(a ``Notice``: the clause and a catalogue message)."""

from __future__ import annotations

from collections.abc import Iterable

from ledger.domain.base import Notice as Reason

__all__ = ["Reason", "clause_ids"]


def clause_ids(reasons: Iterable[Reason]) -> list[str]:
    """The clause ids of some reasons, in order, each once."""
    return list(dict.fromkeys(r.clause for r in reasons))
