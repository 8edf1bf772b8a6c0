"""A spreadsheet or attachment with no title inside is named by its file name.

The .xls the portal renders (``render_report_xls``) holds only the template tables and
sheet names — no title, no signature, no 统计期限 sentence — so without its file name
nothing says whose report it is. Expected values are the content file's
(``portal/content/reports/*.json``).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from formats_corpus import load_reports

from extract.api import extract_bytes
from extract.metadata import filename_title
from portal.render.xlsx import render_report_xls, render_report_xlsx

TOWNSHIP_TITLE = "青溪县城关镇2021年政府信息公开工作年度报告"


def _report(report_id: str) -> dict:
    return next(r for r in load_reports() if r["id"] == report_id)


@pytest.mark.parametrize("filename", [
    f"{TOWNSHIP_TITLE}.xls",
    f"/uploads/2022/01/{quote(TOWNSHIP_TITLE)}.xls",  # a URL path, percent-encoded
    f"C:\\公开\\{TOWNSHIP_TITLE}.XLS",
])
def test_xls_without_title_takes_agency_and_year_from_its_file_name(filename: str) -> None:
    report = _report("own_2021_township")
    assert report["title"] == TOWNSHIP_TITLE
    record = extract_bytes(render_report_xls(report), filename=filename)
    assert record.title == TOWNSHIP_TITLE
    assert (record.agency, record.year) == ("青溪县城关镇人民政府", 2021) == (report["agency"], report["year"])
    assert record.cells == report["cells"]


def test_xls_with_a_meaningless_file_name_has_no_title_agency_or_year() -> None:
    record = extract_bytes(render_report_xls(_report("own_2021_township")), filename="P020220114392187.xls")
    assert (record.title, record.agency, record.year) == (None, None, None)


def test_a_street_named_alone_is_its_office() -> None:
    # The content file's agency (云湖市东城区新华街道办事处) is only in the signature, which a
    # workbook does not carry: the file name gives the street, and the record its office.
    report = _report("own_2022_township")
    record = extract_bytes(render_report_xls(report), filename=f"{report['title']}.xls")
    assert (record.agency, record.year) == ("新华街道办事处", 2022)


def test_the_title_inside_the_file_wins_over_its_name() -> None:
    report = _report("own_2021_township")  # the .xlsx carries the title in its properties
    record = extract_bytes(render_report_xlsx(report),
                           filename="云湖市生态环境局2023年政府信息公开工作年度报告.xlsx")
    assert (record.title, record.agency, record.year) == (TOWNSHIP_TITLE, "青溪县城关镇人民政府", 2021)


@pytest.mark.parametrize(("filename", "title"), [
    ("青溪县城关镇2021年政府信息公开工作年度报告.xls", "青溪县城关镇2021年政府信息公开工作年度报告"),
    ("files/云湖市交通运输局2019年度政府信息公开工作年度报告.pdf?v=2", "云湖市交通运输局2019年度政府信息公开工作年度报告"),
    ("report.html", None),
    ("关于做好2021年政府信息公开工作年度报告编制发布工作的通知.doc", None),
    ("", None),
    (None, None),
])
def test_filename_title(filename: str | None, title: str | None) -> None:
    assert filename_title(filename) == title
