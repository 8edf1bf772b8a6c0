"""Where each cell of a layout :class:`~portal.render.layout.Table` sits on the grid.

The layout lists rows as HTML does: only the cells that *start* in a row, with
rowspan/colspan. PDF (reportlab ``SPAN``), DOCX (``merge``) and XLSX (``merge_cells``) all
need absolute positions instead, so the walk that skips positions covered by a rowspan
from above is written once here and shared by those renderers.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.render.layout import Cell, Table


@dataclass(frozen=True)
class Placed:
    """A cell anchored at (row, col), covering ``rowspan`` × ``colspan`` positions."""

    row: int
    col: int
    cell: Cell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.cell.colspan - 1


def place_cells(table: Table) -> list[Placed]:
    """Anchor every cell of ``table`` on the grid, in row-major order.

    Raises ``ValueError`` when a row overflows the table width: the layout is ours, so a
    malformed one is a programming error to surface, not data to guess around.
    """
    width = table.width
    covered: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row:
            while (r, col) in covered:
                col += 1
            if col + cell.colspan > width:
                raise ValueError(f"table {table.section} row {r} overflows its {width} columns")
            placed.append(Placed(r, col, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, col + dc))
            col += cell.colspan
    return placed


def grid_height(table: Table) -> int:
    """Number of grid rows, counting rowspans that reach past the last listed row."""
    return max((p.last_row + 1 for p in place_cells(table)), default=0)
