"""How the policy engine explains itself: each reason names its clause id and the numbers behind it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ledger.domain.messages import Message


@dataclass(frozen=True, slots=True)
class Reason:
    clause: str
    msg: Message

    @property
    def message(self) -> str:
        """The reason in English."""
        return self.msg.render("en")

    def to_dict(self) -> dict[str, Any]:
        """The clause, the English text, and the message's code and parameters (for other languages)."""
        return {"clause": self.clause, "message": self.message, "code": self.msg.code,
                "params": self.msg.wire_params()}


def clause_ids(reasons: Iterable[Reason]) -> list[str]:
    """The clause ids of some reasons, in order, each once."""
    return list(dict.fromkeys(r.clause for r in reasons))
