"""Who signs an official document (Nghị định 30/2020): the head of the agency in their own
position and name, or a deputy signing for the head ("KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC" and
the deputy's own name). Shared by every printed form so that no form pairs a deputy's title
with the head's name."""

from __future__ import annotations

from camau_reception.domain.agency import AgencyProfile
from camau_reception.domain.text import fold, normalize
from camau_reception.printing.document import SignatureBlock


def head_title_of(agency: AgencyProfile) -> str:
    """The head's position as printed, e.g. "GIÁM ĐỐC"."""
    return normalize(agency.head_title).upper() or "GIÁM ĐỐC"


def is_head_title(title: str, agency: AgencyProfile) -> bool:
    """True when ``title`` is the head's own position (or empty, which means the head)."""
    return not fold(title) or fold(title) == fold(head_title_of(agency))


def is_head_name(name: str, agency: AgencyProfile) -> bool:
    """True when ``name`` is the head's (accents and case aside)."""
    return bool(fold(agency.head_name)) and fold(name) == fold(agency.head_name)


def signature_block(title: str, name: str, agency: AgencyProfile) -> SignatureBlock:
    """Who signs (NĐ 30/2020): the head in their own position and name ("GIÁM ĐỐC" / name,
    the profile's head name when none was given); or a deputy signing for the head
    ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / the deputy's own name). A deputy's block never carries
    the head's name: with no (other) name recorded the line is left blank to be written by
    hand."""
    head = head_title_of(agency)
    name = normalize(name)
    if is_head_title(title, agency):
        return SignatureBlock(position=head, name=name or normalize(agency.head_name))
    if is_head_name(name, agency):
        name = ""
    return SignatureBlock(authority=f"KT. {head}", position=normalize(title), name=name)
