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
with an explicit timeout until a link appears inside that element.

Such lists are paged in place (domain.md §2.7): 10–20 items, then 上一页/下一页 controls
whose click runs the site's script, which fetches that page and re-renders the list — no
URL changes, no link to a next page. So once the list is filled, :data:`WALK_PAGER_JS`
runs in the page: it reads the list's links, clicks the usable 下一页-like control (or
the next page number), waits until the list shows other links, and repeats until the
control is disabled or gone, bounded in pages and time so that a broken pager cannot
loop. The rendered DOM (after the walk: the last page) is only read, never archived as a
response: ``crawler/middlewares/browser_capture.py`` records what the browser fetched —
every page's API response included — and keeps the DOM as a ``resource`` record. The
links of every page go to :meth:`ReportsSpider.follow_listed`, so report detection is the
same as everywhere else.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import NamedTuple

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from crawler.links import page_links
from extract.titles import is_report_title

logger = logging.getLogger(__name__)

WAIT_TIMEOUT_MS = 15_000
# The pager walk's bounds: a broken pager stops at these, keeping the links read so far.
WALK_MAX_PAGES = 50
WALK_CHANGE_TIMEOUT_MS = 10_000  # one click to a re-rendered list
WALK_BUDGET_MS = 90_000  # the whole walk (scrapy-playwright bounds no page method itself)
WALK_POLL_MS = 100
WALK_SETTLE_MS = 1_000  # after the list changed, until the page stops changing (its pager redrawn)
WALK_PAGER_GRACE_MS = 400  # a pager drawn a moment after its list
# The walk's reasons to stop that mean the list may be incomplete.
INCOMPLETE_WALKS = frozenset({"max", "unchanged", "budget", "error"})

# Ours, run by ``page.evaluate(WALK_PAGER_JS, options)``; returns {links, pages, stop}.
# ``stop`` says why the walk ended: "last" (the next control is disabled, hidden or absent),
# "link" (the next control is a real link: a URL-paged list, not click-paged), "repeat"
# (a page already read came back), "unchanged" (a click changed nothing in time), "max",
# "budget" or "error".
WALK_PAGER_JS = r"""async (o) => {
  const WORDS = /^(下一页|下页|后页|下一頁|下頁|后一页|next|nextpage)$/i;
  const SIGNS = /^(>|›|＞|〉|→)$/;
  const DECOR = /[\[\]【】()（）<>＜＞《》«»‹›→]/g;
  const OFF = /(^|[-_])(disabled?|unable|forbid(den)?|noclick|nolink|inactive)([-_]|$)/i;
  const CLICKABLE = "a, button, span, li, em, b, i, font, td, div, input[type=button], input[type=submit]";
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const deadline = Date.now() + o.budgetMs;
  const boxes = () => o.selectors.flatMap((s) => Array.from(document.querySelectorAll(s)));
  const links = () => o.selectors.flatMap((s) => Array.from(document.querySelectorAll(s + " a[href]")))
    .map((a) => [a.getAttribute("href"), a.getAttribute("title") || a.textContent || ""]);
  const signature = () => JSON.stringify(links());
  const text = (el) => {
    const own = (el.tagName === "INPUT" ? el.value : el.textContent) || "";
    return own.replace(/\s+/g, "") || (el.getAttribute("title") || el.getAttribute("aria-label") || "").replace(/\s+/g, "");
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const off = (el) => [el, el.parentElement].some((n) => n && (n.disabled === true
      || n.getAttribute("aria-disabled") === "true" || Array.from(n.classList).some((c) => OFF.test(c))))
    || getComputedStyle(el).pointerEvents === "none" || el.closest("button:disabled") !== null;
  const navigates = (el) => {
    const a = el.closest("a[href]");
    const href = a ? a.getAttribute("href").trim() : "";
    return href !== "" && !href.startsWith("#") && !/^javascript:/i.test(href);
  };
  const candidates = (test) => {  // [after the list, nearest first; before it, nearest first]
    const lists = boxes();
    const found = Array.from(document.querySelectorAll(CLICKABLE))
      .filter((el) => !lists.some((box) => box.contains(el)) && test(el) && visible(el));
    const inner = found.filter((el) => !found.some((other) => other !== el && el.contains(other)));
    const first = lists[0];
    const after = first ? inner.filter((el) => first.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) : inner;
    return [after, inner.filter((el) => !after.includes(el)).reverse()];
  };
  const beside = (el, label) => {
    const scope = (el.parentElement && el.parentElement.parentElement) || el.parentElement;
    return scope !== null && Array.from(scope.querySelectorAll("*")).some((n) => n !== el && text(n) === label);
  };
  let side = -1;  // where the pager was found: 0 below the list, 1 above it
  const findNext = (page) => {
    // Pagers sit below their list: a control there wins over one above it (a carousel's),
    // and once one was used, the walk keeps to that side. The nearest next-like control
    // decides, a disabled one meaning the last page; with none, the number after the
    // current page (shown beside it) is the next page.
    const named = candidates((el) => WORDS.test(text(el).replace(DECOR, "")) || SIGNS.test(text(el)));
    const numbered = candidates((el) => text(el) === String(page + 1) && beside(el, String(page)));
    for (const at of side < 0 ? [0, 1] : [side]) {
      const next = named[at][0] || numbered[at].find((el) => !off(el));
      if (next) {
        side = at;
        return off(next) ? {stop: "last"} : navigates(next) ? {stop: "link"} : {el: next};
      }
    }
    return null;
  };
  const settle = async () => {
    const end = Math.min(Date.now() + o.settleMs, deadline);
    let size = document.body.innerHTML.length;
    while (Date.now() < end) {
      await sleep(o.pollMs);
      const now = document.body.innerHTML.length;
      if (now === size) { return; }
      size = now;
    }
  };
  const changed = async (before, seen) => {
    const end = Math.min(Date.now() + o.changeTimeoutMs, deadline);
    while (Date.now() < end) {
      await sleep(o.pollMs);
      const now = signature();
      if (now === before || now === "[]") { continue; }
      await settle();
      if (signature() !== now) { continue; }
      return seen.has(now) ? "repeat" : "";
    }
    return Date.now() >= deadline ? "budget" : "unchanged";
  };
  const out = [], keys = new Set(), seen = new Set();
  let pages = 0, stop = "max", error = "";
  try {
    for (;;) {
      const before = signature();
      seen.add(before);
      pages += 1;
      for (const [href, label] of links()) {
        const key = href + "\n" + label;
        if (!keys.has(key)) { keys.add(key); out.push([href, label]); }
      }
      let next = findNext(pages);
      const grace = Math.min(Date.now() + o.graceMs, deadline);
      while (next === null && Date.now() < grace) { await sleep(o.pollMs); next = findNext(pages); }
      if (next === null || next.stop) { stop = next === null ? "last" : next.stop; break; }
      if (pages >= o.maxPages) { break; }  // stop stays "max": there was a next page
      next.el.click();
      const why = await changed(before, seen);
      if (why) { stop = why; break; }
    }
  } catch (exc) {
    stop = "error";
    error = String((exc && exc.message) || exc);
  }
  return {links: out, pages: pages, stop: stop, error: error};
}"""
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


class PagerWalk(NamedTuple):
    """What :data:`WALK_PAGER_JS` returned: the links of every page read, and why it stopped."""

    links: list[tuple[str, str]]
    pages: int
    stop: str
    error: str


def pager_walk(selectors: list[str]) -> PageMethod:
    """The page method that reads the list elements *selectors* page after page."""
    return PageMethod("evaluate", WALK_PAGER_JS, {
        "selectors": selectors, "maxPages": WALK_MAX_PAGES, "changeTimeoutMs": WALK_CHANGE_TIMEOUT_MS,
        "budgetMs": WALK_BUDGET_MS, "pollMs": WALK_POLL_MS, "settleMs": WALK_SETTLE_MS,
        "graceMs": WALK_PAGER_GRACE_MS})


def walk_result(response: Response) -> PagerWalk | None:
    """The walk's answer, read from its page method; None when it did not run or answered nonsense."""
    for method in response.meta.get("playwright_page_methods") or ():
        if not (isinstance(method, PageMethod) and method.args[:1] == (WALK_PAGER_JS,)):
            continue
        result = getattr(method, "result", None)
        if not isinstance(result, dict) or not isinstance(result.get("links"), list):
            return None
        links = [(str(pair[0]), str(pair[1] or "")) for pair in result["links"]
                 if isinstance(pair, list) and len(pair) == 2 and pair[0]]
        return PagerWalk(links, int(result.get("pages") or 0), str(result.get("stop") or ""),
                         str(result.get("error") or ""))
    return None


def rendered_links(response: Response) -> list[tuple[str, str]]:
    """``(href, label)`` of the links in the rendered list elements, as the final DOM shows them."""
    entries = []
    for selector in response.meta.get("browser_list_selectors") or []:
        for anchor in response.css(f"{selector} a[href]"):
            label = anchor.attrib.get("title") or " ".join(anchor.css("::text").getall())
            entries.append((anchor.attrib["href"], label))
    return entries


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
                                                timeout=WAIT_TIMEOUT_MS),
                                     pager_walk(selectors)],
            browser_list_selectors=selectors,
            dont_conditional=True,  # a 304 to the browser would leave the list empty
        )
        yield scrapy.Request(response.url, callback=self.parse_rendered, errback=self.render_failed,
                             cb_kwargs={"spider": spider}, meta=meta, dont_filter=True)

    def parse_rendered(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        """The links the script put into the list elements on every page, handed to the spider as listed entries."""
        walk = walk_result(response)
        if walk is None:  # the walk did not run: what the final DOM lists
            entries = rendered_links(response)
        else:
            entries = walk.links
            stats = spider.crawler.stats
            stats.inc_value("nianbao/browser/list_pages", walk.pages)
            if walk.stop in INCOMPLETE_WALKS:
                stats.inc_value(f"nianbao/browser/walk_stopped/{walk.stop}")
                logger.warning("paging through the list of %s stopped after %d page(s) (%s%s)", response.url,
                               walk.pages, walk.stop, f": {walk.error}" if walk.error else "")
        spider.crawler.stats.inc_value("nianbao/browser/listed", len(entries))
        yield from spider.follow_listed(response, entries)

    def render_failed(self, failure) -> None:
        """A timeout or a browser crash: counted and logged; the column stays unlisted."""
        request = failure.request
        spider = request.cb_kwargs.get("spider")
        if spider is not None:
            spider.crawler.stats.inc_value("nianbao/browser/failed")
        logger.warning("browser rendering of %s failed: %s", request.url, failure.getErrorMessage())
