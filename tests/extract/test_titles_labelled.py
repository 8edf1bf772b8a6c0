"""Report-title classification on 236 hand-labelled titles (tests/extract/data/titles_labelled.tsv).

The file is our own writing in the styles of domain.md §1.4: reports in every variant
seen (年度…年度, 工作的年度报告, 年度工作报告, 关于…的, 政务信息公开, bare 信息公开, no 年度,
spaces or full-width digits in the year, traditional characters, site suffixes;
governments, departments, 街道, 乡镇, 派出机构, 开发区) and the look-alikes filed next to them
(notices about compiling reports, 工作要点, 解读/图解, 企业年报, 年报汇总, 统计年报, 决算/预算,
政府工作报告, 指南/目录, 绩效报告, reviews and replies about reports). The crawler follows
exactly the links this function accepts, so one error is one lost report or one wasted
fetch: the test allows none. ``bench/title_classification.py`` prints the same figures.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from extract.titles import is_report_title

DATA = Path(__file__).parent / "data" / "titles_labelled.tsv"


def labelled() -> list[dict[str, str]]:
    with open(DATA, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_the_labelled_set_is_large_varied_and_well_formed() -> None:
    rows = labelled()
    assert len(rows) >= 200
    assert len({row["title"] for row in rows}) == len(rows), "a title is listed twice"
    labels = Counter(row["label"] for row in rows)
    assert set(labels) == {"report", "other"} and labels["report"] >= 100 and labels["other"] >= 100
    styles = {row["style"] for row in rows}
    for style in ("nian-du-twice", "gongzuo-de", "niandu-gongzuo", "guanyu", "zhengwu-xinxi", "no-niandu", "spaces",
                  "traditional", "fullwidth-digits", "street", "township", "branch", "notice", "key-points",
                  "interpretation", "enterprise", "summary", "statistics", "budget", "government-work-report",
                  "guide", "performance"):
        assert style in styles, style


def test_no_title_is_misclassified() -> None:
    wrong = [(row["label"], row["title"]) for row in labelled()
             if is_report_title(row["title"]) != (row["label"] == "report")]
    assert wrong == []
