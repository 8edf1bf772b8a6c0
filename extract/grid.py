"""Rowspan/colspan resolution: source table cells → a rectangular :data:`Grid`.

Shared by every reader that sees real table cells (HTML, DOCX), so it takes neutral
:class:`SourceCell` values rather than lxml or python-docx objects. A cell spanning
several positions appears in each of them; ``origins`` says which positions came from
the same source cell, because two adjacent cells that both print ``0`` and one cell
spanning two columns look the same in the grid alone, and the label mapping must tell
them apart (Shanghai's 5-column grids for 4 logical columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from extract.document import Block, Grid

Origins = list[list[int | None]]

MAX_SPAN = 200  # a rowspan="9999" in the wild must not allocate the world


class SourceCell(NamedTuple):
    """One cell as the source markup declares it (a tuple: a page makes hundreds)."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def _clamp(span: int) -> int:
    return max(1, min(int(span), MAX_SPAN))


def resolve_spans(rows: Sequence[Sequence[SourceCell]]) -> tuple[Grid, Origins]:
    """Place every cell at its grid positions; return the grid and each position's source-cell id.

    Rowspans that run past the last row are cut at the table's end (Word tables split by a
    page break do this). Rows are padded with ``None`` to the widest row. Where spans
    overlap, the cell placed first keeps the position.
    """
    placed: list[dict[int, tuple[str, int]]] = [{} for _ in rows]  # per row: column -> (text, cell id)
    cell_id = 0
    for r, row in enumerate(rows):
        here = placed[r]
        c = 0
        for cell in row:
            while c in here:
                c += 1
            entry = (cell.text, cell_id)
            cell_id += 1
            if cell.rowspan == 1 and cell.colspan == 1:  # most cells: one free position
                here[c] = entry
                c += 1
                continue
            colspan = _clamp(cell.colspan)
            for line in placed[r : r + _clamp(cell.rowspan)]:
                for column in range(c, c + colspan):
                    line.setdefault(column, entry)
            c += colspan
    width = max((max(line) + 1 for line in placed if line), default=0)
    grid: Grid = []
    origins: Origins = []
    for line in placed:
        texts: list[str | None] = [None] * width
        ids: list[int | None] = [None] * width
        for column, (text, ident) in line.items():
            texts[column] = text
            ids[column] = ident
        grid.append(texts)
        origins.append(ids)
    return grid, origins


def table_block(rows: Sequence[Sequence[SourceCell]]) -> Block:
    """A table :class:`Block` with spans resolved and cell identities kept."""
    grid, origins = resolve_spans(rows)
    return Block(grid=grid, origins=origins)
