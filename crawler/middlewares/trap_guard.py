"""Keep crawler traps finite: session ids, endless calendars, runaway sites.

Government CMSs leak traps into their pages: ``;jsessionid=…`` or ``?sid=…`` appended to
every link (each page a "new" URL), calendar widgets whose "next month" never ends, list
pages that accept any page number. Scrapy's DEPTH_LIMIT bounds chains; this bounds the
rest (process_request, early in the chain):

- session ids (``jsessionid``, ``phpsessid``, ``sid``, ``sessionid``, ``aspsessionid…``)
  are stripped; the cleaned request is re-scheduled, so the duplicate filter drops it
  when the page was already seen;
- ``NIANBAO_TRAP_SHAPE_BUDGET`` (default 100): at most that many requests per site and
  URL *shape* (the path with digit runs replaced by ``#``, plus the sorted query names) —
  ``calendar.html?ym=2024-05`` and ``?ym=2031-11`` share a shape;
- ``NIANBAO_SITE_PAGE_BUDGET`` (default 20 000): at most that many requests per site.

Past a budget the request is refused with a recorded reason (``trap`` / ``page_budget``).
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler

from crawler.middlewares.refusals import RefusalLog
from crawler.middlewares.site_scope import site_of

SESSION_PARAMS = re.compile(r"^(jsessionid|phpsessid|sid|sessionid|session_id|aspsessionid\w*|cfid|cftoken)$", re.I)
# ``sid`` is also a plain *site* id on some platforms (gkmlpt's list API needs ``sid=755034``):
# it is a session only when its value looks like a token.
AMBIGUOUS_PARAMS = re.compile(r"^sid$", re.I)
SESSION_TOKEN = re.compile(r"^[\w.-]{16,}$")
PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sessionid)=[^/?#]*", re.I)
DIGITS = re.compile(r"\d+")


def is_session_param(name: str, value: str) -> bool:
    """True for a query parameter that carries a session id (``sid`` only with a token value)."""
    if not SESSION_PARAMS.match(name):
        return False
    return not AMBIGUOUS_PARAMS.match(name) or bool(SESSION_TOKEN.match(value))


def strip_session_ids(url: str) -> str:
    """*url* without session-id path parameters and query parameters."""
    parts = urlsplit(url)
    path = PATH_SESSION.sub("", parts.path)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not is_session_param(k, v)]
    query = urlencode(kept) if len(kept) != len(pairs) else parts.query
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def url_shape(url: str) -> str:
    """The path with digit runs as ``#`` plus the sorted query parameter names."""
    parts = urlsplit(url)
    names = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return DIGITS.sub("#", parts.path) + ("?" + "&".join(names) if names else "")


class TrapGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.shape_budget = crawler.settings.getint("NIANBAO_TRAP_SHAPE_BUDGET", 100)
        self.site_budget = crawler.settings.getint("NIANBAO_SITE_PAGE_BUDGET", 20_000)
        self.per_shape: Counter[tuple[str, str]] = Counter()
        self.per_site: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> Request | None:
        if request.meta.get("trap_checked") == request.url:
            return None  # a retry or a re-scheduled request already counted
        cleaned = strip_session_ids(request.url)
        if cleaned != request.url:
            if self.crawler.stats:
                self.crawler.stats.inc_value("nianbao/trap/session_id_stripped")
            return request.replace(url=cleaned)
        site = request.meta.get("site") or site_of(request.url)
        shape = (site, url_shape(request.url))
        if self.per_site[site] >= self.site_budget:
            raise RefusalLog.of(self.crawler).refuse(request.url, "page_budget",
                                                     f"site already had {self.site_budget} requests")
        if self.per_shape[shape] >= self.shape_budget:
            raise RefusalLog.of(self.crawler).refuse(request.url, "trap",
                                                     f"{self.shape_budget} requests of shape {shape[1]}")
        self.per_site[site] += 1
        self.per_shape[shape] += 1
        request.meta["trap_checked"] = request.url
        return None


class RedirectLoopMiddleware:
    """Refuse a redirect back to a URL already in the chain (or past REDIRECT_MAX_TIMES), recorded.

    Runs just outside RedirectMiddleware (605 > 600), which would otherwise follow the loop
    until its limit, or let the duplicate filter drop it silently.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_times = crawler.settings.getint("REDIRECT_MAX_TIMES", 20)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response, spider: Spider | None = None):
        location = response.headers.get(b"Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            return response
        target = response.urljoin(location.decode("latin-1")).split("#", 1)[0]
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise RefusalLog.of(self.crawler).refuse(chain[0], "redirect_loop", " -> ".join([*chain, target]))
        if len(chain) > self.max_times:
            raise RefusalLog.of(self.crawler).refuse(chain[0], "redirect_loop", f"more than {self.max_times} redirects")
        return response
