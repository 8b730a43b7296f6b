"""How the policy engine explains itself: each reason names its clause id and the numbers behind it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Reason:
    clause: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"clause": self.clause, "message": self.message}


def clause_ids(reasons: Iterable[Reason]) -> list[str]:
    """The clause ids of some reasons, in order, each once."""
    return list(dict.fromkeys(r.clause for r in reasons))
