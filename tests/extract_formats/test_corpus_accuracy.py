"""Every corpus report, rendered into every format, reads back cell for cell.

The expected grid is the template as transcribed in ``portal/content/reports`` (labels
and printed numbers, merged cells filling their span); a reader passes only when every
position matches — numbers, blanks, signs (``+6``), units (``160.5964万元``) and labels.
"""

from __future__ import annotations

import pytest
from formats_corpus import available_formats, cell_score, expected_grids, load_reports

REPORT_IDS = [r["id"] for r in load_reports()]
FORMATS = sorted(available_formats())
FORMATS_FAST = {"pdf", "pdf_split", "docx", "xlsx", "xls"}  # DOC/WPS need a LibreOffice run each
TEXT_FORMATS = {"pdf", "pdf_split", "docx", "doc", "wps"}  # spreadsheets carry the tables only


@pytest.mark.parametrize("fmt", [f if f in FORMATS_FAST else pytest.param(f, marks=pytest.mark.slow) for f in FORMATS])
@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_every_cell_reads_back(corpus, reports, report_id: str, fmt: str) -> None:
    report = reports[report_id]
    reader = corpus.formats[fmt][1]
    document = reader(corpus.bytes(report_id, fmt))

    assert document.flags == []
    right, expected, wrong = cell_score(report, document)
    assert wrong == [] and right == expected == len(report["raw_cells"])
    assert document.tables == expected_grids(report)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_text_keeps_headings_and_sections_in_order(corpus, reports, report_id: str, fmt: str) -> None:
    report = reports[report_id]
    document = corpus.formats[fmt][1](corpus.bytes(report_id, fmt))
    paragraphs = document.paragraphs

    assert paragraphs[0] == (report.get("body_title") or report["title"]).splitlines()[0]
    headings = [p for p in paragraphs if p[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert [h[0] for h in headings] == list("一二三四五六")
    # every line of section text comes back as one paragraph, wrapped lines re-joined
    for key, text in report["sections"].items():
        for line in filter(None, (ln.strip() for ln in text.splitlines())):
            assert line in paragraphs, f"{key}: {line[:30]}…"
    # tables sit after their section's heading: 二 table before 三 heading, etc.
    kinds = ["T" if b.is_table else (b.text[:2] if b.text[:2] in ("二、", "三、", "四、", "五、") else "")
             for b in document.blocks]
    order = [k for k in kinds if k]
    assert order == ["二、", "T", "三、", "T", "四、", "T", "五、"]


# DOC/WPS go through LibreOffice (seconds each): their cells are checked on every report
# above; the whole pipeline runs on one report of each template.
PIPELINE_CASES = [(r, f) for r in REPORT_IDS for f in FORMATS if f in FORMATS_FAST or r in ("own_2019_county", "sample_002")]


@pytest.mark.parametrize(("report_id", "fmt"), PIPELINE_CASES)
def test_whole_pipeline_gives_the_transcribed_record(corpus, reports, report_id: str, fmt: str) -> None:
    """extract_bytes on each attachment: every cell, the template, the year and the agency."""
    api = pytest.importorskip("extract.api")
    report = reports[report_id]
    suffix = corpus.formats[fmt][2]
    record = api.extract_bytes(corpus.bytes(report_id, fmt), filename=f"{report['title']}{suffix}")

    assert record.raw_cells == report["raw_cells"]
    assert record.cells == report["cells"]
    assert record.missing == []
    assert record.template == report["template"]
    if fmt in TEXT_FORMATS:  # the body names the agency and the year
        assert (record.year, record.agency) == (report["year"], report["agency"])
    elif fmt == "xlsx":  # only the workbook's title property says which report it is
        assert record.year == report["year"]
    assert not any(f.startswith(("unreadable", "needs_ocr", "truncated")) for f in record.flags)
