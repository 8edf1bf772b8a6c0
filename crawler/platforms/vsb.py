"""VSB / WebPlus (博达) list pages (domain.md §2.5).

Page 1 of a column is ``…/<slug>.htm``; pages k ≥ 2 are numbered backwards in a directory
named after the slug, ``…/<slug>/{T-k+1}.htm`` (the last page is ``1.htm``). The pager
(``div.pb_sys_common``) only links a window of pages, but it states the total as ``k/T``
(and in ``_simple_list_gotopage_fun(T, …)``), so every list page can be named from any one
of them. The names are only used when the pager's own links agree with them, so a site
that numbers its pages some other way falls back to ordinary link following.

A detail page may show its report as a PDF put into the body: the body then holds only an
inline call of VSB's shared script, ``showVsbpdfIframe("/__local/…/X.pdf", "100%", "800",
…)``, which builds the viewer iframe at load time. No ``<a>`` or ``<iframe>`` names the
file, so :meth:`VsbAdapter.embedded_documents` reads the path from the call's first
argument, for the spider to fetch as a document the page embeds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from lxml import etree
from scrapy.http import Response

from crawler.links import Link, clean_href, compiled_css, is_attachment_url, link_key

PAGER = "div.pb_sys_common"
PAGER_QUERY = compiled_css(PAGER)
PAGE_OF = re.compile(r"(\d+)\s*/\s*(\d+)")
GOTO_CALL = re.compile(r"_simple_list_gotopage_fun\(\s*(\d+)")
NUMBERED_PAGE = re.compile(r"^(?P<dir>.+)/(?P<n>\d+)\.(?P<ext>s?html?)$")
PAGE_FILE = re.compile(r"^(?P<stem>.+)\.(?P<ext>s?html?)$")
MAX_PAGES = 500  # a pager claiming more is a trap or a typo
PDF_IFRAME = "showVsbpdfIframe"
# The call's first argument, a string literal in either quote: showVsbpdfIframe( "…" , …
PDF_IFRAME_CALL = re.compile(PDF_IFRAME + r"""\s*\(\s*(["'])(.*?)\1""", re.S)
SCRIPT_TEXTS = etree.XPath("//script[not(@src)]/text()", smart_strings=False)


def total_pages(response: Response) -> int:
    """The page count the pager states (``k/T`` or the go-to script), 0 when it states none."""
    text = " ".join(response.css(f"{PAGER} ::text").getall())
    totals = [int(m.group(2)) for m in PAGE_OF.finditer(text) if 0 < int(m.group(1)) <= int(m.group(2))]
    goto = GOTO_CALL.search(response.text)
    if goto:
        totals.append(int(goto.group(1)))
    return min(max(totals, default=0), MAX_PAGES)


def list_page_urls(page_url: str, total: int) -> list[str]:
    """Every page of the column *page_url* is a page of, given *total* pages.

    ``…/zfxxgknb.htm`` or ``…/zfxxgknb/7.htm`` → ``…/zfxxgknb.htm``, ``…/zfxxgknb/{T-1}.htm`` …
    ``…/zfxxgknb/1.htm``. An URL that looks like neither gives ``[]``.
    """
    parts = urlsplit(page_url)
    numbered = NUMBERED_PAGE.match(parts.path)
    if numbered:
        directory, ext = numbered.group("dir"), numbered.group("ext")
        first = f"{directory}.{ext}"
    else:
        plain = PAGE_FILE.match(parts.path)
        if not plain:
            return []
        directory, ext = plain.group("stem"), plain.group("ext")
        first = parts.path
    paths = [first] + [f"{directory}/{n}.{ext}" for n in range(total - 1, 0, -1)]
    return [urlunsplit((parts.scheme, parts.netloc, p, "", "")) for p in paths]


def pdf_iframe_documents(response: Response) -> list[Link]:
    """The documents the page's inline scripts show with ``showVsbpdfIframe``, in page order.

    Only a literal first argument that names a document (``….pdf``, a download endpoint)
    counts, resolved against the page URL; an empty string, a variable or a template
    placeholder never becomes a request. JSON-escaped slashes (``\\/``) are undone.
    """
    if PDF_IFRAME not in response.text:  # most pages: one substring scan, no tree walk
        return []
    seen: set[str] = set()
    links: list[Link] = []
    for script in SCRIPT_TEXTS(response.selector.root):
        for call in PDF_IFRAME_CALL.finditer(script):
            url = clean_href(response.url, call.group(2).replace("\\/", "/"))
            if url is None or not is_attachment_url(url) or link_key(url) in seen:
                continue
            seen.add(link_key(url))
            links.append(Link(url=url, text="", title=""))
    return links


class VsbAdapter:
    name = "vsb"

    def matches(self, response: Response) -> bool:
        return bool(PAGER_QUERY(response.selector.root)) or bool(GOTO_CALL.search(response.text, 0, 200_000))

    def list_requests(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        total = total_pages(response)
        if total < 2:
            return
        urls = list_page_urls(response.url, total)
        linked = {urljoin(response.url, href) for href in response.css(f"{PAGER} a::attr(href)").getall()}
        if not linked & set(urls):
            spider.crawler.stats.inc_value("nianbao/platform/vsb_unrecognised_pager")
            return
        for url in urls:
            if url != response.url:
                yield response.follow(url, callback=spider.parse_page, meta=spider.child_meta(response, "column"))

    def embedded_documents(self, response: Response) -> list[Link]:
        """Documents a detail page embeds through VSB's scripts (asked on every detail page:
        such a page shows no pager, so :meth:`matches` cannot tell it is VSB's)."""
        return pdf_iframe_documents(response)
