"""TRS WCM static publishing (domain.md §2.1).

List pages are ``index.html``, ``index_1.html`` … ``index_{N-1}.html``; the pager is not
in the HTML but written by an inline call ``createPageHTML(N, i, "index", "html")``
(Chongqing's variant is ``createPage(N, i, "index", "html")``, some pages only say
``var countPage = N``). The arguments give every list page, so we read them instead of
running the script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

PAGER_CALL = re.compile(
    r"createPage(?:HTML)?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']\s*\)"
)
COUNT_PAGE = re.compile(r"var\s+countPage\s*=\s*(\d+)")
INDEX_NAME = re.compile(r"/(index)(?:_\d+)?\.(s?html?)$")
MAX_PAGES = 500  # a pager claiming more is a trap or a typo; the rest are not worth a request


def list_page_urls(page_url: str, html: str) -> list[str]:
    """Every list page of the column *page_url* belongs to, from its pager script."""
    call = PAGER_CALL.search(html)
    if call:
        total, prefix, ext = int(call.group(1)), call.group(3), call.group(4)
    else:
        count = COUNT_PAGE.search(html)
        name = INDEX_NAME.search(page_url)
        if not (count and name):
            return []
        total, prefix, ext = int(count.group(1)), name.group(1), name.group(2)
    total = min(total, MAX_PAGES)
    names = [f"{prefix}.{ext}"] + [f"{prefix}_{k}.{ext}" for k in range(1, total)]
    return [urljoin(page_url, name) for name in names]


class TrsAdapter:
    name = "trs"

    def matches(self, response: Response) -> bool:
        text = getattr(response, "text", "")  # the first 200 000 characters, searched in place
        return bool(PAGER_CALL.search(text, 0, 200_000) or COUNT_PAGE.search(text, 0, 200_000))

    def list_requests(self, response: Response, spider: scrapy.Spider) -> Iterable[scrapy.Request]:
        here = response.url + "index" if response.url.endswith("/") else response.url
        for url in list_page_urls(response.url, response.text):
            # ``…/zfxxgknb/`` and ``…/zfxxgknb/index.html`` are one page: don't fetch it twice.
            if url != response.url and not url.startswith(here + "."):
                yield response.follow(url, callback=spider.parse_page, meta=spider.child_meta(response, "column"))
