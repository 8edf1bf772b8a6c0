"""The intermediate every reader produces: paragraphs and tables as grids.

Each document format (HTML, flattened text, PDF, DOCX, DOC, XLS, WPS) has its own
reader module in ``extract/readers/``; all of them return a :class:`Document`, so the
mapping from labels to cell codes (``extract/tables/``) is written once and does not
care where the table came from.

A :class:`Block` is either a paragraph (``text``) or a table (``grid``). Blocks keep the
order in which they appear, because the section a table belongs to is decided by the
heading paragraph before it.

A grid is a list of rows; each row is a list of cell strings with rowspan/colspan already
resolved: a cell spanning two columns appears in both positions. ``None`` marks a
position no cell covers (ragged rows). Readers must not interpret cell text (no number
parsing, no placeholder handling): that is the mapping's job.

Added for the mapping (``extract/grid.py`` fills them): ``Block.origins`` gives, for each
grid position, the id of the source cell it came from, so a spanning cell is not read as
two cells. ``Document.columns_aligned`` is False when the reader could not know the true
column of each cell (the flattened text form pushes span fillers to the row's end), and
``Document.cells_run_together`` is True when a row's value cells were printed as one
digit run that the mapping must split using the table's structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Grid = list[list[str | None]]


@dataclass
class Block:
    """One paragraph or one table, in document order."""

    text: str | None = None
    grid: Grid | None = None
    origins: list[list[int | None]] | None = None  # source-cell id per grid position, when known

    @property
    def is_table(self) -> bool:
        return self.grid is not None


@dataclass
class Document:
    """What a reader could read from one file.

    ``meta`` carries what the container itself says (HTML ``<meta name=ArticleTitle>``,
    ``PubDate``, ``<title>``, a PDF's title) so that metadata extraction can prefer it.
    ``flags`` are problems met while reading (``"needs_ocr"``, ``"truncated"``,
    ``"unreadable: <reason>"``): a reader never raises on bad input, it flags.
    """

    source_format: str
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    columns_aligned: bool = True
    cells_run_together: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.text is not None]

    @property
    def tables(self) -> list[Grid]:
        return [b.grid for b in self.blocks if b.grid is not None]
