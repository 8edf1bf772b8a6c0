"""Cell text → value, exactly per the spec; and cutting digit runs only when one cut fits."""

from __future__ import annotations

import pytest

from extract.tables.split import split_run
from extract.values import is_value_like, parse_value, yuan_to_wanyuan


@pytest.mark.parametrize(
    ("raw", "kind", "value", "status"),
    [
        ("0", "count", 0, "number"),
        ("89", "count", 89, "number"),
        ("1,234", "count", 1234, "number"),
        ("１２", "count", 12, "number"),
        ("零", "count", 0, "number"),
        (" 7 ", "count", 7, "number"),
        ("3件", "count", 3, "number"),
        ("", "count", None, "blank"),
        ("\u00a0", "count", None, "blank"),
        ("—", "count", None, "blank"),
        ("-", "count", None, "blank"),
        ("--", "count", None, "blank"),
        ("/", "count", None, "blank"),
        ("无", "count", None, "blank"),
        ("無", "count", None, "blank"),
        ("不适用", "count", None, "blank"),
        ("N/A", "count", None, "blank"),
        ("见附件", "count", None, "not_numeric"),
        ("1 2", "count", None, "not_numeric"),
        ("3.5", "count", None, "not_numeric"),
        ("-3", "count", None, "not_numeric"),
        ("1,2", "count", None, "not_numeric"),
        ("+19", "signed", 19, "number"),
        ("-417", "signed", -417, "number"),
        ("－18", "signed", -18, "number"),
        ("\u22125", "signed", -5, "number"),
        ("0", "signed", 0, "number"),
        ("+1,036", "signed", 1036, "number"),
        ("0.0000", "money", "0.0000", "number"),
        ("0", "money", "0", "number"),
        ("24252.311082", "money", "24252.311082", "number"),
        ("160.5964万元", "money", "160.5964", "number"),
        ("251000元", "money", "25.1", "number"),
        ("75394432.52元", "money", "7539.443252", "number"),
        ("0元", "money", "0", "number"),
        ("1,000,000元", "money", "100", "number"),
        ("约5万元", "money", None, "not_numeric"),
    ],
)
def test_parse_value(raw: str, kind: str, value, status: str) -> None:
    parsed = parse_value(raw, kind)
    assert (parsed.value, parsed.status) == (value, status)


def test_header_unit_yuan_converts_bare_numbers() -> None:
    assert parse_value("251000", "money", default_unit="元").value == "25.1"
    assert parse_value("160.5964万元", "money", default_unit="元").value == "160.5964"


def test_yuan_conversion_is_exact() -> None:
    assert yuan_to_wanyuan("12345678901234567890.12") == "1234567890123456.789012"
    assert yuan_to_wanyuan("100000") == "10"


def test_value_like() -> None:
    assert is_value_like("0") and is_value_like("") and is_value_like("—") and is_value_like("+3")
    assert not is_value_like("1.属于国家秘密") and not is_value_like("自然人")


SUMS_T4 = [(4, [0, 1, 2, 3]), (9, [5, 6, 7, 8]), (14, [10, 11, 12, 13])]


def test_domain_example_splits_one_way_only() -> None:
    """domain.md §4.1: 10203120001200000 → 1,0,2,0,3 | 12,0,0,0,12 | 0,0,0,0,0."""
    assert split_run("10203120001200000", ["count"] * 15, SUMS_T4) == [
        ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
    ]


def test_fifteen_zeros() -> None:
    assert split_run("000000000000000", ["count"] * 15, SUMS_T4) == [["0"] * 15]


def test_ambiguous_runs_give_several_solutions() -> None:
    assert len(split_run("1215", ["count"] * 3)) == 2
    assert len(split_run("5160.5964万元", ["count", "money"])) == 2
    assert len(split_run("10203120001200000", ["count"] * 15)) == 2  # without the sums: not unique


def test_no_leading_zeros_and_signs() -> None:
    assert split_run("012", ["count", "count"]) == [["0", "12"]]
    assert split_run("52+121036", ["count", "signed", "count"])[0][1].startswith("+")
    assert split_run("１２３", ["count"] * 3) == [["１", "２", "３"]]
