"""Checking command values: control characters, enum values, dates."""

import unicodedata

import pytest

from ledger.domain.enums import PostingKind
from ledger.domain.errors import InvalidInput
from ledger.domain.values import Checks, _bad_characters


def test_text_refuses_exactly_control_characters_and_lone_surrogates():
    for cp in range(0x110000):
        ch = chr(cp)
        assert _bad_characters(ch) == (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t"), hex(cp)


def test_text_keeps_chinese_tabs_and_newlines():
    c = Checks()
    assert c.text("reason", "因工作需要\n\t交流") == "因工作需要\n\t交流"
    assert c.text("reason", "bad\x00byte") is None
    with pytest.raises(InvalidInput) as error:
        c.done()
    assert error.value.errors[0].field == "reason"


def test_enum_values_are_members_and_unknown_values_are_named():
    c = Checks()
    assert c.enum("kind", PostingKind, "itinerant") is PostingKind.ITINERANT
    assert c.enum("kind", PostingKind, PostingKind.SECONDMENT) is PostingKind.SECONDMENT
    assert c.enum("kind", PostingKind, "走教") is None
    assert "'走教' is not one of" in c.errors[0].message
