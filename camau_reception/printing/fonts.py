"""The document font: Times New Roman when the system has it with full Vietnamese coverage,
otherwise the shipped Liberation Serif 2 (metric-compatible, SIL OFL), so printing works
offline on any machine.

Liberation Serif 1.x (still the default ``fonts-liberation`` on Debian) has no glyphs for
most Vietnamese letters (ạ, ế, ơ, ư ...): every candidate is checked before use.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

FONT = "DocSerif"
FONT_BOLD = "DocSerif-Bold"
FONT_ITALIC = "DocSerif-Italic"
FONT_BOLD_ITALIC = "DocSerif-BoldItalic"

VIETNAMESE_SAMPLE = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐƠƯơư"

_STYLES = ("regular", "bold", "italic", "bolditalic")
_TIMES_NAMES = {
    "regular": ("times.ttf", "Times New Roman.ttf", "TimesNewRoman.ttf"),
    "bold": ("timesbd.ttf", "Times New Roman Bold.ttf", "TimesNewRomanBold.ttf"),
    "italic": ("timesi.ttf", "Times New Roman Italic.ttf", "TimesNewRomanItalic.ttf"),
    "bolditalic": ("timesbi.ttf", "Times New Roman Bold Italic.ttf", "TimesNewRomanBoldItalic.ttf"),
}
_SHIPPED = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_source: str | None = None


def resources_fonts_dir() -> Path:
    base = os.environ.get("CAMAU_RECEPTION_RESOURCES")
    root = Path(base) if base else Path(__file__).resolve().parents[2] / "resources"
    return root / "fonts"


def _system_font_dirs() -> list[Path]:
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".fonts",
        Path.home() / ".local/share/fonts",
        Path("/Library/Fonts"),
        Path.home() / "Library/Fonts",
    ]
    windir = os.environ.get("WINDIR")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    return [d for d in dirs if d.is_dir()]


def _times_style(filename: str) -> str | None:
    """The style of a Times New Roman file by its name (``timesbd.ttf``, ``Times New Roman
    Bold Italic.ttf``, ``Times_New_Roman_Italic.ttf`` ...), or None for any other file."""
    name = filename.lower()
    for style, names in _TIMES_NAMES.items():
        if name in (n.lower() for n in names):
            return style
    stem = name.removesuffix(".ttf").replace("_", " ").replace("-", " ")
    if not stem.replace(" ", "").startswith("timesnewroman"):
        return None
    rest = stem.replace(" ", "").removeprefix("timesnewroman").removeprefix("ps").removesuffix("mt")
    bold, italic = "bold" in rest, "italic" in rest
    if rest.replace("bold", "").replace("italic", "").replace("regular", ""):
        return None  # a condensed or other variant
    return ("bolditalic" if italic else "bold") if bold else ("italic" if italic else "regular")


def _find_times() -> dict[str, Path] | None:
    found: dict[str, Path] = {}
    for folder in _system_font_dirs():
        for path in folder.rglob("*"):
            if path.suffix.lower() != ".ttf":
                continue
            style = _times_style(path.name)
            if style and style not in found:
                found[style] = path
        if len(found) == len(_STYLES):
            return found
    return found if len(found) == len(_STYLES) else None


def _covers_vietnamese(path: Path) -> bool:
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        face = TTFont("probe", str(path)).face
    except Exception:
        return False
    return all(ord(ch) in face.charToGlyph for ch in VIETNAMESE_SAMPLE)


def _candidates() -> tuple[str, dict[str, Path]]:
    times = _find_times()
    if times and all(_covers_vietnamese(p) for p in times.values()):
        return "Times New Roman", times
    folder = resources_fonts_dir()
    return "Liberation Serif", {style: folder / name for style, name in _SHIPPED.items()}


@lru_cache(maxsize=1)
def _font_class() -> type:
    """``TTFont`` with a fast path for strings whose characters are already in the subset.

    ReportLab maps every drawn string character by character in Python; in a batch of a
    thousand letters nearly every string (letterhead, motto, signature, the common wording)
    has been seen before, so one dictionary lookup per character and ``bytes()`` do.
    """
    from itertools import groupby

    from reportlab.pdfbase.ttfonts import TTFont

    class DocFont(TTFont):
        def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list:
            state = self.state.get(doc) if isinstance(text, str) else None
            if state is not None:
                assignments = state.assignments
                try:  # a character never seen (or U+00A0, mapped to a space) -> slow path
                    codes = [assignments[c] for c in map(ord, text)]
                except KeyError:
                    pass
                else:
                    if not codes:
                        return []
                    if max(codes) < 256:
                        return [(0, bytes(codes))]
                    return [
                        (subset, bytes(n & 0xFF for n in group))
                        for subset, group in groupby(codes, key=lambda n: n >> 8)
                    ]
            return super().splitString(text, doc, encoding)

    return DocFont


def register_fonts() -> str:
    """Register the ``DocSerif`` family once (thread-safe) and return its name."""
    global _source
    if _source is not None:
        return FONT
    with _lock:
        if _source is not None:
            return FONT
        from reportlab import rl_config
        from reportlab.lib.fonts import addMapping

        # Streams are Flate-compressed already; ASCII85 on top only costs time and size.
        rl_config.useA85 = 0
        from reportlab.pdfbase import pdfmetrics

        font_class = _font_class()
        source, paths = _candidates()
        names = dict(zip(_STYLES, (FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC), strict=True))
        for style, name in names.items():
            pdfmetrics.registerFont(font_class(name, str(paths[style])))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        for bold, italic, name in (
            (0, 0, FONT),
            (1, 0, FONT_BOLD),
            (0, 1, FONT_ITALIC),
            (1, 1, FONT_BOLD_ITALIC),
        ):
            addMapping(FONT, bold, italic, name)
        _source = source
    return FONT


def font_source() -> str:
    """Which font family backs ``DocSerif`` ("Times New Roman" or "Liberation Serif")."""
    register_fonts()
    assert _source is not None
    return _source
