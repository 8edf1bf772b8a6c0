"""Believe a page's bytes over a lying charset label before the spider reads it.

Servers label GBK pages ``charset=utf-8`` (a template default) and UTF-8 pages ``gbk``;
Scrapy trusts the header, so titles come out as mojibake and a 年报 title goes
unrecognised. After decompression (580), an HTML response whose body does not decode
strictly in the declared charset is re-read: valid UTF-8 with non-ASCII wins (GBK text
almost never is), then the page's own ``<meta charset>``, then GB18030. The archived
record is untouched; only the spider's view changes.
"""

from __future__ import annotations

import codecs

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response

GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn"}


def codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def true_encoding(body: bytes, declared: str | None, meta_declared: str | None) -> str | None:
    """The encoding the body is really in, or None when the declaration holds (or nothing fits)."""
    declared = codec(declared)
    if body.isascii():
        return None
    utf8 = decodes(body, "utf-8")
    if declared == "utf-8" and utf8:
        return None
    if utf8:
        return "utf-8"
    if declared and declared != "utf-8" and decodes(body, declared):
        return None
    for candidate in (codec(meta_declared), "gb18030"):
        if candidate and candidate != declared and decodes(body, candidate):
            return candidate
    return None


class CharsetGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetGuardMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if not isinstance(response, HtmlResponse):
            return response
        declared = response._headers_encoding()  # noqa: SLF001 - Scrapy's parsed Content-Type charset
        meta = response._body_declared_encoding()  # noqa: SLF001
        found = true_encoding(response.body, declared or meta, meta)
        if found is None:
            return response
        if self.stats:
            self.stats.inc_value("nianbao/charset_relabelled")
        return response.replace(encoding=found)
