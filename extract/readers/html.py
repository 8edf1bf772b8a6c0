"""Reader for reports published inline as HTML (the most common form, domain.md §4.1).

Decodes (``extract/decode.py``), parses with lxml (which recovers from broken markup),
finds the article container the CMS puts the report in (``div.TRS_Editor``,
``#vsb_content``, ``#zoom`` …; else ``<body>``) so that navigation, footers and "related
articles" do not leak into the report, and walks it in order: paragraphs (split at
``<br>``) and tables (via ``extract/grid.py``). A table that holds other tables is page
layout, not data, and is walked like a container.

``Document.meta`` gets the page's ``<meta name=…>`` values (ArticleTitle, PubDate,
ColumnName … as published), ``title`` (the ``<title>`` text), ``heading`` (the article
heading outside the container) and ``outside_text`` (the page text around the
container, where CMSs print 发布时间), for ``extract/metadata.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector

from extract.decode import decode_text
from extract.document import Block, Document
from extract.grid import SourceCell, table_block
from extract.labels import clean_text

CONTAINER_SELECTORS = [
    "div.TRS_Editor",
    ".trs_editor_view",
    "#vsb_content",
    ".v_news_content",
    "#zoom",
    "#Zoom",
    ".zoom",
    "#UCAP-CONTENT",
    ".news_cont_d_wrap",
    ".article-content",
    ".article_con",
    ".article",
    "article",
    "#content",
    ".content",
]
HEADING_SELECTORS = ["h1", ".article-title", ".title", "h2"]
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
    "blockquote", "pre", "center", "dl", "dt", "dd", "header", "footer", "form", "address",
    "hr", "tr", "td", "th", "caption", "tbody", "thead", "tfoot", "main", "nav", "aside",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "select"}
# Plain lxml elements, not lxml.html's: its element classes are chosen by a Python callback
# for every element touched, which cost more than the rest of the walk. Selectors and
# XPaths are compiled once (``HtmlElement.cssselect`` translates the CSS on every call).
_PARSER = etree.HTMLParser()
_CONTAINERS = [CSSSelector(s, translator="html") for s in CONTAINER_SELECTORS]
_HEADINGS = [CSSSelector(s, translator="html") for s in HEADING_SELECTORS]
_TEXT_CONTENT = etree.XPath("string()", smart_strings=False)
_ROWS = etree.XPath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
_CELLS = etree.XPath("./td|./th")
_SPAN = re.compile(r"\s*(\d+)")
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)
_TABLE_OPEN = re.compile(r"<table", re.IGNORECASE | re.ASCII)
_TABLE_CLOSE = re.compile(r"</table", re.IGNORECASE | re.ASCII)
_HTML_OPEN = re.compile(r"<html", re.IGNORECASE | re.ASCII)
_HTML_CLOSE = re.compile(r"</html", re.IGNORECASE | re.ASCII)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
# Script bodies may carry escaped markup (gkmlpt's ``window._CONFIG.DETAIL`` holds the
# content with ``<\/table>``); they say nothing about whether the page itself is whole.
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script\s*>)", re.IGNORECASE | re.DOTALL)
MAX_OUTSIDE_TEXT = 4000
BINARY_CONTROL_RATIO = 0.05


def read(data: bytes, content_type: str | None = None) -> Document:
    """Read an HTML page into a :class:`Document`; flags instead of raising."""
    doc = Document(source_format="html")
    if not data.strip():
        doc.flags.append("unreadable: empty document")
        return doc
    if _looks_binary(data):
        doc.flags.append("unreadable: binary content, not HTML")
        return doc
    meta_charset = _META_CHARSET.search(data[:8192])
    text, flags = decode_text(data, content_type, meta_charset.group(1).decode("ascii") if meta_charset else None)
    doc.flags.extend(flags)
    text = _XML_DECL.sub("", text)
    try:
        root = etree.fromstring(text, _PARSER)
        if root is None:
            raise etree.ParserError("Document is empty")
    except (etree.ParserError, ValueError) as exc:
        doc.flags.append(f"unreadable: html parse failed: {exc}")
        return doc
    if _looks_truncated(text):
        doc.flags.append("truncated")
    doc.meta.update(_page_meta(root))
    container = _find_container(root)
    heading = _first_text(root, _HEADINGS, outside=container)
    if heading:
        doc.meta["heading"] = heading
    if container is not None:
        outside = _outside_text(root, container)
        if outside:
            doc.meta["outside_text"] = outside
    walker = _Walker()
    walker.walk(container if container is not None else root)
    walker.flush()
    doc.blocks = walker.blocks
    return doc


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / max(len(head), 1) > BINARY_CONTROL_RATIO


def _looks_truncated(text: str) -> bool:
    markup = _SCRIPT_BODY.sub(r"\1\2", text)
    if len(_TABLE_OPEN.findall(markup)) > len(_TABLE_CLOSE.findall(markup)):
        return True
    return bool(_HTML_OPEN.search(markup)) and not _HTML_CLOSE.search(markup)


def _page_meta(root: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in root.iter("meta"):
        name = element.get("name") or element.get("property")
        content = element.get("content")
        if name and content and content.strip():
            meta.setdefault(name.strip(), clean_text(content))
    title = root.find(".//title")
    if title is not None and _TEXT_CONTENT(title).strip():
        meta["title"] = clean_text(_TEXT_CONTENT(title))
    return meta


def _is_hidden(element: etree._Element) -> bool:
    style = element.get("style")
    return bool(style) and _hidden_style(style)


@lru_cache(maxsize=1024)
def _hidden_style(style: str) -> bool:
    """Word-pasted pages give every cell and span a long ``style``; a page repeats a few dozen."""
    return bool(_HIDDEN.search(style))


def _find_container(root: etree._Element) -> etree._Element | None:
    for selector in _CONTAINERS:
        for element in selector(root):
            if element.find(".//table") is not None or len(_TEXT_CONTENT(element).strip()) > 50:
                return element
    return None


def _first_text(root: etree._Element, selectors: list[CSSSelector], outside: etree._Element | None) -> str:
    for selector in selectors:
        for element in selector(root):
            text = clean_text(_TEXT_CONTENT(element))
            if 4 <= len(text) <= 120 and not _within(element, outside):
                return text
    return ""


def _within(element: etree._Element, container: etree._Element | None) -> bool:
    if container is None:
        return False
    return element is container or any(ancestor is container for ancestor in element.iterancestors())


def _outside_text(root: etree._Element, container: etree._Element) -> str:
    """Text and tails of every element outside the container, in document order.

    The container's subtree is pruned (not tested element by element), and so is its
    own tail. Skipped tags lose their own text and tail, not their children's.
    """
    pieces: list[str] = []
    stack = [root]
    while stack:
        element = stack.pop()
        if element is container:
            continue
        if isinstance(element.tag, str) and element.tag not in _SKIP_TAGS:
            for piece in (element.text, element.tail):
                if piece and piece.strip():
                    pieces.append(piece.strip())
        stack.extend(reversed(element))
    return clean_text(" ".join(pieces))[:MAX_OUTSIDE_TEXT]


def cell_text(cell: etree._Element) -> str:
    """All text of a cell, with ``<br>`` and block boundaries as spaces."""
    if not len(cell):  # bare text (hand-written tables, CMS editors): nothing to walk
        hidden = not isinstance(cell.tag, str) or cell.tag in _SKIP_TAGS or _is_hidden(cell)
        return "" if hidden else clean_text(cell.text or "")
    pieces: list[str] = []

    def visit(element: etree._Element) -> None:
        tag = element.tag
        if isinstance(tag, str) and tag not in _SKIP_TAGS and not _is_hidden(element):
            block = tag in _BLOCK_TAGS
            if block or tag == "br":
                pieces.append(" ")
            if element.text:
                pieces.append(element.text)
            for child in element:
                visit(child)
                if child.tail:
                    pieces.append(child.tail)
            if block:
                pieces.append(" ")

    visit(cell)
    return clean_text("".join(pieces))


def _table_rows(table: etree._Element) -> list[list[SourceCell]]:
    rows: list[list[SourceCell]] = []
    for tr in _ROWS(table):
        cells = [
            SourceCell(cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan")))
            for td in _CELLS(tr)
            if not _is_hidden(td)
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
    """Walks the container in document order, collecting paragraphs and tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buffer: list[str] = []

    def flush(self) -> None:
        text = clean_text("".join(self._buffer))
        if text:
            self.blocks.append(Block(text=text))
        self._buffer = []

    def walk(self, element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or tag in _SKIP_TAGS or _is_hidden(element):
            return
        if tag == "table" and element.find(".//table") is None:
            self.flush()
            rows = _table_rows(element)
            if rows:
                self.blocks.append(table_block(rows))
            return
        if tag == "br":
            self.flush()
            return
        is_block = tag in _BLOCK_TAGS or tag == "table"
        if is_block:
            self.flush()
        if element.text:
            self._buffer.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self._buffer.append(child.tail)
        if is_block:
            self.flush()
