"""The ``reports`` spider: from a portal's home page to every 年报 and its attachments.

The walk has four phases, carried in ``request.meta["phase"]``:

``home``/``nav``
    follow links labelled 政务公开 / 政府信息公开 … until a link names the 年报 column
    (政府信息公开年报, 政府信息公开年度报告 …) — the column is found, not configured;
``column``
    inside the column: follow sub-columns (year → category) and list pages under the
    column's path, plus the list pages or list data a platform adapter reads from the page
    (pager scripts, XML islands, JSON APIs); links whose label is a report title go to
    ``detail``; look-alike items (notices, 工作要点) are left alone;
``detail``
    a page whose title is a report title is a report document; its attachments (PDF, DOC,
    XLS, WPS, extension-less download endpoints) are fetched as ``attachment``, and the
    documents it embeds (a 全真版 in a pdf.js viewer iframe) as ``embedded``: the same
    report in another form, which ingest archives without extracting when the page's own
    text holds the report (:mod:`nianbao.ingest`).

Items are small dicts naming a capture; the ingest pipeline reads the archived bytes back
from the WARC and extracts the record there, so a crawl and ``nianbao reextract`` take the
same path. Scope: every request carries its seed's site and never leaves it.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from crawler.links import ANCHORS, Link, compiled_css, embedded_documents, link_key, page_links
from crawler.middlewares.site_scope import site_of
from crawler.page_roles import BODY_CONTAINERS, is_column_label, is_detail_url, is_nav_label
from crawler.platforms import ADAPTERS, adapters_for
from crawler.seeds import seeds_from_args
from extract.titles import is_report_title

MAX_NAV_DEPTH = 4


def column_root(url: str) -> str:
    """The directory a column page lives in: ``…/zfxxgknb/index.html`` → ``…/zfxxgknb/``."""
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith("/") else posixpath.dirname(parts.path) + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


# Where a page states its title, in order of trust; the last is ``<title>``, which carries
# the site's name after a separator.
TITLE_QUERIES = [compiled_css(query) for query in (
    'meta[name="ArticleTitle"]::attr(content)', "h1::text", ".article-title::text", "title::text")]
PUBLISHED_QUERIES = [compiled_css(f'meta[name="{name}"]::attr(content)')
                     for name in ("PubDate", "pubdate", "firstpublishedtime", "publishdate")]
COLUMN_NAME = compiled_css('meta[name="ColumnName"]::attr(content)')
CRUMBS = compiled_css(".breadcrumb ::text, .crumb ::text, .position ::text, .location ::text")
BODY_QUERIES = [compiled_css(container) for container in BODY_CONTAINERS]
# Adapters that read documents a detail page embeds through its platform's scripts.
SCRIPTED = [adapter.embedded_documents for adapter in ADAPTERS if hasattr(adapter, "embedded_documents")]


def page_title(response: Response) -> str:
    """The document title as the CMS states it: ArticleTitle meta, then h1, then <title>."""
    root = response.selector.root
    for query in TITLE_QUERIES:
        value = " ".join("".join(query(root)).split())
        if value:
            if query is TITLE_QUERIES[-1]:
                for sep in ("_", " - ", "-", "|"):
                    value = value.split(sep)[0].strip() or value
            return value
    return ""


def page_published(response: Response) -> str | None:
    """The publish date the CMS states in its metadata (``PubDate`` "2025-01-20 15:22")."""
    root = response.selector.root
    for query in PUBLISHED_QUERIES:
        found = query(root)
        value = found[0] if found else None
        if value and len(value.strip()) >= 10:
            return value.strip()[:10]
    return None


def is_html(response: Response) -> bool:
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return isinstance(response, scrapy.http.TextResponse) and ("html" in content_type or not content_type)


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, seeds: str | None = None, urls: str | None = None, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        url_list = [u for u in (urls or "").split(",") if u.strip()]
        self.seed_list = seeds_from_args(url_list, seeds)
        self.platforms_seen: set[tuple[str | None, str]] = set()
        if not self.seed_list:
            raise ValueError("no seeds: give -a urls=URL[,URL…] or -a seeds=FILE")

    async def start(self):
        for seed in self.seed_list:
            meta = {"site": site_of(seed.url), "phase": "home", "nav_depth": 0, "seed": seed.url}
            yield scrapy.Request(seed.url, callback=self.parse_page, meta=meta)

    def child_meta(self, response: Response, phase: str, **extra) -> dict:
        """Meta for a request found on *response*: same site and column, the given phase."""
        meta = {key: response.meta[key] for key in ("site", "seed", "column_root") if key in response.meta}
        meta["phase"] = phase
        meta["nav_depth"] = response.meta.get("nav_depth", 0) + (1 if phase == "nav" else 0)
        meta.update(extra)
        return meta

    # -- pages -------------------------------------------------------------------------

    def parse_page(self, response: Response):
        phase = response.meta.get("phase", "nav")
        if not is_html(response):
            yield from self.attachment_item(response)
            return
        title = page_title(response)
        if phase == "home":
            yield {"kind": "site", "site": response.meta["site"], "root_url": response.url,
                   "name": title, "capture_id": response.meta.get("capture_id")}
        if phase == "detail" or (is_report_title(title) and is_detail_url(response.url)):
            yield from self.parse_detail(response, title)
            return
        if phase != "column" and self.is_column_page(response):
            phase = "column"
            response.meta["column_root"] = column_root(response.url)
        for adapter in adapters_for(response):
            # Column pages ask every adapter; navigation pages only those that read a
            # column tree from them (gkmlpt's SPA shell lists its columns in a script).
            if phase == "column" or getattr(adapter, "reads_navigation", False):
                self.crawler.stats.inc_value(f"nianbao/platform/{adapter.name}")
                if (response.meta.get("site"), adapter.name) not in self.platforms_seen:
                    self.platforms_seen.add((response.meta.get("site"), adapter.name))
                    yield {"kind": "platform", "site": response.meta.get("site"), "platform": adapter.name}
                yield from adapter.list_requests(response, self)
        yield from self.follow_links(response, phase)

    def is_column_page(self, response: Response) -> bool:
        root = response.selector.root
        names = COLUMN_NAME(root)
        column_name = names[0] if names else ""
        crumbs = " ".join(CRUMBS(root))
        last_crumb = crumbs.replace("›", ">").split(">")[-1].strip() if crumbs else ""
        return is_column_label(column_name) or is_column_label(last_crumb)

    def follow_links(self, response: Response, phase: str):
        root = response.meta.get("column_root")
        for link in page_links(response):
            label = link.label
            if link.is_attachment:
                continue
            if is_report_title(label):
                yield response.follow(link.url, callback=self.parse_page,
                                      meta=self.child_meta(response, "detail", list_title=label))
            elif is_column_label(label):
                yield response.follow(link.url, callback=self.parse_page,
                                      meta=self.child_meta(response, "column", column_root=column_root(link.url)))
            elif phase == "column" and root and link.url.startswith(root) and not is_detail_url(link.url):
                yield response.follow(link.url, callback=self.parse_page, meta=self.child_meta(response, "column"))
            elif phase in ("home", "nav") and is_nav_label(label) and response.meta.get("nav_depth", 0) < MAX_NAV_DEPTH:
                yield response.follow(link.url, callback=self.parse_page, meta=self.child_meta(response, "nav"))

    def follow_listed(self, response: Response, entries):
        """Requests for list entries an adapter read from list *data* (JSON, XML, CDATA).

        *entries* are ``(url, title)`` pairs; report titles go to ``detail``, the rest
        (notices, 工作要点) are counted and left alone, exactly as for ``<a>`` links.
        """
        for url, title in entries:
            title = " ".join((title or "").split())
            if is_report_title(title):
                yield response.follow(url, callback=self.parse_page,
                                      meta=self.child_meta(response, "detail", list_title=title))
            else:
                self.crawler.stats.inc_value("nianbao/listed_not_report")

    # -- documents ---------------------------------------------------------------------

    def parse_detail(self, response: Response, title: str):
        title = title if is_report_title(title) else response.meta.get("list_title", title)
        if not is_report_title(title):
            self.crawler.stats.inc_value("nianbao/detail_not_report")
            return
        attachments = self.attachments(response)
        embedded = self.embedded(response, attachments)
        published = page_published(response)
        yield {"kind": "page", "published": published, "url": response.url, "page_url": response.url, "title": title,
               "site": response.meta.get("site"), "capture_id": response.meta.get("capture_id"),
               "attachments": [link.url for link in attachments + embedded]}
        for link, is_embedded in [(link, False) for link in attachments] + [(link, True) for link in embedded]:
            yield response.follow(link.url, callback=self.parse_attachment,
                                  meta=self.child_meta(response, "attachment", page_url=response.url,
                                                       page_title=title, link_text=link.label,
                                                       page_published=published, embedded=is_embedded))

    def attachments(self, response: Response) -> list[Link]:
        """Attachment links in the article body (sidebars link unrelated 指南.doc files)."""
        links = [link for link in page_links(response) if link.is_attachment]
        if not links:
            return links
        root = response.selector.root
        for query in BODY_QUERIES:
            body = query(root)
            if body:
                # A link is the body's when its URL ends with one of the body's hrefs.
                suffixes = tuple({href.lstrip("./") for element in body for anchor in ANCHORS(element)
                                  if (href := anchor.get("href"))})
                scoped = [link for link in links if link.url.endswith(suffixes)]
                return scoped or links
        return links

    def embedded(self, response: Response, linked: list[Link]) -> list[Link]:
        """Documents the page embeds that no attachment link names already.

        Read from the whole page, not the body container: a 全真版 tab sits beside the text
        (``div.TRS_Editor``), not inside it; and only frames showing a document count.
        A platform may embed by script alone (VSB's ``showVsbpdfIframe``): adapters with an
        ``embedded_documents(response)`` method name those.
        """
        seen = {link_key(link.url) for link in linked}
        found = []
        for link in embedded_documents(response) + [link for read in SCRIPTED for link in read(response)]:
            if link_key(link.url) not in seen:
                seen.add(link_key(link.url))
                found.append(link)
        return found

    def parse_attachment(self, response: Response):
        yield from self.attachment_item(response)

    def attachment_item(self, response: Response):
        yield {"kind": "embedded" if response.meta.get("embedded") else "attachment", "url": response.url,
               "page_url": response.meta.get("page_url") or response.request.headers.get("Referer", b"").decode(),
               "title": response.meta.get("page_title") or response.meta.get("list_title"),
               "published": response.meta.get("page_published"),
               "site": response.meta.get("site"), "capture_id": response.meta.get("capture_id"),
               "attachments": []}
