"""Recognise anti-bot challenge pages, flag their captures, keep them away from the spider.

Chinese government portals sit behind WAFs that answer a crawler with a challenge
instead of the page: 瑞数 (Riversecurity) answers HTTP 412 with an obfuscated script
(``$_ts``) that computes a cookie and reloads; 加速乐 (Jiasule/知道创宇) answers HTTP 521
with a script that sets ``__jsl_clearance`` and reloads; others answer 200 with a tiny
page whose only job is ``document.cookie=…; location.reload()``. Such a page is archived
(it is what the server said — evidence) but it is not the document: its capture is
flagged ``page_kind = 'challenge'`` so it is never read as a changed or deleted report,
and the refusal is recorded. nianbao does not solve challenges.

Runs after decompression (580 < HttpCompressionMiddleware's 590).
"""

from __future__ import annotations

import re

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.middlewares.refusals import RefusalLog

CHALLENGE_STATUSES = {412, 521, 403, 202, 503}
SMALL_PAGE = 32 * 1024
# Matched against the lower-cased head, case-sensitively: the same matches as these patterns
# with re.I on the head (bytes patterns fold ASCII only, as bytes.lower() does), 3-10x faster,
# since the regex engine can then skip ahead to a literal instead of trying every position.
_MARKERS = {
    "ruishu": re.compile(rb"\$_ts\s*=|\$_ts\.|fssbbil1ugzbn7n|_\$[a-z]{2}\s*="),
    "jiasule": re.compile(rb"__jsl_clearance|jsl_clearance_s|_jsluid"),
    "cookie-script": re.compile(rb"document\.cookie\s*=.{0,400}?(location\.(reload|href|replace)|window\.location)", re.S),
}
# Text each marker cannot match without, in the lower-cased head: a substring test rules
# out nearly every page before a regex scans its first 32 KB (that scan cost more CPU than
# archiving the page). Each is a part of every match ("jsl" alone is in every /jslib/ path).
_NEEDS = {"ruishu": (b"$_ts", b"fssbbil1ugzbn7n", b"_$"), "jiasule": (b"jsl_clearance", b"_jsluid"),
          "cookie-script": (b"document.cookie",)}
_LINK = re.compile(rb"<a\s[^>]*href\s*=\s*[\"']?(?!javascript|#)", re.I)


def challenge_kind(status: int, body: bytes) -> str | None:
    """Which challenge a response is (``ruishu``, ``jiasule``, ``cookie-script``), or None."""
    head = body[:SMALL_PAGE]
    lowered = head.lower()
    if b"<script" not in lowered:
        return None
    for kind, marker in _MARKERS.items():
        if not any(needed in lowered for needed in _NEEDS[kind]) or not marker.search(lowered):
            continue
        if status in CHALLENGE_STATUSES:
            # 加速乐's first answer builds its cookie name from pieces ('_')+('_')+('j')…:
            # its 521 status is the tell; likewise 瑞数's 412.
            return {521: "jiasule", 412: "ruishu"}.get(status, kind) if kind == "cookie-script" else kind
        # A 200 can be a challenge too, but only a tiny page without real links.
        if status == 200 and len(body) < SMALL_PAGE and len(_LINK.findall(head)) < 3:
            return kind
    return None


class ChallengePageMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengePageMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        kind = challenge_kind(response.status, response.body)
        if kind is None:
            return response
        log = RefusalLog.of(self.crawler)
        log.flag_capture(request.meta.get("capture_id"), "challenge")
        raise log.refuse(request.url, "challenge", f"HTTP {response.status} {kind} anti-bot challenge page")
