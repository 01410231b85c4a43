"""domain.citizen_id: CCCD parsing (DOMAIN.md §9) and other identity papers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camau_reception.domain.citizen_id import (
    PROVINCES,
    CccdInfo,
    IdentityPaperKind,
    InvalidCitizenId,
    label,
    parse_cccd,
    parse_identity_paper,
)

TODAY = date(2026, 11, 28)


def test_province_table_is_the_63_old_provinces() -> None:
    assert len(PROVINCES) == 63
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCES)
    assert all("001" <= code <= "096" for code in PROVINCES)
    assert PROVINCES["001"] == "Hà Nội"
    assert PROVINCES["079"] == "Hồ Chí Minh"
    assert PROVINCES["092"] == "Cần Thơ"
    assert PROVINCES["095"] == "Bạc Liêu"
    assert PROVINCES["096"] == "Cà Mau"
    assert "003" not in PROVINCES  # a gap in the official list


def test_parse_cccd_of_a_man_born_in_ca_mau_in_1985() -> None:
    assert parse_cccd("096085012345", today=TODAY) == CccdInfo(
        number="096085012345",
        province_code="096",
        province_name="Cà Mau",
        sex="nam",
        birth_year=1985,
        century=1900,
    )


@pytest.mark.parametrize(
    ("number", "sex", "birth_year", "century"),
    [
        ("096085012345", "nam", 1985, 1900),
        ("096185012345", "nữ", 1985, 1900),
        ("095201000123", "nam", 2001, 2000),
        ("095301000123", "nữ", 2001, 2000),
        ("079226000001", "nam", 2026, 2000),  # born this year
        ("001000000001", "nam", 1900, 1900),
    ],
)
def test_century_and_sex_digit(number: str, sex: str, birth_year: int, century: int) -> None:
    info = parse_cccd(number, today=TODAY)
    assert (info.sex, info.birth_year, info.century) == (sex, birth_year, century)


@pytest.mark.parametrize("number", ["096 085 012 345", "096.085.012.345", "096-085-012345"])
def test_separators_inside_are_dropped(number: str) -> None:
    assert parse_cccd(number, today=TODAY).number == "096085012345"


def test_surrounding_blanks_and_control_characters_are_dropped() -> None:
    assert parse_cccd("\t096085012345\n\x00", today=TODAY).number == "096085012345"


def test_unknown_codes_are_kept_without_a_name() -> None:
    # DOMAIN.md §9: births abroad carry a country code; another province's code is never
    # rejected. Only the all-zero code is certainly wrong.
    info = parse_cccd("003085012345", today=TODAY)
    assert (info.province_code, info.province_name) == ("003", None)
    assert parse_cccd("400085012345", today=TODAY).province_name is None


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("", "Hãy nhập số CCCD"),
        ("   ", "Hãy nhập số CCCD"),
        ("09608501234", "phải gồm đúng 12 chữ số (đã nhập 11)"),
        ("0960850123456", "phải gồm đúng 12 chữ số (đã nhập 13)"),
        ("09608501234A", "chỉ gồm chữ số"),
        ("O96085012345", "chỉ gồm chữ số"),  # a letter O for a zero
        ("０９６０８５０１２３４５", "chỉ gồm chữ số"),  # full-width digits
        ("٠٩٦٠٨٥٠١٢٣٤٥", "chỉ gồm chữ số"),  # Arabic-Indic digits
        ("000085012345", "Mã tỉnh nơi đăng ký khai sinh 000 không hợp lệ"),
        ("096685012345", "Chữ số thứ tư (6)"),
        ("096785012345", "mã thế kỷ và giới tính"),
        ("096885012345", "mã thế kỷ và giới tính"),
        ("096985012345", "mã thế kỷ và giới tính"),
        ("096227012345", "Năm sinh 2027 theo số CCCD nằm trong tương lai"),
        ("096299012345", "tương lai"),
        ("096400012345", "Năm sinh 2100"),
    ],
)
def test_parse_cccd_rejects_with_a_vietnamese_reason(number: str, fragment: str) -> None:
    with pytest.raises(InvalidCitizenId) as err:
        parse_cccd(number, today=TODAY)
    assert fragment in err.value.message
    assert str(err.value) == err.value.message
    assert isinstance(err.value, ValueError)


def test_future_is_measured_from_today() -> None:
    with pytest.raises(InvalidCitizenId):
        parse_cccd("079227000001", today=date(2026, 12, 31))
    assert parse_cccd("079227000001", today=date(2027, 1, 1)).birth_year == 2027
    # Without ``today`` the real date is used: a 1985 birth is always in the past.
    assert parse_cccd("096085012345").birth_year == 1985


@given(
    province=st.sampled_from(sorted(PROVINCES)),
    digit=st.integers(0, 3),
    yy=st.integers(0, 99),
    rest=st.integers(0, 999_999),
)
def test_valid_numbers_round_trip(province: str, digit: int, yy: int, rest: int) -> None:
    number = f"{province}{digit}{yy:02d}{rest:06d}"
    year = (1900 if digit < 2 else 2000) + yy
    if year > TODAY.year:
        with pytest.raises(InvalidCitizenId):
            parse_cccd(number, today=TODAY)
        return
    info = parse_cccd(number, today=TODAY)
    assert info.number == number
    assert info.province_name == PROVINCES[province]
    assert info.birth_year == year
    assert info.sex == ("nam" if digit % 2 == 0 else "nữ")


# -- other identity papers -------------------------------------------------------------------


def test_kinds_and_labels() -> None:
    assert [k.value for k in IdentityPaperKind] == ["cccd", "cmnd", "passport", "other"]
    assert label(IdentityPaperKind.CMND) == "Chứng minh nhân dân"
    assert label("passport") == "Hộ chiếu"
    assert label("other") == "Giấy tờ khác"
    assert "Căn cước" in label(IdentityPaperKind.CCCD)


@pytest.mark.parametrize(
    ("kind", "number", "expected"),
    [
        (IdentityPaperKind.CCCD, "096 085 012 345", "096085012345"),
        ("cccd", "096085012345", "096085012345"),
        (IdentityPaperKind.CMND, "381 234 567", "381234567"),
        ("cmnd", "381.234.567", "381234567"),
        ("cmnd", "381234567890", "381234567890"),
        ("passport", "c1234567", "C1234567"),
        ("passport", "B 1234567", "B1234567"),
        ("passport", "n1234567a", "N1234567A"),
        ("passport", "12345678", "12345678"),
        ("other", " gplx 79-a1 ", "GPLX79A1"),
        ("other", "x" * 30, "X" * 30),
    ],
)
def test_parse_identity_paper(kind: str, number: str, expected: str) -> None:
    assert parse_identity_paper(kind, number) == expected


@pytest.mark.parametrize(
    ("kind", "number", "fragment"),
    [
        ("cccd", "12345", "12 chữ số"),
        ("cmnd", "", "Hãy nhập"),
        ("cmnd", "12345", "9 chữ số"),
        ("cmnd", "1234567890", "9 chữ số"),
        ("cmnd", "38123456A", "9 chữ số"),
        ("passport", "ABC", "hộ chiếu"),
        ("passport", "C123456", "hộ chiếu"),
        ("passport", "C12345678901", "hộ chiếu"),
        ("passport", "Đ1234567", "hộ chiếu"),
        ("other", "  ", "Hãy nhập"),
        ("other", "x" * 31, "30 ký tự"),
        ("driving_licence", "123", "Loại giấy tờ"),
    ],
)
def test_parse_identity_paper_rejects(kind: str, number: str, fragment: str) -> None:
    with pytest.raises(InvalidCitizenId) as err:
        parse_identity_paper(kind, number)
    assert fragment in err.value.message


def test_other_paper_keeps_no_control_character() -> None:
    assert parse_identity_paper("other", "AB\x00C\x1f1") == "ABC1"
