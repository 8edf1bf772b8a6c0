"""Reader for reports published inline as HTML (the most common form, domain.md §4.1).

Decodes (``extract/decode.py``), parses with lxml (which recovers from broken markup),
finds the article container the CMS puts the report in (``div.TRS_Editor``,
``#vsb_content``, ``#zoom`` …; else ``<body>``) so that navigation, footers and "related
articles" do not leak into the report, and reads it in order: paragraphs (split at
``<br>``) and tables (``extract/readers/html_text.py``, where the reading cost lies).

``Document.meta`` gets the page's ``<meta name=…>`` values (ArticleTitle, PubDate,
ColumnName … as published), ``title`` (the ``<title>`` text), ``heading`` (the article
heading outside the container) and ``outside_text`` (the page text around the
container, where CMSs print 发布时间), for ``extract/metadata.py``.
"""

from __future__ import annotations

import re

from cssselect import HTMLTranslator
from lxml import etree
from lxml.cssselect import CSSSelector

from extract.decode import decode_text
from extract.document import Document
from extract.labels import clean_text
from extract.readers.html_text import SKIP_TAGS, read_container

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
# Plain lxml elements, not lxml.html's: its element classes are chosen by a Python callback
# for every element touched, which cost more than the rest of the walk. Selectors and
# XPaths are compiled once (``HtmlElement.cssselect`` translates the CSS on every call).
_PARSER = etree.HTMLParser()
_CONTAINERS = [CSSSelector(s, translator="html") for s in CONTAINER_SELECTORS]
_HEADINGS = [CSSSelector(s, translator="html") for s in HEADING_SELECTORS]
# The same selectors as tests of one element: the heading lies outside the container, and
# testing the few elements there is far cheaper than searching the whole page with each.
_HEADING_TESTS = [
    etree.XPath(f"boolean({HTMLTranslator().css_to_xpath(s, prefix='self::')})") for s in HEADING_SELECTORS
]
_TEXT_CONTENT = etree.XPath("string()", smart_strings=False)
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)
# Markup that says whether the page is whole, found in one scan. Script bodies may carry
# escaped markup (gkmlpt's ``window._CONFIG.DETAIL`` holds the content with
# ``<\/table>``); they say nothing about whether the page itself is whole, so a script
# element is matched whole and only its opening tag is looked into.
_COMPLETENESS_MARKUP = re.compile(
    r"<(?:(?P<script>script\b[^>]*>).*?</script\s*>|(?a:(?P<close>/?)(?P<name>table|html)))",
    re.IGNORECASE | re.DOTALL,
)
_TAG_START = re.compile(r"<(/?)(table|html)", re.IGNORECASE | re.ASCII)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
MAX_OUTSIDE_TEXT = 4000
BINARY_CONTROL_RATIO = 0.05


def read(data: bytes, content_type: str | None = None) -> Document:
    """Read an HTML page into a :class:`Document`; flags instead of raising."""
    doc = Document(source_format="html")
    if not data or data.isspace():  # what ``not data.strip()`` says, without copying the page
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
    outside = ""
    if container is None:
        heading = _first_text(root)
    else:
        outside, elements = _outside(root, container)
        heading = _first_heading(elements)
    if heading:
        doc.meta["heading"] = heading
    if outside:
        doc.meta["outside_text"] = outside
    doc.blocks = read_container(container if container is not None else root)
    return doc


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / max(len(head), 1) > BINARY_CONTROL_RATIO


def _looks_truncated(text: str) -> bool:
    """More ``<table`` than ``</table``, or an ``<html`` never closed (script bodies ignored)."""
    counts = {"table": 0, "/table": 0, "html": 0, "/html": 0}
    for match in _COMPLETENESS_MARKUP.finditer(text):
        if match.group("script"):
            for close, name in _TAG_START.findall(match.group("script")):
                counts[close + name.lower()] += 1
        else:
            counts[match.group("close") + match.group("name").lower()] += 1
    return counts["table"] > counts["/table"] or (counts["html"] > 0 and not counts["/html"])


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


def _find_container(root: etree._Element) -> etree._Element | None:
    for selector in _CONTAINERS:
        for element in selector(root):
            if next(element.iterdescendants("table"), None) is not None or len(_TEXT_CONTENT(element).strip()) > 50:
                return element
    return None


def _heading_text(element: etree._Element) -> str:
    """The element's text if it is heading-sized (a title, not a whole article or a word)."""
    text = clean_text(_TEXT_CONTENT(element))
    return text if 4 <= len(text) <= 120 else ""


def _first_text(root: etree._Element) -> str:
    """The first heading-sized text of the heading selectors, in their order, in the page."""
    for selector in _HEADINGS:
        for element in selector(root):
            text = _heading_text(element)
            if text:
                return text
    return ""


def _first_heading(elements: list[etree._Element]) -> str:
    """:func:`_first_text` over the given elements only (those outside the container)."""
    for test in _HEADING_TESTS:
        for element in elements:
            if test(element):
                text = _heading_text(element)
                if text:
                    return text
    return ""


def _outside(root: etree._Element, container: etree._Element) -> tuple[str, list[etree._Element]]:
    """Text and tails of every element outside the container, and those elements, in document order.

    Only the container's ancestors are visited from Python; every other subtree beside the
    path to it is listed by lxml (``iter``) in one call. The container's subtree and its own
    tail are left out. Skipped tags lose their own text and tail, not their children's.
    """
    elements: list[etree._Element] = []
    if container is not root:
        path = set(container.iterancestors())
        _list_outside(root, container, path, elements)
    pieces: list[str] = []
    for element in elements:
        if element.tag not in SKIP_TAGS:
            for piece in (element.text, element.tail):
                if piece and piece.strip():
                    pieces.append(piece.strip())
    return clean_text(" ".join(pieces))[:MAX_OUTSIDE_TEXT], elements


def _list_outside(element: etree._Element, container: etree._Element, path: set[etree._Element],
                  out: list[etree._Element]) -> None:
    """Append *element* (an ancestor of the container) and, in document order, every element below it but
    the container's subtree."""
    out.append(element)
    for child in element.iterchildren(etree.Element):
        if child is container:
            continue
        if child in path:
            _list_outside(child, container, path, out)
        else:
            out.extend(child.iter(etree.Element))
