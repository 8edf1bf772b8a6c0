"""What the three table mappings share: logical tables, a row's distinct cells, the value sink.

A :class:`LogicalTable` is the rows of one template table, possibly gathered from several
grids (a Word table split across pages, header rows printed as their own table). A row's
:func:`row_cells` are its *distinct* cells in order — a cell spanning three columns is
one cell, found through ``Block.origins`` — each with the grid columns it covers, so the
mappings can match values to headers by column when the grid is aligned and by label
order when it is not.

:class:`Extraction` collects what a mapping read. It is where the rules of the spec meet
the data: raw text always kept, a non-number flagged and left out of ``cells``, and a
code read twice with different text (a repeated row that disagrees) flagged as a
conflict and left out — a wrong cell is worse than a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from extract.codes import kind_of
from extract.labels import clean_text, label_key
from extract.record import CellValue
from extract.values import is_value_like, parse_value


class Cell(NamedTuple):
    """One distinct cell of a row: its text and the first/last grid column it covers.

    A tuple rather than a frozen dataclass: a report's rows make ~300 of them, and a frozen
    dataclass's ``__init__`` (one ``object.__setattr__`` per field) cost more than reading them.
    """

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return label_key(self.text)


@dataclass
class LogicalTable:
    rows: list[list[str | None]] = field(default_factory=list)
    origins: list[list[int | None] | None] = field(default_factory=list)
    aligned: bool = True
    run_together: bool = False

    def add_grid(self, grid: list[list[str | None]], origins: list[list[int | None]] | None, offset: int) -> None:
        """Append a grid's rows; origin ids are shifted by ``offset`` to stay unique across grids."""
        for r, row in enumerate(grid):
            self.rows.append(list(row))
            if origins is None:
                self.origins.append(None)
            else:
                self.origins.append([None if o is None else o + offset for o in origins[r]])


def row_cells(table: LogicalTable, r: int) -> list[Cell]:
    """The distinct cells of row ``r`` in order; positions no cell covers are skipped."""
    row = table.rows[r]
    origins = table.origins[r]
    cells: list[Cell] = []
    start = 0  # the current cell's first column, its text and origin
    text: str | None = None
    previous: int | None = None
    for c, here in enumerate(row):
        origin = origins[c] if origins is not None else None
        if text is not None and here is not None and origin is not None and origin == previous:
            continue  # the same source cell, spanning on
        if text is not None:
            cells.append(Cell(clean_text(text), start, c - 1))
        start, text, previous = c, here, origin
    if text is not None:
        cells.append(Cell(clean_text(text), start, len(row) - 1))
    return cells


def split_labels(cells: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """Leading label cells (not value-like) and the value cells after them.

    Empty cells before the first label are a table's corner or spacer, not values.
    """
    start = 0
    while start < len(cells) and not cells[start].text:
        start += 1
    cells = cells[start:]
    for i, cell in enumerate(cells):
        if is_value_like(cell.text):
            return cells[:i], cells[i:]
    return cells, []


def fit_values(values: list[Cell], wanted: int) -> list[Cell] | None:
    """Exactly ``wanted`` value cells read in order, or None if the row cannot say which.

    Extra cells are accepted only when they are empty and trail the row (span fillers of a
    flattened row, or a ragged empty cell at a row's end).
    """
    if len(values) == wanted:
        return values
    if len(values) > wanted and all(not v.text for v in values[wanted:]):
        return values[:wanted]
    return None


def value_in_band(cells: list[Cell], band: tuple[int, int]) -> Cell | None | str:
    """The one cell of a row under a header band; ``"conflict"`` if two printed cells are there."""
    inside = [c for c in cells if c.end >= band[0] and c.start <= band[1]]
    printed = [c for c in inside if c.text]
    if len(printed) > 1:
        return "conflict"
    if printed:
        return printed[0]
    return inside[0] if inside else None


@dataclass
class Extraction:
    """Values, raw texts and flags read from the tables."""

    cells: dict[str, CellValue] = field(default_factory=dict)
    raw_cells: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    conflicts: set[str] = field(default_factory=set)

    def flag(self, flag: str) -> None:
        if flag not in self.flags:
            self.flags.append(flag)

    def put(self, code: str, raw: str | None, default_unit: str | None = None) -> None:
        """Record the printed text of ``code`` and its value, per the spec's rules."""
        if raw is None or code in self.conflicts:
            return
        text = clean_text(raw)
        if code in self.raw_cells:
            if self.raw_cells[code] != text:
                self.conflicts.add(code)
                self.cells.pop(code, None)
                self.flag(f"conflict:{code}={self.raw_cells[code]}|{text}")
            return
        self.raw_cells[code] = text
        parsed = parse_value(text, kind_of(code), default_unit=default_unit)
        if parsed.status == "not_numeric":
            self.flag(f"not_numeric:{code}")
        else:
            self.cells[code] = parsed.value

    def merge(self, other: Extraction) -> None:
        for code, raw in other.raw_cells.items():
            if code in self.raw_cells:
                self.put(code, raw)
            else:
                self.raw_cells[code] = raw
                if code in other.cells:
                    self.cells[code] = other.cells[code]
        for flag in other.flags:
            self.flag(flag)
        self.conflicts |= other.conflicts
