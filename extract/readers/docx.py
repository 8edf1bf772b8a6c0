"""DOCX → :class:`~extract.document.Document` with python-docx, guarded against hostile zips.

Body paragraphs and tables are read in document order (a table's section is decided by
the heading before it). Word stores merged cells as ``w:gridSpan`` (across) and
``w:vMerge`` (down, ``restart`` then ``continue``); the grid is built from those
attributes directly so that a merged cell fills every position it covers exactly once.

A .docx is a zip of XML parts fetched from the open web, so before python-docx (lxml)
sees it the zip's declared sizes and compression ratios are checked (zip bombs) and every
XML part is refused if it declares a DOCTYPE or ENTITY (billion-laughs expansion). The
declared sizes are binding: :mod:`zipfile` stops inflating a member at its declared size.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile

from extract.document import Block, Document, Grid
from extract.readers.cell_text import join_wrapped

MAX_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together
MAX_MEMBERS = 5000
MAX_RATIO = 200  # deflate rarely beats ~20:1 on real XML; bombs reach 1000:1
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def zip_problem(data: bytes, fmt: str) -> str | None:
    """Why this OOXML zip must not be opened, or None. Shared with the spreadsheet reader."""
    if len(data) > MAX_BYTES:
        return f"unreadable: {fmt}: {len(data) / 2**20:.1f} MB exceeds the {MAX_BYTES // 2**20} MB limit"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                return f"unreadable: {fmt}: zip holds {len(infos)} members (limit {MAX_MEMBERS})"
            total = sum(i.file_size for i in infos)
            if total > MAX_UNCOMPRESSED:
                return (f"unreadable: {fmt}: zip bomb suspected: members declare {total} bytes uncompressed "
                        f"(limit {MAX_UNCOMPRESSED})")
            for info in infos:
                if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    return (f"unreadable: {fmt}: zip bomb suspected: {info.filename} inflates "
                            f"{info.compress_size} → {info.file_size} bytes")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _declares_entities(zf.read(info)):
                    return (f"unreadable: {fmt}: {info.filename} declares a DOCTYPE/ENTITY "
                            "(XML entity expansion refused)")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        return f"unreadable: {fmt}: not a valid zip container ({type(exc).__name__}: {exc})"[:300]
    return None


def _declares_entities(xml: bytes) -> bool:
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")):
        xml = xml.decode("utf-16", "replace").encode("utf-8")
    return bool(_DECLARATION.search(xml))


def _text(element) -> str:  # noqa: ANN001 (lxml element)
    """The text of one ``w:p``: its ``w:t`` runs, tabs and breaks as whitespace."""
    out: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        else:
            out.append("\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(out)


def _cell_text(tc) -> str:  # noqa: ANN001 (lxml w:tc)
    return join_wrapped([line for p in tc.iter(f"{_W}p") for line in _text(p).splitlines()])


def _int_attr(parent, path: str, default: int) -> int:  # noqa: ANN001 (lxml element)
    node = parent.find(path)
    try:
        return int(node.get(f"{_W}val")) if node is not None else default
    except (TypeError, ValueError):
        return default


def _table_grid(tbl) -> Grid:  # noqa: ANN001 (lxml w:tbl)
    """Rows of ``tbl`` with gridSpan/vMerge resolved into positions.

    Each position remembers which cell covers it, so that a grid column that every row
    merges into a neighbour (a sliver column Word or LibreOffice adds when cell widths
    differ by a twip) is dropped: the grid then has the table's logical columns.
    """
    owners: list[list[int | None]] = []
    texts: list[list[str | None]] = []
    # A number per cell, not id(tc): lxml makes a new proxy object for each visit and frees
    # it after, so two cells could share an id and be taken for one merged cell.
    cell_ids = itertools.count()
    for tr in tbl.iterchildren(f"{_W}tr"):
        owner_row: list[int | None] = [None] * _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0)
        text_row: list[str | None] = list(owner_row)
        for tc in tr.iterchildren(f"{_W}tc"):
            span = max(1, min(_int_attr(tc, f"{_W}tcPr/{_W}gridSpan", 1), 64))
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            col = len(owner_row)
            owner, text = next(cell_ids), None
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue" and owners:
                if col < len(owners[-1]) and owners[-1][col] is not None:
                    owner, text = owners[-1][col], texts[-1][col]
            if text is None:
                text = _cell_text(tc)
            owner_row.extend([owner] * span)
            text_row.extend([text] * span)
        owners.append(owner_row)
        texts.append(text_row)
    width = max((len(r) for r in owners), default=0)
    owners = [r + [None] * (width - len(r)) for r in owners]
    texts = [r + [None] * (width - len(r)) for r in texts]
    for c in range(width - 1, -1, -1):  # one at a time: dropping a column changes its neighbours
        if _merged_away(owners, c):
            owners = [row[:c] + row[c + 1:] for row in owners]
            texts = [row[:c] + row[c + 1:] for row in texts]
    return [row for row in texts if any(row)]


def _merged_away(owners: list[list[int | None]], c: int) -> bool:
    """Whether every row covers column ``c`` with the cell of a neighbouring column."""
    width = len(owners[0]) if owners else 0

    def shared(row: list[int | None], other: int) -> bool:
        return 0 <= other < width and row[c] is not None and row[c] == row[other]

    return width > 1 and all(shared(row, c - 1) or shared(row, c + 1) for row in owners)


def _body_blocks(body) -> list[Block]:  # noqa: ANN001 (lxml w:body)
    blocks: list[Block] = []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            text = _text(child).strip()
            if text:
                blocks.append(Block(text=text))
        elif child.tag == f"{_W}tbl":
            grid = _table_grid(child)
            if grid:
                blocks.append(Block(grid=grid))
        elif child.tag == f"{_W}sdt":  # content control: its content is ordinary body
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                blocks.extend(_body_blocks(content))
    return blocks


def read(data: bytes) -> Document:
    """Read a .docx; never raises (problems become ``flags``)."""
    doc = Document(source_format="docx")
    problem = zip_problem(data, "docx")
    if problem:
        doc.flags.append(problem)
        return doc
    try:
        import docx

        word = docx.Document(io.BytesIO(data))
        doc.blocks = _body_blocks(word.element.body)
        props = word.core_properties
        for key, value in (("title", props.title), ("author", props.author), ("created", props.created)):
            if value:
                doc.meta[key] = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    except Exception as exc:  # python-docx/lxml raise many types on malformed parts
        doc.flags.append(f"unreadable: docx: {type(exc).__name__}: {exc}"[:300])
        return doc
    if not doc.blocks:
        doc.flags.append("unreadable: docx: the document body is empty")
    return doc
