"""PDF → :class:`~extract.document.Document` with pdfplumber.

Reports published as PDF are Word documents printed to PDF: ruled tables, wrapped
paragraphs, a page number at the foot, and table 三 broken across a page (often with its
merged labels printed again). This reader recovers

- ruled tables as grids, merged cells filling every position they cover (the spans are
  worked out from the cell rectangles, not guessed from empty strings);
- a table continued on the next page joined back into one grid, when the column counts
  match and nothing but page furniture lies between the two parts;
- text lines outside tables re-flowed into paragraphs (indent / short line / gap);
- ``needs_ocr`` for pages that are pictures with no text layer — no guessing.

It never raises: oversized, non-PDF, encrypted or broken input becomes a flag.
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect_left
from dataclasses import dataclass

from extract.document import Block, Document, Grid
from extract.readers.cell_text import join_cell_lines, join_wrapped

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
_SNAP = 3.0  # points: cell edges closer than this are one grid line (pdfplumber snaps by 3 too)
_FURNITURE_BAND = 0.08  # top/bottom share of the page where page numbers live
_PAGE_NUMBER = re.compile(r"^[\s\-—–_]*(第\s*\d+\s*页(\s*[/,，]?\s*共\s*\d+\s*页)?|\d+(\s*/\s*\d+)?)[\s\-—–_]*$")

for _noisy in ("pdfminer", "pdfplumber"):
    logging.getLogger(_noisy).setLevel(logging.ERROR)  # broken PDFs are expected input, not log noise


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _Item:
    """A table or a text line on one page, before paragraphs are formed."""

    top: float
    page: int
    line: _Line | None = None
    cells: _Cells | None = None


def _clusters(values: list[float]) -> list[float]:
    """Sorted distinct coordinates, merging those within ``_SNAP`` of each other."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    """The index of the sorted ``bounds`` nearest ``v`` (the lower one on a tie)."""
    i = bisect_left(bounds, v)
    if i == 0:
        return 0
    if i == len(bounds) or abs(bounds[i - 1] - v) <= abs(bounds[i] - v):
        return i - 1
    return i


_Box = tuple[float, float, float, float]
_Cells = list[tuple[_Box, str]]


_Placed = list[tuple[float, float, dict]]  # (horizontal middle, vertical middle, char)


def _char_middles(chars: list[dict]) -> _Placed:
    """Each char with the middle point pdfplumber's ``Table.extract`` places it by."""
    return [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in chars]


def _chars_in(placed: _Placed, bbox: _Box) -> _Placed:
    x0, top, x1, bottom = bbox
    return [p for p in placed if x0 <= p[0] < x1 and top <= p[1] < bottom]


def _table_cells(table, placed: _Placed) -> _Cells:  # noqa: ANN001 (pdfplumber.table.Table)
    """Every cell rectangle of one pdfplumber table with its (re-joined) text.

    The text is what ``Table.extract()`` gives — the chars whose middle lies in the cell,
    through pdfplumber's ``extract_text`` — but the chars are narrowed to the table, then
    to the row, before each cell looks at them: ``Table.extract`` tests every char of the
    page against every row, the largest cost of reading a PDF after pdfminer's own.
    """
    from pdfplumber.utils import extract_text

    in_table = _chars_in(placed, table.bbox)
    cells: _Cells = []
    for row in table.rows:
        in_row = _chars_in(in_table, row.bbox)
        for bbox in row.cells:
            if bbox is not None:
                chars = [p[2] for p in _chars_in(in_row, bbox)]
                cells.append((bbox, join_cell_lines(extract_text(chars) if chars else "")))
    return cells


def _column_bounds(cells: _Cells) -> list[float]:
    return _clusters([b[0] for b, _ in cells] + [b[2] for b, _ in cells])


def _cells_grid(cells: _Cells, xs: list[float]) -> Grid:
    """The grid of a table's cells over column edges ``xs``; merged cells fill their span."""
    ys = _clusters([b[1] for b, _ in cells] + [b[3] for b, _ in cells])
    grid: Grid = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for (x0, top, x1, bottom), text in cells:
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                grid[r][c] = text
    return [row for row in grid if any(cell is not None for cell in row)]


def _continues(xs: list[float], cells: _Cells) -> bool:
    """Whether a table on the next page has the same columns as the one before it.

    Either part may show fewer distinct column edges than the other (its rows merge the
    last value columns), so the edges of one must be a subset of the other's, with the
    same outer edges.
    """
    edges = _column_bounds(cells)
    if len(edges) < 2 or abs(edges[0] - xs[0]) > _SNAP or abs(edges[-1] - xs[-1]) > _SNAP:
        return False

    def subset(a: list[float], b: list[float]) -> bool:
        return all(min(abs(e - x) for x in b) <= _SNAP for e in a)

    return subset(edges, xs) or subset(xs, edges)


def _joined_grid(parts: list[_Cells]) -> tuple[Grid, list[float]]:
    """One grid from a table's parts on consecutive pages, over all their column edges."""
    xs = _clusters([x for part in parts for x in _column_bounds(part)])
    grid: Grid = []
    for part in parts:
        grid.extend(_drop_repeated_header(grid, _cells_grid(part, xs)) if grid else _cells_grid(part, xs))
    return grid, xs


def _page_items(page, page_no: int) -> tuple[list[_Item], bool]:  # noqa: ANN001 (pdfplumber.page.Page)
    """Tables and text lines of one page in reading order; and whether it is image-only."""
    from extract.readers.pdf_objects import fill_objects  # pdfplumber is imported lazily, as in read()

    fill_objects(page)
    if not page.chars:
        return [], bool(page.images)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    placed = _char_middles(page.chars) if tables else []
    items = [_Item(t.bbox[1], page_no, cells=_table_cells(t, placed)) for t in tables]

    def outside(obj: dict) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    height = float(page.height)
    for raw in text_page.extract_text_lines(return_chars=False):
        line = _Line(raw["text"].strip(), raw["x0"], raw["x1"], raw["top"], raw["bottom"])
        in_band = line.bottom < height * _FURNITURE_BAND or line.top > height * (1 - _FURNITURE_BAND)
        if not line.text or (in_band and _PAGE_NUMBER.match(line.text)):
            continue
        items.append(_Item(line.top, page_no, line=line))
    items.sort(key=lambda it: it.top)
    return [it for it in items if it.line is not None or it.cells], False


def _typical_gap(lines: list[_Line]) -> float:
    """The usual white space between two lines of one paragraph (median of the gaps)."""
    gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False) if 0 <= b.top - a.bottom < 50)
    return gaps[len(gaps) // 2] if gaps else 0.0


def _starts_paragraph(prev: _Line, line: _Line, layout: tuple[float, float, float], same_page: bool) -> bool:
    """Whether ``line`` begins a new paragraph rather than continuing ``prev``'s."""
    left, right, gap = layout
    size, prev_size = max(line.bottom - line.top, 1.0), max(prev.bottom - prev.top, 1.0)
    return (
        line.x0 > left + 0.8 * size  # indented first line, or a centred title
        or prev.x1 < right - 4 * size  # the previous line stopped short (CJK wrapping leaves up to ~3 em)
        or abs(size - prev_size) > 0.1 * prev_size  # a heading in another type size
        or (same_page and line.top - prev.bottom > 1.5 * gap + 1.5)  # extra space (not the page turn)
    )


def _blocks(items: list[_Item]) -> list[Block]:
    """Paragraphs from consecutive lines; tables continued across pages joined."""
    lines = [it.line for it in items if it.line is not None]
    left = min((ln.x0 for ln in lines), default=0.0)
    right = max((ln.x1 for ln in lines), default=0.0)
    layout = (left, right, _typical_gap(lines))
    blocks: list[Block] = []
    para: list[str] = []
    prev: _Line | None = None
    prev_page = last_table_page = -1
    xs: list[float] = []  # column edges of the table being continued
    parts: list[_Cells] = []  # its pieces, one per page

    def flush() -> None:
        if para:
            blocks.append(Block(text=join_wrapped(para)))
            para.clear()

    for it in items:
        if it.cells is not None:
            flush()
            prev = None
            last = blocks[-1] if blocks else None
            if last is not None and last.grid and it.page == last_table_page + 1 and _continues(xs, it.cells):
                parts.append(it.cells)
                last.grid, xs = _joined_grid(parts)
            else:
                parts = [it.cells]
                last_grid, xs = _joined_grid(parts)
                blocks.append(Block(grid=last_grid))
            last_table_page = it.page
            continue
        line = it.line
        assert line is not None
        if prev is not None and _starts_paragraph(prev, line, layout, same_page=it.page == prev_page):
            flush()
        para.append(line.text)
        prev, prev_page = line, it.page
    flush()
    return blocks


def _drop_repeated_header(grid: Grid, continuation: Grid) -> Grid:
    """The continuation without leading rows that merely repeat the table's first rows."""
    n = 0
    while n < len(continuation) and n < len(grid) and continuation[n] == grid[n]:
        n += 1
    return continuation[n:]


def _meta(metadata: dict) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key, name in (("Title", "title"), ("Author", "author"), ("CreationDate", "created"), ("Subject", "subject")):
        value = metadata.get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and value.strip():
            meta[name] = value.strip()
    return meta


def read(data: bytes) -> Document:
    """Read a PDF; never raises (problems become ``flags``)."""
    doc = Document(source_format="pdf")
    if len(data) > MAX_BYTES:
        doc.flags.append(f"unreadable: pdf: {len(data) / 2**20:.1f} MB exceeds the {MAX_BYTES // 2**20} MB limit")
        return doc
    if b"%PDF-" not in data[:1024]:
        doc.flags.append("unreadable: pdf: no %PDF- header (not a PDF file)")
        return doc
    if b"%%EOF" not in data[-2048:]:
        doc.flags.append("truncated")
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n_pages = len(pdf.pages)
            if n_pages > MAX_PAGES:
                doc.flags.append(f"unreadable: pdf: {n_pages} pages exceeds the {MAX_PAGES}-page limit")
                return doc
            doc.meta.update(_meta(pdf.metadata or {}))
            doc.meta["pages"] = str(n_pages)
            items, image_pages = _read_pages(pdf, doc)
    except Exception as exc:  # pdfminer raises many types on broken input
        doc.flags.append(f"unreadable: pdf: {type(exc).__name__}: {exc}"[:300])
        return doc
    doc.blocks = _blocks(items)
    if image_pages:
        doc.flags.append("needs_ocr")
        doc.meta["ocr_pages"] = ",".join(str(p) for p in image_pages)
    if not doc.blocks and not image_pages and not any(f.startswith("unreadable") for f in doc.flags):
        doc.flags.append("unreadable: pdf: no text found")
    return doc


def _read_pages(pdf, doc: Document) -> tuple[list[_Item], list[int]]:  # noqa: ANN001 (pdfplumber.PDF)
    """All pages' items; a page that fails is flagged and skipped, the rest still read."""
    items: list[_Item] = []
    image_pages: list[int] = []
    for number, page in enumerate(pdf.pages, start=1):
        try:
            page_items, image_only = _page_items(page, number)
        except Exception as exc:  # one broken page must not lose the others
            doc.flags.append(f"unreadable: pdf page {number}: {type(exc).__name__}: {exc}"[:300])
            continue
        finally:
            page.close()
        items.extend(page_items)
        if image_only:
            image_pages.append(number)
    return items, image_pages
