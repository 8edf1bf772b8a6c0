"""Links on a page as (url, text, title) triples, cleaned the way government pages need.

Government CMS templates leak placeholders into hrefs (``el.url``, ``qzbFile``,
``{{item.url}}``, ``javascript:void(0)``) and share buttons (``share.sina``); those must never
become requests (domain.md §2.2). Besides its ``<a>`` links a page may *embed* a document
(the Fujian 全真版 viewer, VSB's pdf.js iframes): :func:`embedded_documents` reads those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urljoin, urlsplit
from weakref import WeakKeyDictionary

from lxml import etree
from parsel.csstranslator import HTMLTranslator
from w3lib.url import canonicalize_url

# A whole href that is a template expression (el.url, item.docpuburl, qzbFile) or holds
# template syntax ({{…}}, ${…}, <%…%>), or a JS value printed as text.
PLACEHOLDER = re.compile(
    r"^(?:(?:el|item|row|data|doc)\.\w+|qzbFile\w*|undefined|null)$|\{\{|\$\{|<%|%7B%7B", re.I
)
NON_HTTP = re.compile(r"^\s*(javascript|mailto|tel|data|about|#)", re.I)
ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ods|odt|rtf|ofd|zip|rar)$", re.I)
DOWNLOAD_ENDPOINT = re.compile(r"(download\.jsp|downfile\.jsp|download\.do|/attachment/|fileDownload)", re.I)
# A frame that shows a document named by its ``file=`` parameter: pdf.js (``…/web/viewer.html``,
# ``/pdfjs/…``) and the CMS viewers built on it.
VIEWER_PATH = re.compile(r"viewer|pdf", re.I)


@lru_cache(maxsize=8192)
def is_attachment_url(url: str) -> bool:
    """True for a document to download: a known file extension, or a download endpoint.

    Cached: the spider asks for every link of every page, and a site's chrome repeats them.
    """
    return bool(ATTACHMENT_EXT.search(urlsplit(url).path) or DOWNLOAD_ENDPOINT.search(url))


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    title: str

    @property
    def label(self) -> str:
        """The fullest human label: list pages truncate the text ("…年度报…") but keep the full
        title attribute, so the title wins unless the text is longer."""
        text = self.text.rstrip(".…").rstrip()
        return self.title if self.title and len(self.title) >= len(text) else self.text

    @property
    def is_attachment(self) -> bool:
        return is_attachment_url(self.url)


def clean_href(base_url: str, href: str | None) -> str | None:
    """Absolute, fragment-free URL for *href*, or None for placeholders and non-HTTP links."""
    if not href:
        return None
    href = href.strip()
    if not href or NON_HTTP.match(href) or PLACEHOLDER.search(href):
        return None
    url = urljoin(base_url, href)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url.split("#", 1)[0]


@lru_cache(maxsize=8192)
def link_key(url: str) -> str:
    """The canonical form two links must share to be one (cached: a site's chrome repeats them)."""
    return canonicalize_url(url)


ANCHORS = etree.XPath("descendant-or-self::a[@href]")
STRING_VALUE = etree.XPath("string()")  # an element's text: every descendant text node, joined
_CSS_TO_XPATH = HTMLTranslator().css_to_xpath


def compiled_css(query: str) -> etree.XPath:
    """*query* (CSS, parsel's ``::text``/``::attr()`` included) compiled once to the XPath
    parsel runs for it, to call on ``response.selector.root``.

    ``response.css()`` parses its XPath anew and wraps every result in a Selector on each
    call; for the few queries every page answers, that was most of their cost. Results are
    lxml elements or plain strings, in the same order as ``.getall()``'s.
    """
    return etree.XPath(_CSS_TO_XPATH(query), smart_strings=False)


def page_links(response) -> list[Link]:
    """Every usable ``<a href>`` of an HTML response, in page order, without duplicates.

    Read straight from the lxml tree parsel already built (the same XPath its ``a[href]``
    and ``::text`` become): a parsel selector per anchor and per text query doubled the
    cost of link extraction. Computed once per response: the spider's link walk, its
    attachment scan and the platform adapters all ask for the same page's links.
    """
    links = _LINKS.get(response)
    if links is None:
        links = _LINKS[response] = _read_links(response)
    return list(links)  # a copy: a caller's edit must not reach the next caller


# The links of each response still alive, keyed weakly: a parsed response is freed as
# before, and its entry with it.
_LINKS: WeakKeyDictionary = WeakKeyDictionary()


def _read_links(response) -> tuple[Link, ...]:
    seen: set[str] = set()
    links: list[Link] = []
    for anchor in ANCHORS(response.selector.root):
        url = clean_href(response.url, anchor.get("href"))
        if url is None:
            continue
        key = link_key(url)
        if key in seen:
            continue
        seen.add(key)
        text = " ".join(str(STRING_VALUE(anchor)).split())
        title = " ".join((anchor.get("title") or "").split())
        links.append(Link(url=url, text=text, title=title))
    return tuple(links)


EMBEDDING_TAGS = ("iframe", "embed", "frame", "object")


def embedded_url(base_url: str, src: str | None) -> str | None:
    """The document a frame's *src* shows, or None when it shows no document.

    A viewer frame (``/generic2/web/viewer.html?file=/…/P0….pdf``) shows its ``file``
    parameter, percent-decoded once and resolved against the viewer's own URL, as pdf.js
    does; any other frame shows a document only when its own URL is one (``<embed
    src="….pdf">``). Maps, videos and share widgets are not documents; a placeholder
    (``file=qzbFile``) is never one.
    """
    frame = clean_href(base_url, src)
    if frame is None:
        return None
    parts = urlsplit(frame)
    if VIEWER_PATH.search(parts.path) and not ATTACHMENT_EXT.search(parts.path):  # "/a.pdf?file=…" is a PDF
        files = [value for key, value in parse_qsl(parts.query) if key.lower() == "file"]
        if files:
            return clean_href(frame, files[0])
    return frame if is_attachment_url(frame) else None


def embedded_documents(response) -> list[Link]:
    """Every document an HTML response embeds (``<iframe>``, ``<embed>``, ``<frame>`` src or
    ``<object>`` data), in page order, without duplicates; labelled by the element's title."""
    seen: set[str] = set()
    links: list[Link] = []
    for element in response.selector.root.iter(*EMBEDDING_TAGS):  # lxml's own walk: no XPath per page
        url = embedded_url(response.url, element.get("data") if element.tag == "object" else element.get("src"))
        if url is None or link_key(url) in seen:
            continue
        seen.add(link_key(url))
        links.append(Link(url=url, text="", title=" ".join((element.get("title") or "").split())))
    return links
