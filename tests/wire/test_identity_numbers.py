"""The one rule of identity-card numbers in a note (wire.rules.no_identity_number): 9 (CMND) or
12 (CCCD) digits, in a row or written in groups with spaces, dots or dashes, are refused; the
numbers a note may well hold (phones, dates and times, money) are not."""

from __future__ import annotations

import pytest

from wire import rules

REFUSED = [
    "CCCD 012345678901 của ông",
    "CCCD 001 234 567 890",
    "số 001.234.567.890.",
    "căn cước 001-234-567-890",
    "CCCD: 0012 3456 7890 (bà Hoa)",
    "CCCD 001234 567890",
    "CMND 145 678 901",
    "CMND 145.678.901, cấp năm 2010",
    "CMND 145678901",
    "hẹn 12.05.2025, CCCD 001 234 567 890",
]
KEPT = [
    "Gọi 0912 345 678 trước khi đến",
    "SĐT 0912.345.678",
    "SĐT 0912-345-678",
    "SĐT +84 912 345 678",
    "máy bàn (024) 3825 1234",
    "máy bàn 024 3825 1234",
    "hẹn ngày 12/05/2025 lúc 9 giờ",
    "hẹn 12-05-2025",
    "hẹn 12.05.2025 09.30",
    "hẹn 01.05.2025 09.30",
    "2025-05-12 10:30",
    "lệ phí 150.000.000 đồng",
    "lệ phí 150 000 000 đ",
    "vay 125.678.901đ",
    "tiền đất 2.000.000.000 đồng",
    "100.000.000.000 VNĐ",
    "nộp 1.500.000đ",
    "3 người, 2 lần, 15 phút",
    "Đã kích hoạt VNeID mức 2",
]


@pytest.mark.parametrize("note", REFUSED)
def test_identity_numbers_are_refused_however_they_are_written(note: str) -> None:
    with pytest.raises(rules.RuleBroken) as broken:
        rules.no_identity_number("note", note)
    assert broken.value.code == "identity_number_in_note"


@pytest.mark.parametrize("note", KEPT)
def test_phones_dates_and_money_are_kept(note: str) -> None:
    assert rules.no_identity_number("note", note) == note
