"""Clause ids: the table in code and the rulebook name exactly the same ids."""

import re
from pathlib import Path

from ledger.domain.clauses import CLAUSES
from ledger.domain.enums import ExemptionCategory

ROOT = Path(__file__).resolve().parents[2]
RULEBOOK = ROOT / "ledger" / "rules" / "RULES.md"
SHARED_RULEBOOK = ROOT.parent / "shared" / "domain" / "RULES.md"


def rulebook_ids(text: str) -> set[str]:
    return set(re.findall(r"\*\*(R-[A-Z0-9-]+)\*\*", text))


def test_every_rulebook_clause_is_known_and_no_other():
    assert set(CLAUSES) == rulebook_ids(RULEBOOK.read_text(encoding="utf-8"))


def test_the_vendored_rulebook_matches_the_shared_one_when_present():
    if SHARED_RULEBOOK.exists():
        assert RULEBOOK.read_text(encoding="utf-8") == SHARED_RULEBOOK.read_text(encoding="utf-8")


def test_each_exemption_category_names_a_real_clause():
    for category in ExemptionCategory:
        assert category.clause in CLAUSES and category.clause.startswith("R-EX-")
