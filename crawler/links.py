"""Links on a page as (url, text, title) triples, cleaned the way government pages need.

Government CMS templates leak placeholders into hrefs (``el.url``, ``qzbFile``,
``{{item.url}}``, ``javascript:void(0)``) and share buttons (``share.sina``); those must never
become requests (domain.md §2.2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from w3lib.url import canonicalize_url

# A whole href that is a template expression (el.url, item.docpuburl, qzbFile) or holds
# template syntax ({{…}}, ${…}, <%…%>), or a JS value printed as text.
PLACEHOLDER = re.compile(
    r"^(?:(?:el|item|row|data|doc)\.\w+|qzbFile\w*|undefined|null)$|\{\{|\$\{|<%|%7B%7B", re.I
)
NON_HTTP = re.compile(r"^\s*(javascript|mailto|tel|data|about|#)", re.I)
ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ods|odt|rtf|ofd|zip|rar)$", re.I)
DOWNLOAD_ENDPOINT = re.compile(r"(download\.jsp|downfile\.jsp|download\.do|/attachment/|fileDownload)", re.I)


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
        path = urlsplit(self.url).path
        return bool(ATTACHMENT_EXT.search(path) or DOWNLOAD_ENDPOINT.search(self.url))


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


def page_links(response) -> list[Link]:
    """Every usable ``<a href>`` of an HTML response, in page order, without duplicates.

    Read straight from the lxml tree parsel already built (the same XPath its ``a[href]``
    and ``::text`` become): a parsel selector per anchor and per text query doubled the
    cost of link extraction.
    """
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
    return links
