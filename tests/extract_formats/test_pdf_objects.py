"""The PDF reader's short-cut char dicts are pdfplumber's own, key for key, in order.

``extract/readers/pdf_objects.py`` builds a page's objects without pdfplumber's generic
per-attribute resolving. It is only allowed to be faster, so each page it fills is
compared with a second, untouched pdfplumber parse of the same bytes: rendered reports
(a page-split table too), a page whose MediaBox does not start at 0,0 (chars are shifted),
and text drawn inside a form XObject (chars inside a figure).
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from formats_corpus import load_reports
from reportlab.pdfgen import canvas

from extract.readers.pdf_objects import fill_objects
from portal.render.pdf import render_report_pdf, render_report_pdf_split


def _assert_same_objects(data: bytes) -> int:
    """Fill every page the short way and compare with pdfplumber; the number of chars seen."""
    chars = 0
    with pdfplumber.open(io.BytesIO(data)) as ours, pdfplumber.open(io.BytesIO(data)) as theirs:
        assert len(ours.pages) == len(theirs.pages)
        for mine, reference in zip(ours.pages, theirs.pages, strict=True):
            fill_objects(mine)
            filled = mine._objects
            expected = reference.objects
            assert mine.objects is filled  # pdfplumber reads the dict we filled
            assert filled == expected
            for kind, objects in expected.items():
                assert [list(o) for o in filled[kind]] == [list(o) for o in objects], kind  # key order
            chars += len(filled.get("char", []))
    return chars


def _form_pdf() -> bytes:
    """One page: a line of text on the page and one inside a form XObject."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(300, 200))
    pdf.beginForm("stamp")
    pdf.drawString(20, 20, "inside a form 2021")
    pdf.endForm()
    pdf.drawString(20, 150, "on the page")
    pdf.rect(10, 10, 200, 100)
    pdf.doForm("stamp")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.parametrize("render", [render_report_pdf, render_report_pdf_split])
def test_rendered_report_pages_match_pdfplumber(render) -> None:
    report = next(r for r in load_reports() if r["id"] == "own_2021_township")
    assert _assert_same_objects(render(report)) > 500


def test_shifted_mediabox_moves_chars_as_pdfplumber_does() -> None:
    report = next(r for r in load_reports() if r["id"] == "own_2021_township")
    data = render_report_pdf(report)
    box = b"/MediaBox [ 0 0 595.2756 841.8898 ]"
    assert box in data
    shifted = data.replace(box, b"/MediaBox [ 9 7 604.2756 848.8898 ]")  # same length: xref stays valid
    assert _assert_same_objects(shifted) > 500


def test_chars_inside_a_form_xobject_match_pdfplumber() -> None:
    data = _form_pdf()
    assert _assert_same_objects(data) == len("inside a form 2021") + len("on the page")
