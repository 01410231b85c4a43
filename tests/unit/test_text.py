"""domain.text: NFC normalisation at every entry point and accent-blind search keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau_reception.domain.text import fold, fold_tokens, normalize, normalize_multiline

NAME = "Nguyễn Văn Đức"


def nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# -- normalize -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  Nguyễn   Văn\tĐức \n", NAME),
        (unicodedata.normalize("NFD", NAME), NAME),
        ("Bà\x07 Hồng\x00", "Bà Hồng"),
        ("a\r\nb", "a b"),
        ("dòng\u2028mới", "dòng mới"),
        ("Word\x0bline", "Word line"),  # Word's manual line break is a vertical tab
        ("\ufeffHọ tên", "Họ tên"),  # byte-order mark at the start of a CSV cell
        ("Lê\u200b Văn\u202eA", "Lê VănA"),  # zero-width space, right-to-left override
        ("C1\x85control", "C1 control"),  # NEL is a line break
        ("C1\x9bcontrol", "C1control"),
        ("nbsp\u00a0here", "nbsp here"),
    ],
)
def test_normalize(raw: str | None, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_composes_even_with_a_control_character_between_the_marks() -> None:
    # Text pasted from a PDF: a unit separator between the letter and its two accents.
    out = normalize("Nguye\x1f\u0302\u0303n")
    assert out == "Nguyễn"
    assert nfc(out)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        (" dòng 1 \r\n  dòng   2 ", "dòng 1\ndòng 2"),
        ("a\rb\x0bc\x0cd\u2028e\u2029f\x85g", "a\nb\nc\nd\ne\nf\ng"),
        ("\n\n  đầu \n\n giữa\t\t cuối \n\n", "đầu\n\ngiữa cuối"),
        ("x\x00y\x1fz", "xyz"),
        (unicodedata.normalize("NFD", "Tóm tắt\nnội dung"), "Tóm tắt\nnội dung"),
    ],
)
def test_normalize_multiline(raw: str | None, expected: str) -> None:
    assert normalize_multiline(raw) == expected


@given(st.text())
def test_normalize_properties(raw: str) -> None:
    out = normalize(raw)
    assert nfc(out)
    assert out == out.strip()
    assert "  " not in out and "\n" not in out and "\t" not in out
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)
    assert normalize(out) == out  # idempotent


@given(st.text())
def test_normalize_multiline_properties(raw: str) -> None:
    out = normalize_multiline(raw)
    assert nfc(out)
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in out)
    assert all(line == line.strip() for line in out.split("\n"))
    assert normalize_multiline(out) == out
    assert normalize(out) == normalize(raw)


# -- fold ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "nguyen van duc",
        "NGUYỄN VĂN ĐỨC",
        "Nguyen Van Đuc",
        "nguyễn văn đức",
        "  Nguyễn   Văn\tĐức \n",
        unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
        unicodedata.normalize("NFD", "NGUYỄN VĂN ĐỨC"),
        "Nguye\u0302\u0303n Va\u0306n \u0110u\u031bc\u0301",  # decomposed by hand
        "Nguyễn\u200b Văn Đức\ufeff",
    ],
)
def test_fold_makes_every_spelling_equal(variant: str) -> None:
    assert fold(variant) == "nguyen van duc"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("Đắk Lắk", "dak lak"),
        ("Thừa Thiên Huế", "thua thien hue"),
        ("ƯỚC MƠ ĐẸP", "uoc mo dep"),
        ("Cà Mau - Bạc Liêu", "ca mau - bac lieu"),
        ("Số 12/PXL", "so 12/pxl"),
    ],
)
def test_fold(raw: str | None, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_keeps_every_vietnamese_letter_ascii() -> None:
    letters = (
        "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
    )
    for text in (letters, letters.upper()):
        folded = fold(text)
        assert folded.isascii() and folded.isalpha(), folded


@given(st.text())
def test_fold_properties(raw: str) -> None:
    out = fold(raw)
    assert fold(unicodedata.normalize("NFD", raw)) == out
    assert fold(unicodedata.normalize("NFC", raw)) == out
    assert fold(out) == out  # idempotent
    assert "đ" not in out and "Đ" not in out
    assert not any(unicodedata.category(ch) == "Mn" for ch in out)


# -- fold_tokens ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, []),
        ("", []),
        ("Khiếu nại: đất đai, 2026!", ["khieu", "nai", "dat", "dai", "2026"]),
        ('"Nguyễn" OR Văn* NEAR(Đức)', ["nguyen", "or", "van", "near", "duc"]),
        ("CCCD 096085012345", ["cccd", "096085012345"]),
        ("a_b-c.d", ["a", "b", "c", "d"]),
        ("***", []),
    ],
)
def test_fold_tokens(raw: str | None, expected: list[str]) -> None:
    assert fold_tokens(raw) == expected


@given(st.text())
def test_fold_tokens_are_safe_for_fts(raw: str) -> None:
    for token in fold_tokens(raw):
        assert token and token.isascii() and token.isalnum() and token == token.lower()
