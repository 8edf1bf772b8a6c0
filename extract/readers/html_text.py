"""The text of an HTML article container: paragraphs (split at blocks and ``<br>``) and tables.

Split from ``extract/readers/html.py`` (which finds the container and the page's metadata)
because this is where the HTML reader spends its time. A Word-pasted page (domain.md §4.1:
~200 KB, the commonest inline form) wraps every run of text in ``<span style=…>`` and every
cell's text in ``<p class=MsoNormal>``: a page is ~1,000 elements, and visiting each of them
from Python was most of the reader's cost. Two things keep that work inside lxml's C code
while reading exactly the same text:

- An element none of whose descendants changes how text is read — no block, ``<br>``,
  table, skipped tag (script, style …) or hidden element below it — reads as its text
  content (libxml2's, as XPath ``string()``): its text nodes in document order, which is what visiting it collects
  (comments and processing instructions lose their own text and keep their tails either
  way).
- Hidden elements (``style="display:none"``) are found once per container: its distinct
  ``style`` values (one XPath) are tested, and only if one hides are the elements
  carrying it looked up, instead of testing every element's (long, Word-generated)
  ``style`` from Python.

Both are worked out once per container: the elements below which a hidden or structural
element lies are the ancestors of those elements, collected in one pass; every other
element is read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain

from lxml import etree

from extract.document import Block
from extract.grid import SourceCell, table_block
from extract.labels import clean_text

BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
    "blockquote", "pre", "center", "dl", "dt", "dd", "header", "footer", "form", "address",
    "hr", "tr", "td", "th", "caption", "tbody", "thead", "tfoot", "main", "nav", "aside",
})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "object", "select"})
# Tags below which an element's text is not simply its string(): they add breaks or drop text.
_STRUCTURAL = tuple(sorted(BLOCK_TAGS | SKIP_TAGS | {"br", "table"}))
_ROWS = etree.XPath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
_CELLS = etree.XPath("./td|./th")
# Every style in the container, as strings (a Word page repeats a few dozen long ones).
_STYLES = etree.XPath("descendant-or-self::*/@style", smart_strings=False)
_STYLED = etree.XPath("descendant-or-self::*[@style]")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_SPAN = re.compile(r"\s*(\d+)")


@dataclass
class Marks:
    """Per container: its hidden elements, and every element with a hidden or structural one below it."""

    hidden: set[etree._Element] = field(default_factory=set)
    above: set[etree._Element] = field(default_factory=set)

    @classmethod
    def find(cls, container: etree._Element) -> Marks:
        """Distinct styles tested once; one tag-filtered iteration in C; each found element's ancestors once."""
        marks = cls()
        hiding = {style for style in set(_STYLES(container)) if _HIDDEN_STYLE.search(style)}
        if hiding:  # rare: only then are the styled elements themselves looked at
            marks.hidden = {element for element in _STYLED(container) if element.get("style") in hiding}
        above = marks.above
        for element in chain(marks.hidden, container.iter(*_STRUCTURAL)):
            parent = element.getparent()
            while parent is not None and parent not in above:  # an ancestor seen has all of its own
                above.add(parent)
                parent = parent.getparent()
        return marks

    def plain(self, element: etree._Element) -> bool:
        """Whether the element reads as its text content (nothing below it is read specially)."""
        return element not in self.above


def _text_content(element: etree._Element) -> str:
    """The element's text nodes joined (libxml2's node content, as XPath ``string()``), tail excluded.

    The text serialiser is the cheapest way lxml offers to this per call: an XPath
    evaluation costs about twice as much in context set-up.
    """
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def read_container(container: etree._Element) -> list[Block]:
    """The container's paragraphs and (innermost) tables as blocks, in document order."""
    walker = _Walker(Marks.find(container))
    walker.walk(container)
    walker.flush()
    return walker.blocks


def cell_text(cell: etree._Element, marks: Marks) -> str:
    """All text of a cell, with ``<br>`` and block boundaries as spaces."""
    if not len(cell):  # bare text (hand-written tables, CMS editors): nothing to walk
        skipped = not isinstance(cell.tag, str) or cell.tag in SKIP_TAGS or cell in marks.hidden
        return "" if skipped else clean_text(cell.text or "")
    if cell in marks.hidden:
        return ""
    inner = _only_content(cell, marks)
    if inner not in marks.above:
        return clean_text(_text_content(inner))
    pieces: list[str] = []

    def visit(element: etree._Element) -> None:
        tag = element.tag
        if isinstance(tag, str) and tag not in SKIP_TAGS and element not in marks.hidden:
            block = tag in BLOCK_TAGS
            if block or tag == "br":
                pieces.append(" ")
            if element not in marks.above:
                pieces.append(_text_content(element))
            else:
                if element.text:
                    pieces.append(element.text)
                for child in element:
                    visit(child)
                    if child.tail:
                        pieces.append(child.tail)
            if block:
                pieces.append(" ")

    visit(inner)
    return clean_text("".join(pieces))


def _only_content(element: etree._Element, marks: Marks) -> etree._Element:
    """The innermost element that holds all of ``element``'s text (a Word cell's ``<p>``).

    While an element's only content is one readable child, with nothing but white space
    around it, the breaks the two add fall at the ends of the text, where
    :func:`clean_text` drops them: the child's reading is the element's.
    """
    while len(element) == 1 and _blank(element.text):
        child = element[0]
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS or child in marks.hidden or not _blank(child.tail):
            break
        element = child
    return element


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


def _table_rows(table: etree._Element, marks: Marks) -> list[list[SourceCell]]:
    rows: list[list[SourceCell]] = []
    for tr in _ROWS(table):
        cells = [
            SourceCell(cell_text(td, marks), _span(td.get("rowspan")), _span(td.get("colspan")))
            for td in _CELLS(tr)
            if td not in marks.hidden
        ]
        if cells:
            rows.append(cells)
    return rows


def _span(value: str | None) -> int:
    if not value:
        return 1
    match = _SPAN.match(value)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else 1


class _Walker:
    """Walks the container in document order, collecting paragraphs and tables.

    A table that holds other tables is page layout, not data, and is walked like a
    container.
    """

    def __init__(self, marks: Marks) -> None:
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._marks = marks

    def flush(self) -> None:
        text = clean_text("".join(self._buffer))
        if text:
            self.blocks.append(Block(text=text))
        self._buffer = []

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or tag in SKIP_TAGS or element in self._marks.hidden:
            return
        if tag == "table" and next(element.iterdescendants("table"), None) is None:
            self.flush()
            rows = _table_rows(element, self._marks)
            if rows:
                self.blocks.append(table_block(rows))
            return
        if tag == "br":
            self.flush()
            return
        is_block = tag in BLOCK_TAGS or tag == "table"
        if is_block:
            self.flush()
        if self._marks.plain(element):
            self._buffer.append(_text_content(element))
        else:
            if element.text:
                self._buffer.append(element.text)
            for child in element:
                self.walk(child)
                if child.tail:
                    self._buffer.append(child.tail)
        if is_block:
            self.flush()
