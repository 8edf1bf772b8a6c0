"""Small parts: labels, format detection, decoding, sections, metadata, grids."""

from __future__ import annotations

import io
import zipfile

import pytest

from extract.decode import decode_text
from extract.detect import detect_format
from extract.grid import SourceCell, resolve_spans
from extract.labels import label_key, normalize_label
from extract.sections import heading_section, split_sections


def test_labels_normalise_width_script_and_breaks() -> None:
    assert normalize_label("（一）予以公开") == normalize_label("(一)予以公开") == "(一)予以公开"
    assert normalize_label("三、本年度辦理結果") == "三、本年度办理结果"
    assert normalize_label("本年度办 理\r\n结果") == "本年度办理结果"
    assert label_key("3.危及“三安全一稳定”") == "3危及三安全一稳定"


def _zip(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "content_type", "filename", "fmt"),
    [
        (b"%PDF-1.7\n...", "application/octet-stream", None, "pdf"),
        (b"%PDF-1.4", "text/html", "a.html", "pdf"),
        (_zip("word/document.xml"), None, "download.jsp", "docx"),
        (_zip("xl/workbook.xml"), None, None, "xlsx"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + "WordDocument".encode("utf-16-le"), None, None, "doc"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + "Workbook".encode("utf-16-le"), None, None, "xls"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + "WordDocument".encode("utf-16-le"), None, "报告.WPS", "wps"),
        (b"<!DOCTYPE html><html><body>x</body></html>", None, None, "html"),
        ("<div>青溪县</div>".encode("gbk"), "application/octet-stream", None, "html"),
        ("一、总体情况\n规章 |\n".encode(), "text/plain", "a.txt", "text"),
    ],
)
def test_detect_format(data: bytes, content_type: str | None, filename: str | None, fmt: str) -> None:
    assert detect_format(data, content_type=content_type, filename=filename) == fmt


def test_decoding_prefers_gb18030_for_declared_gb2312() -> None:
    data = "朱镕基 本年度办理结果".encode("gbk")  # 镕 is in GBK, not in GB2312
    assert decode_text(data, "text/html; charset=gb2312") == ("朱镕基 本年度办理结果", [])
    assert decode_text(data, "text/html; charset=iso-8859-1", "gbk") == ("朱镕基 本年度办理结果", [])
    assert decode_text("本年度".encode(), None) == ("本年度", [])


def test_section_headings_by_words_not_numbers() -> None:
    assert heading_section("二、主动公开政府信息情况") == "s2"
    assert heading_section("四、收到和处理政府信息公开申请情况") == "s3"  # numbered wrong, named right
    assert heading_section("五、政府信息公开工作存在的主要问题及改进情况") == "s5"
    assert heading_section("（一）主动公开方面") is None
    assert heading_section("1.政府信息主动公开情况") is None
    assert heading_section("四、结转下年度继续办理") is None
    assert heading_section("四是政府信息公开申请行政复议、提起行政诉讼的情况。") is None
    sections = split_sections(["一、总体情况", "正文。", "二、主动公开政府信息情况", "六、其他需要报告的事项", "无。",
                               "青溪县档案馆", "2023年1月5日", "扫一扫在手机打开当前页"])
    assert sections == {"s1": "正文。", "s2": "", "s6": "无。"}


def test_spans_resolved_and_cells_identified() -> None:
    grid, origins = resolve_spans([
        [SourceCell("三、本年度办理结果", rowspan=2), SourceCell("（一）予以公开", colspan=2), SourceCell("0")],
        [SourceCell("（二）部分公开"), SourceCell("1", colspan=2)],
    ])
    assert grid == [["三、本年度办理结果", "（一）予以公开", "（一）予以公开", "0"],
                    ["三、本年度办理结果", "（二）部分公开", "1", "1"]]
    assert origins[0][1] == origins[0][2] and origins[1][2] == origins[1][3] and origins[0][0] == origins[1][0]


def test_huge_spans_are_clamped() -> None:
    grid, _ = resolve_spans([[SourceCell("a", rowspan=10**9, colspan=10**9)], [SourceCell("b")]])
    assert len(grid) == 2 and grid[0][:200] == ["a"] * 200 and grid[1][200] == "b"  # b sits after the span
