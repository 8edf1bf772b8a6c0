"""How the HTML reader reads text: hidden elements, breaks in cells, the heading, truncation.

The reader reads an element whole (in lxml) when nothing below it changes the reading,
and finds hidden elements once per page (``extract/readers/html_text.py``); these cases
pin what must not change with that: hidden text is dropped wherever it sits (and what is
around it kept), blocks and ``<br>`` inside a cell still separate words, Word's
``<td><p><span>`` shape reads as its text, the heading comes from outside the container
only, and escaped markup in scripts does not make a page look truncated.
"""

from __future__ import annotations

import sys

from extract.labels import _WHITESPACE, clean_text
from extract.readers import html


def _page(body: str, outside: str = "") -> bytes:
    return f'<html><head><title>t</title></head><body>{outside}<div class="TRS_Editor">{body}</div></body></html>'.encode()


def _read(body: str, outside: str = ""):
    return html.read(_page(body, outside))


def test_hidden_text_is_dropped_wherever_it_sits() -> None:
    doc = _read(
        '<p>可见<span style="DISPLAY: none">隐藏</span>文字</p>'
        '<p style="color:red; display : none">整段隐藏</p>'
        '<table><tr><td><p>规章<span style="display:none">9</span></p></td>'
        '<td style="display:none">藏</td><td>0</td></tr></table>'
    )
    assert doc.paragraphs == ["可见文字"]
    assert doc.tables == [[["规章", "0"]]]


def test_styles_that_only_mention_none_hide_nothing() -> None:
    doc = _read('<p style="border:none; text-decoration: NONE">边框</p><table><tr><td style="border:none">1</td></tr></table>')
    assert doc.paragraphs == ["边框"]
    assert doc.tables == [[["1"]]]


def test_blocks_and_breaks_inside_a_cell_separate_words() -> None:
    doc = _read(
        "<table><tr>"
        "<td> <p class=MsoNormal><span style='FONT-SIZE: 10pt'>行政<o:p></o:p>许可</span></p> </td>"
        "<td><p>社会公益</p><p>组织</p></td>"
        "<td><span>a<br>b</span></td>"
        "<td>\n<b><span>总</span><span>计</span></b>\n</td>"
        "<td><div>x</div>tail</td>"
        "</tr></table>"
    )
    assert doc.tables == [[["行政许可", "社会公益 组织", "a b", "总计", "x tail"]]]


def test_paragraphs_split_at_blocks_and_breaks_only() -> None:
    doc = _read("<p><span>一、</span><b>总体</b>情况</p>正文<br>第二行<div><span>甲</span><p>乙</p>丙</div>")
    assert doc.paragraphs == ["一、总体情况", "正文", "第二行", "甲", "乙", "丙"]


def test_heading_comes_from_outside_the_container_in_selector_order() -> None:
    doc = _read(
        "<h1>容器里的标题不算数</h1><table><tr><td>规章</td><td>0</td></tr></table>",
        outside='<div class="x title">某某县2021年政府信息公开工作年度报告</div><h2>第二个标题候选</h2>',
    )
    assert doc.meta["heading"] == "某某县2021年政府信息公开工作年度报告"
    assert "容器里的标题不算数" not in doc.meta.get("outside_text", "")


def test_escaped_markup_in_scripts_does_not_look_truncated() -> None:
    script = "<script>var d = '<table><tr><td>1<\\/td><\\/tr>';</script>"
    assert "truncated" not in html.read(_page("<p>正文</p>" + script)).flags
    assert "truncated" in html.read(b"<html><body><table><tr><td>1</td></tr>").flags
    assert "truncated" in html.read(_page("<p>x</p>").replace(b"</html>", b"")).flags


def test_hidden_cells_rows_and_tables() -> None:
    """A hidden cell is left out of its row, a hidden table gives nothing; a row's own style is not looked at."""
    doc = _read(
        '<p>前<br style="display:none">后</p>'
        '<table><tr style="display:none"><td>行</td><td style="DISPLAY:NONE">1</td><td>2</td></tr>'
        '<tr><td><div style="display: none">藏</div>见</td><td><span style="color:red">3</span></td></tr></table>'
        '<table style="display:none"><tr><td>整表隐藏</td></tr></table>'
    )
    assert doc.paragraphs == ["前后"]
    assert doc.tables == [[["行", "2"], ["见", "3"]]]


def test_text_that_holds_the_structure_markers_reads_as_text() -> None:
    """Noncharacters (what marks rows and cells) in text, cells and span values change nothing."""
    doc = _read(
        "<p>a\ufdd0b&#xFDD1;c</p>"
        '<table><tr><td rowspan="&#xFDD2;2">\ufdd0</td><td colspan="2\ufdd3">x&#xfdd4;y</td></tr>'
        '<tr><td colspan="\ufdd0 3">z</td></tr></table>'
    )
    assert doc.paragraphs == ["a\ufdd0b\ufdd1c"]
    assert doc.tables == [[["\ufdd0", "x\ufdd4y", "x\ufdd4y"], ["z", None, None]]]  # colspan "2…" is 2


def test_clean_text_short_cut_agrees_with_the_regex() -> None:
    """Every white space character (and the printable ones around it) is cleaned as before."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()] + ["\u200b", "a", " "]
    for ch in spaces:
        for text in (ch, f"a{ch}b", f"{ch}x", f"x{ch}", f"a{ch}{ch}b", f" {ch}a b{ch} ", f"{ch} a  b "):
            assert clean_text(text) == _WHITESPACE.sub(" ", text.replace("\u00a0", " ").replace("\u3000", " ")).strip()
