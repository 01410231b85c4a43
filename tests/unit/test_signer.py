"""Every printed form signs the same way: the head with their own name, or a deputy for the
head ("KT.") with the deputy's own name, never the head's."""

from __future__ import annotations

import pytest

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.printing.signer import signature_block


def test_head_signs_in_their_own_name() -> None:
    block = signature_block("", "", SAMPLE_AGENCY)
    assert block.authority == "" and block.position == SAMPLE_AGENCY.head_title.upper()
    assert block.name == SAMPLE_AGENCY.head_name
    assert signature_block("giám đốc", "", SAMPLE_AGENCY).authority == ""


@pytest.mark.parametrize("name", ["", SAMPLE_AGENCY.head_name, SAMPLE_AGENCY.head_name.upper()])
def test_a_deputy_never_carries_the_heads_name(name: str) -> None:
    block = signature_block("Phó Giám đốc", name, SAMPLE_AGENCY)
    assert block.authority == f"KT. {SAMPLE_AGENCY.head_title.upper()}"
    assert block.name == ""


def test_a_deputy_with_their_own_name() -> None:
    block = signature_block("PHÓ GIÁM ĐỐC", "Lê  Văn Đức", SAMPLE_AGENCY)
    assert (block.authority, block.position, block.name) == (
        f"KT. {SAMPLE_AGENCY.head_title.upper()}",
        "PHÓ GIÁM ĐỐC",
        "Lê Văn Đức",
    )
