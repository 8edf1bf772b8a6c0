"""Hostile and broken inputs: every reader returns a Document with a clear flag, never raises.

Bounded time and memory are shown by construction (the bombs would need gigabytes or
minutes if they were inflated or parsed) and by an address-space limit on the worst
cases; there are no timing assertions.
"""

from __future__ import annotations

import io
import random
import resource
import zipfile

import pytest
from formats_corpus import load_reports

from extract.readers import doc, docx, pdf, wps, xls
from portal.render.docx import render_report_docx
from portal.render.pdf import render_report_pdf

GIB = 1024**3


@pytest.fixture(scope="module")
def report() -> dict:
    return load_reports()[0]


@pytest.fixture()
def memory_cap():
    """Cap this process's address space at current usage + 1.5 GiB while the test runs."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + 3 * GIB // 2, hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _junk(n: int) -> bytes:
    return random.Random(20240131).randbytes(n)


# ---- PDF ---------------------------------------------------------------------------------

def test_truncated_pdf_is_flagged_and_keeps_what_it_can(report) -> None:
    data = render_report_pdf(report)
    document = pdf.read(data[: len(data) * 2 // 3])
    assert "truncated" in document.flags


def test_pdf_cut_inside_the_header_is_unreadable() -> None:
    document = pdf.read(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    assert "truncated" in document.flags
    assert any(f.startswith("unreadable: pdf") for f in document.flags)
    assert document.blocks == []


def test_binary_is_not_a_pdf() -> None:
    document = pdf.read(_junk(4096))
    assert document.flags == ["unreadable: pdf: no %PDF- header (not a PDF file)"]


def test_oversized_pdf_is_refused_unread() -> None:
    document = pdf.read(b"%PDF-1.4\n" + b" " * (pdf.MAX_BYTES + 1))
    assert document.flags and document.flags[0].startswith("unreadable: pdf:")
    assert "exceeds the 50 MB limit" in document.flags[0]


def test_too_many_pages_are_refused() -> None:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    for n in range(pdf.MAX_PAGES + 1):
        canvas.drawString(72, 720, f"page {n}")
        canvas.showPage()
    canvas.save()
    document = pdf.read(buf.getvalue())
    assert document.flags == [f"unreadable: pdf: {pdf.MAX_PAGES + 1} pages exceeds the 200-page limit"]


def test_encrypted_pdf_is_unreadable_not_a_crash() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, encrypt=StandardEncryption("secret-user", "secret-owner"))
    canvas.drawString(72, 720, "2021年政府信息公开工作年度报告")
    canvas.save()
    document = pdf.read(buf.getvalue())
    assert any(f.startswith("unreadable: pdf") for f in document.flags)


# ---- DOCX --------------------------------------------------------------------------------

def _zip_bomb_docx(inflated: int) -> bytes:
    """A real zip whose word/document.xml inflates to ``inflated`` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (16 * 1024 * 1024)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def test_zip_bomb_named_docx_is_refused_without_inflating(memory_cap) -> None:
    bomb = _zip_bomb_docx(2 * GIB)
    assert len(bomb) < 5 * 1024 * 1024  # small on the wire …
    document = docx.read(bomb)  # … 2 GiB inflated: would not fit under memory_cap
    assert len(document.flags) == 1
    assert document.flags[0].startswith("unreadable: docx: zip bomb suspected")
    assert document.blocks == []


def test_billion_laughs_in_a_docx_part_is_refused(report) -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                  for i in range(1, 10))
        + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    )
    original = zipfile.ZipFile(io.BytesIO(render_report_docx(report)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in original.infolist():
            body = laughs.encode() if info.filename == "word/document.xml" else original.read(info)
            zf.writestr(info.filename, body)
    document = docx.read(out.getvalue())
    assert document.flags == [
        "unreadable: docx: word/document.xml declares a DOCTYPE/ENTITY (XML entity expansion refused)"
    ]


def test_binary_named_docx_is_unreadable() -> None:
    document = docx.read(_junk(64 * 1024))
    assert len(document.flags) == 1
    assert document.flags[0].startswith("unreadable: docx: not a valid zip container (BadZipFile")


def test_a_zip_that_is_not_a_word_document_is_unreadable() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("readme.txt", "这不是Word文档")
    document = docx.read(out.getvalue())
    assert len(document.flags) == 1 and document.flags[0].startswith("unreadable: docx:")


# ---- spreadsheets ------------------------------------------------------------------------

def _big_xlsx(rows: int, cols: int) -> bytes:
    """A minimal hand-written .xlsx with ``rows`` × ``cols`` number cells."""
    sheet = io.StringIO()
    sheet.write('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    for r in range(1, rows + 1):
        sheet.write(f'<row r="{r}">' + "".join(f"<c><v>{r * cols + c}</v></c>" for c in range(cols)) + "</row>")
    sheet.write("</sheetData></worksheet>")
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
        '<sheet name="附表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet.getvalue(),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def test_hundred_thousand_row_sheet_is_read_up_to_the_limit_and_flagged() -> None:
    data = _big_xlsx(100_000, 10)
    document = xls.read(data)
    assert document.flags == ["truncated"]
    assert "more than 10000 rows" in document.meta["truncated"]
    (grid,) = document.tables
    assert len(grid) == xls.MAX_ROWS
    assert grid[0] == [str(10 + c) for c in range(10)]  # row 1 holds 1*10+c
    assert grid[-1][9] == str(xls.MAX_ROWS * 10 + 9)


def test_binary_named_xls_is_unreadable() -> None:
    document = xls.read(_junk(4096))
    assert document.flags == ["unreadable: xls: neither an OLE (.xls) nor a zip (.xlsx/.ods) container"]


def test_zip_bomb_named_xlsx_is_refused(memory_cap) -> None:
    document = xls.read(_zip_bomb_docx(2 * GIB))
    assert document.flags[0].startswith("unreadable: xls: zip bomb suspected")


# ---- DOC / WPS ---------------------------------------------------------------------------

def test_binary_named_doc_and_wps_are_unreadable() -> None:
    for reader, fmt in ((doc.read, "doc"), (wps.read, "wps")):
        document = reader(b"WPS\x00" + _junk(2000))
        assert len(document.flags) == 1
        assert document.flags[0].startswith(f"unreadable: {fmt}: not an OLE compound file")


def test_ole_file_that_is_no_word_document_is_unreadable() -> None:
    document = wps.read(doc.OLE_MAGIC + _junk(8192))
    assert document.flags == ["unreadable: wps: OLE file without a WordDocument stream (not a Word 97/WPS text file)"]
    assert document.blocks == []


def test_word_stream_name_with_garbage_says_no_converter_could_read_it() -> None:
    data = doc.OLE_MAGIC + _junk(4096) + "WordDocument".encode("utf-16-le") + _junk(4096)
    document = doc.read(data)
    assert len(document.flags) == 1
    assert document.flags[0].startswith("unreadable: doc: no converter could read it: ")
    assert "antiword" in document.flags[0] and "catdoc" in document.flags[0]
    assert document.blocks == []


# ---- HTML (the HTML reader is another module; the hostile case lives here) ----------------

def test_deeply_nested_html_returns_a_document() -> None:
    html_reader = pytest.importorskip("extract.readers.html")
    depth = 100_000
    page = ("<div>" * depth + "<table><tr><td>规章</td><td>0</td></tr></table>" + "</div>" * depth).encode()
    document = html_reader.read(page)
    assert document.source_format == "html"
