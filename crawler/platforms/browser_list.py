"""Lists that exist only in the browser: render the column page with Chromium, read its links.

The last resort (domain.md §2.8): every other adapter reads list data over plain HTTP,
which is faster, lighter and archives exactly what the server sent. Some portals,
though, fill an empty list element from a script whose data no crawler can reasonably
request: an endpoint guarded by a token the script computes, a payload it decodes, URLs
it assembles. This adapter recognises such a column page by what it shows —

* no other adapter recognises the page, and none of its links is already a report;
* an element that could hold a list (``ul``, ``ol``, ``tbody``, ``dl``, ``table``, ``div``)
  is empty, and an inline script names it (``getElementById("nbList")``, ``"#nbList"``) —

and asks for the page again through scrapy-playwright (``crawler/browser.py``), waiting
with an explicit timeout until a link appears inside that element. The rendered DOM is
only read, never archived as a response: ``crawler/middlewares/browser_capture.py`` records
what the browser fetched and keeps the DOM as a ``resource`` record. The links found in
the filled elements go to :meth:`ReportsSpider.follow_listed`, so report detection is the
same as everywhere else.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from crawler.links import page_links
from extract.titles import is_report_title

logger = logging.getLogger(__name__)

WAIT_TIMEOUT_MS = 15_000
CONTAINER_TAGS = ("ul", "ol", "tbody", "dl", "table", "div")
_CONTAINERS = "//body//*[{}][not(*)][normalize-space(.)='']".format(
    " or ".join(f"self::{tag}" for tag in CONTAINER_TAGS))
_NAME = re.compile(r"^[A-Za-z][\w-]*$")
# Compiled once: every column page is asked (``response.xpath`` parses its query per call).
_INLINE_SCRIPTS = etree.XPath("//script[not(@src)]/text()", smart_strings=False)
_EMPTY_CONTAINERS = etree.XPath(_CONTAINERS)
_TAG_NAME = etree.XPath("name()")


def _named_in(script: str, name: str, prefix: str) -> bool:
    """Whether *script* quotes *name* as an id or class (``"nbList"``, ``'#nbList'``, ``".list"``)."""
    pattern = "[\"']" + re.escape(prefix) + "?" + re.escape(name) + "[\"']"
    return bool(re.search(pattern, script))


def script_filled_containers(response: Response) -> list[str]:
    """CSS selectors of the empty list elements an inline script names, in page order."""
    root = response.selector.root
    script = "\n".join(_INLINE_SCRIPTS(root))
    if not script.strip():
        return []
    selectors: list[str] = []
    for element in _EMPTY_CONTAINERS(root):
        ident = element.get("id", "")
        if ident and _NAME.match(ident) and _named_in(script, ident, "#"):
            selectors.append(f"#{ident}")
            continue
        tag = _TAG_NAME(element)
        for cls in element.get("class", "").split():
            if _NAME.match(cls) and _named_in(script, cls, "."):
                selectors.append(f"{tag}.{cls}")
                break
    return list(dict.fromkeys(selectors))


def _others_match(response: Response) -> bool:
    from crawler.platforms import ADAPTERS  # the registry imports this module

    return any(adapter.matches(response) for adapter in ADAPTERS if not isinstance(adapter, BrowserListAdapter))


class BrowserListAdapter:
    name = "browser_list"
    reads_navigation = False

    def matches(self, response: Response) -> bool:
        if response.meta.get("playwright") or "playwright" in response.flags:
            return False  # already rendered: read by parse_rendered, never rendered twice
        if not script_filled_containers(response):
            return False
        if any(is_report_title(link.label) for link in page_links(response)):
            return False  # the list is in the HTML already
        return not _others_match(response)

    def list_requests(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        selectors = script_filled_containers(response)
        if not selectors:
            return
        spider.crawler.stats.inc_value("nianbao/browser/pages")
        filled = ", ".join(f"{selector} a[href]" for selector in selectors)
        meta = spider.child_meta(
            response, "column",
            playwright=True,
            playwright_page_methods=[PageMethod("wait_for_selector", filled, state="attached",
                                                timeout=WAIT_TIMEOUT_MS)],
            browser_list_selectors=selectors,
            dont_conditional=True,  # a 304 to the browser would leave the list empty
        )
        yield scrapy.Request(response.url, callback=self.parse_rendered, errback=self.render_failed,
                             cb_kwargs={"spider": spider}, meta=meta, dont_filter=True)

    def parse_rendered(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        """The links the script put into the list elements, handed to the spider as listed entries."""
        entries = []
        for selector in response.meta.get("browser_list_selectors") or []:
            for anchor in response.css(f"{selector} a[href]"):
                label = anchor.attrib.get("title") or " ".join(anchor.css("::text").getall())
                entries.append((anchor.attrib["href"], label))
        spider.crawler.stats.inc_value("nianbao/browser/listed", len(entries))
        yield from spider.follow_listed(response, entries)

    def render_failed(self, failure) -> None:
        """A timeout or a browser crash: counted and logged; the column stays unlisted."""
        request = failure.request
        spider = request.cb_kwargs.get("spider")
        if spider is not None:
            spider.crawler.stats.inc_value("nianbao/browser/failed")
        logger.warning("browser rendering of %s failed: %s", request.url, failure.getErrorMessage())
