"""What makes a revision: normalised section text and cells, nothing else."""

from __future__ import annotations

from archive.history import report_key
from archive.revisions import cell_changes, fingerprint, section_changes

RECORD = {
    "agency": "崇川区国资办", "year": 2024,
    "sections": {"s1": "1.政府信息主动公开情况\n一是建立规范制度。", "s6": "本年度未收取信息处理费。"},
    "cells": {"t2.normative.issued": 0, "t2.normative.in_force": 1, "t2.fees.amount": "0"},
}


def test_layout_and_width_do_not_make_a_revision():
    relaid = {**RECORD, "sections": {"s1": "1. 政府信息主动公开情况\r\n  一是建立规范制度。 ", "s6": "本年度未收取信息处理费。",
                                     "s2": "  "}, "title": "另一个标题", "published": "2025-02-01"}
    assert fingerprint(relaid) == fingerprint(RECORD)


def test_a_cell_or_a_sentence_makes_a_revision():
    assert fingerprint({**RECORD, "cells": {**RECORD["cells"], "t2.normative.in_force": 2}}) != fingerprint(RECORD)
    assert fingerprint({**RECORD, "sections": {**RECORD["sections"], "s6": "本年度收取信息处理费0.5万元。"}}) \
        != fingerprint(RECORD)
    assert fingerprint({**RECORD, "cells": {**RECORD["cells"], "t2.fees.amount": "0.0000"}}) != fingerprint(RECORD)


def test_cell_and_section_changes():
    new_cells = {**RECORD["cells"], "t2.normative.in_force": 2, "t3.new.total": 5}
    del new_cells["t2.fees.amount"]
    assert cell_changes(RECORD["cells"], new_cells) == {
        "t2.fees.amount": ["0", None], "t2.normative.in_force": [1, 2], "t3.new.total": [None, 5]}
    diff = section_changes(RECORD["sections"], {**RECORD["sections"], "s6": "本年度收取信息处理费0.5万元。"})
    assert list(diff) == ["s6"] and "-本年度未收取信息处理费。" in diff["s6"] and "+本年度收取信息处理费0.5万元。" in diff["s6"]


def test_identity_is_agency_and_year_normalised():
    assert report_key("崇川区国资办 ", 2024) == report_key("崇川区　国资办", 2024) == "崇川区国资办|2024"
    assert report_key("ＡＢＣ局", 2024) == "ABC局|2024"
    assert report_key(None, 2024, "http://x/1.html") == "url:http://x/1.html"
