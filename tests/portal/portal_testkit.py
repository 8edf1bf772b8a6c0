"""Plain-stdlib HTTP and link helpers for the portal tests (no crawler code involved)."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

PAGER = re.compile(r'createPageHTML\((\d+),\s*(\d+),\s*"([^"]+)",\s*"([^"]+)"\)')


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET", body: bytes | None = None) -> Reply:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
    finally:
        conn.close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(base: str, html: str) -> list[str]:
    """Absolute same-scheme link targets of ``<a href>`` and of a TRS pager call."""
    parser = _Links()
    parser.feed(html)
    out = [urljoin(base, h) for h in parser.hrefs if not h.startswith(("javascript:", "#", "mailto:"))]
    for total, _, name, ext in PAGER.findall(html):
        out += [urljoin(base, f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}") for i in range(int(total))]
    return [u.split("#")[0] for u in out]


def decode(reply: Reply) -> str:
    charset = reply.headers.get("content-type", "").partition("charset=")[2].strip() or "utf-8"
    return reply.body.decode("gb18030" if charset.lower() in ("gb2312", "gbk") else charset)
