"""Read a PDF's text back (tests and checks): ``pdftotext`` when present, else pypdf."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path


def pdf_text(path: str | Path, *, layout: bool = True) -> str:
    """The NFC text of every page; pages are separated by form feeds."""
    exe = shutil.which("pdftotext")
    if exe:
        args = [exe, *(["-layout"] if layout else []), str(path), "-"]
        out = subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")
    else:
        from pypdf import PdfReader

        out = "\f".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFC", out)


def pdf_page_count(path: str | Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)
