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
from dataclasses import dataclass

from extract.document import Block, Grid

Origins = list[list[int | None]]

MAX_SPAN = 200  # a rowspan="9999" in the wild must not allocate the world


@dataclass(frozen=True)
class SourceCell:
    """One cell as the source markup declares it."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def _clamp(span: int) -> int:
    return max(1, min(int(span), MAX_SPAN))


def resolve_spans(rows: Sequence[Sequence[SourceCell]]) -> tuple[Grid, Origins]:
    """Place every cell at its grid positions; return the grid and each position's source-cell id.

    Rowspans that run past the last row are cut at the table's end (Word tables split by a
    page break do this). Rows are padded with ``None`` to the widest row.
    """
    placed: dict[tuple[int, int], tuple[str, int]] = {}
    cell_id = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in placed:
                c += 1
            rowspan = min(_clamp(cell.rowspan), len(rows) - r)
            colspan = _clamp(cell.colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed.setdefault((r + dr, c + dc), (cell.text, cell_id))
            cell_id += 1
            c += colspan
    width = max((c + 1 for (_, c) in placed), default=0)
    grid: Grid = [[None] * width for _ in rows]
    origins: Origins = [[None] * width for _ in rows]
    for (r, c), (text, ident) in placed.items():
        grid[r][c] = text
        origins[r][c] = ident
    return grid, origins


def table_block(rows: Sequence[Sequence[SourceCell]]) -> Block:
    """A table :class:`Block` with spans resolved and cell identities kept."""
    grid, origins = resolve_spans(rows)
    return Block(grid=grid, origins=origins)
