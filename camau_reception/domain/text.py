"""Text at every entry point: NFC normalisation, and folded keys for accent-blind search."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TOKEN = re.compile(r"[0-9a-z]+")


def _strip_controls(text: str) -> str:
    return _CONTROL.sub("", text)


def normalize(text: str | None) -> str:
    """NFC, control characters removed, trimmed, inner whitespace collapsed to one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    return _WS.sub(" ", _strip_controls(text)).strip()


def normalize_multiline(text: str | None) -> str:
    """NFC and trimmed lines, keeping line breaks (summaries, notes)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\f\v]+", " ", _strip_controls(line)).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def fold(text: str | None) -> str:
    """Search key: lower case, accents removed, đ → d, whitespace collapsed.

    "NGUYỄN VĂN ĐỨC", "Nguyen Van Đuc" and NFD input all fold to "nguyen van duc".
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _WS.sub(" ", _strip_controls(text.lower())).strip()


def fold_tokens(text: str | None) -> list[str]:
    """Folded words (letters and digits only), e.g. for an FTS5 query."""
    return _TOKEN.findall(fold(text))
