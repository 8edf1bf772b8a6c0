"""Reader for reports flattened to plain text (the form of ../shared/samples/).

Two flattenings occur and both are read here:

1. **Cell per line**: every table cell is a line ending in `` |``; a line of bare ``|``
   characters stands for the grid positions a spanning cell covered (or for empty cells —
   the flattening cannot tell them apart), and comes at the *end* of its row. Rows are
   rebuilt by counting positions: the table's width is the length of its first row that
   ends in fillers (a caption row spanning the table always does). Because fillers are
   moved to the row's end, cell columns are not the true grid columns:
   ``Document.columns_aligned`` is False and the mapping reads values by label order.
2. **Cells run together**: each table row is one line, its cells concatenated
   (``规章000``, ``000000000000000``). A table is a run of consecutive short lines, one of
   which at least ends in a value run, that carries the template's words
   (``extract/tables/locate.py``); each line becomes a row ``[label, value run]``.
   ``Document.cells_run_together`` is True: the mapping splits each run by the table's
   structure, or flags it when more than one split is possible.

Everything else is a paragraph. Never raises: undecodable bytes are replaced and flagged.
"""

from __future__ import annotations

import re

from extract.decode import decode_text
from extract.document import Block, Document
from extract.sections import heading_section
from extract.tables.locate import classify_grid

_CELL_LINE = re.compile(r"^(.*?)\s\|\s*$")
_FILLER_LINE = re.compile(r"^\s*\|+\s*$")
_VALUE_RUN = re.compile(r"[0-9０-９+\-.,，]+(?:万元|元)?$")
MAX_ROW_LINE = 150
MIN_CELL_LINES = 4


def read(data: bytes, content_type: str | None = None) -> Document:
    """Read flattened text bytes into paragraphs and tables."""
    text, flags = decode_text(data, content_type)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cell_lines = sum(1 for line in lines if _CELL_LINE.match(line) or _FILLER_LINE.match(line))
    if cell_lines >= MIN_CELL_LINES:
        doc = Document(source_format="text", columns_aligned=False, flags=flags)
        doc.blocks = _read_cell_per_line(lines)
    else:
        doc = Document(source_format="text", columns_aligned=False, cells_run_together=True, flags=flags)
        doc.blocks = _read_run_together(lines)
    if not any(b.text and b.text.strip() for b in doc.blocks) and not doc.tables:
        doc.flags.append("unreadable: no text")
    return doc


# --- form 1: a cell per line -------------------------------------------------------------


def _item(line: str) -> tuple[str, int] | None:
    """("cell", text) as (text, 0) or a filler group as ("", n); None for a non-table line."""
    if _FILLER_LINE.match(line):
        return ("", line.count("|"))
    match = _CELL_LINE.match(line)
    if match:
        return (match.group(1).strip(), 0)
    return None


def _read_cell_per_line(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    run: list[tuple[str, int]] = []
    for line in lines:
        item = _item(line)
        if item is not None:
            run.append(item)
            continue
        if run:
            blocks.append(Block(grid=_rows_of(run)))
            run = []
        if line.strip():
            blocks.append(Block(text=line.strip()))
    if run:
        blocks.append(Block(grid=_rows_of(run)))
    return blocks


def _table_width(run: list[tuple[str, int]]) -> int | None:
    count = 0
    for _text, fillers in run:
        if fillers:
            return count + fillers
        count += 1
    return None


def _rows_of(run: list[tuple[str, int]]) -> list[list[str | None]]:
    """Cut the item run into rows of the table's width; fillers become empty cells."""
    width = _table_width(run)
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    for text, fillers in run:
        if fillers:
            row.extend([""] * fillers)
            rows.append(row)
            row = []
            continue
        row.append(text)
        if width is not None and len(row) >= width:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    widest = max(len(r) for r in rows)
    return [r + [None] * (widest - len(r)) for r in rows]


# --- form 2: cells run together -----------------------------------------------------------


def _row_like(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= MAX_ROW_LINE and "。" not in text and heading_section(text) is None


def _split_row(line: str) -> list[str | None]:
    text = line.strip()
    match = _VALUE_RUN.search(text)
    if not match or match.start() == 0:
        return [text]
    return [text[: match.start()], match.group(0)]


def _is_table_run(run: list[str]) -> bool:
    """At least one row ends in values and the run speaks the template's words."""
    if len(run) < 2 or not any(_VALUE_RUN.search(line.strip()) for line in run):
        return False
    return classify_grid([[line] for line in run]) is not None


def _read_run_together(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _row_like(lines[j]):
            j += 1
        run = lines[i:j]
        if _is_table_run(run):
            rows = [_split_row(line) for line in run]
            widest = max(len(r) for r in rows)
            blocks.append(Block(grid=[r + [None] * (widest - len(r)) for r in rows]))
        else:
            blocks.extend(Block(text=line.strip()) for line in run)
        if j < len(lines):
            if lines[j].strip():
                blocks.append(Block(text=lines[j].strip()))
            j += 1
        i = j
    return blocks
