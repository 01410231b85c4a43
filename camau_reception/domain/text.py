"""Text at every entry point: NFC normalisation, and folded keys for accent-blind search."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
# Removed outright: C0/C1 control characters other than the line and paragraph breaks (tab,
# LF, VT, FF, CR, NEL), and invisible format characters pasted from web pages, Word or
# Excel (zero-width space, word joiner, byte-order mark, bidirectional marks and overrides,
# which would let a printed name read differently from the stored one).
_CONTROL = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_TOKEN = re.compile(r"[0-9a-z]+")


def _strip_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def normalize(text: str | None) -> str:
    """NFC, control characters removed, trimmed, inner whitespace collapsed to one space.

    Control characters go before composing, so a stray one between a letter and its accents
    (text pasted from a PDF) still gives a composed letter. Line breaks of any kind (including
    Word's manual line break, a vertical tab) become one space.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", _strip_controls(str(text)))
    return _WS.sub(" ", text).strip()


def normalize_multiline(text: str | None) -> str:
    """NFC and trimmed lines, keeping line breaks (summaries, notes).

    CR LF, CR, vertical tab (Word's manual line break), form feed, NEL and the Unicode line
    and paragraph separators all become ``\\n``; leading and trailing blank lines are dropped.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", _strip_controls(str(text)))
    lines = [_WS.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(lines).strip()


def fold(text: str | None) -> str:
    """Search key: lower case, accents removed, đ → d, whitespace collapsed.

    "NGUYỄN VĂN ĐỨC", "Nguyen Van Đuc" and NFD input all fold to "nguyen van duc".
    """
    if not text:
        return ""
    text = _strip_controls(str(text)).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _WS.sub(" ", text.lower()).strip()


def fold_tokens(text: str | None) -> list[str]:
    """Folded words (ASCII letters and digits only), e.g. for an FTS5 query.

    Every Vietnamese letter folds to ASCII; a letter with no ASCII form (ß, ø, CJK) separates
    words, the same on the indexed text and on the query.
    """
    return _TOKEN.findall(fold(text))
