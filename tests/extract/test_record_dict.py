"""Record.to_dict is written out for speed; it must stay what dataclasses.asdict returns."""

from __future__ import annotations

import dataclasses
import pickle

from extract.record import Record


def test_to_dict_equals_asdict_and_shares_nothing_mutable():
    record = Record(agency="某县人民政府", year=2023, template="2021", title="2023年政府信息公开工作年度报告",
                    sections={"s1": "总体情况"}, cells={"t2.r1.c1": 12, "t3.total.new": None, "t5.fee": "1.50"},
                    raw_cells={"t2.r1.c1": "12"}, missing=["t3.r2"], checks={"c1": "ok"},
                    flags=["needs_ocr"], legacy_rows=[{"项目": "主动公开", "数量": "3"}],
                    chapters=[{"heading": "一、概述", "text": "……"}])
    plain = record.to_dict()
    assert plain == dataclasses.asdict(record)
    assert pickle.dumps(plain) == pickle.dumps(dataclasses.asdict(record))  # same types, same order
    plain["cells"]["t2.r1.c1"] = 0
    plain["legacy_rows"][0]["数量"] = "0"
    assert record.cells["t2.r1.c1"] == 12 and record.legacy_rows[0]["数量"] == "3"


def test_to_dict_copies_unusual_values_the_way_asdict_does():
    record = Record(legacy_rows=[{"k": ("a", "b")}], chapters=[])
    record.cells = {"x": 1.5, "y": True}  # type: ignore[dict-item]
    assert record.to_dict() == dataclasses.asdict(record)
    assert Record.from_dict(record.to_dict()) == record
