"""Refuse requests (links or redirects) into private, loopback or link-local addresses.

A public portal that redirects to ``http://10.…/`` or links its internal OA system at
``192.168.…`` must not make the crawler probe the crawling machine's own network (SSRF).
A request whose host differs from its seed's host is checked: an IP literal directly, a
name after resolving it. Allowed only when the seed itself sits in the same kind of
range (a portal on loopback may redirect within loopback; an intranet portal within the
intranet). ``NIANBAO_PRIVATE_ADDRESSES``: ``seed`` (default), ``allow``, ``refuse``.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor

from crawler.middlewares.refusals import RefusalLog

logger = logging.getLogger(__name__)


def address_kind(host: str) -> str | None:
    """``loopback``, ``private``, ``link-local``, ``reserved`` or ``public`` for an IP literal; None for a name."""
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return "reserved"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    return "public"


def allowed(target_kind: str, seed_kind: str, policy: str) -> bool:
    if target_kind == "public" or policy == "allow":
        return True
    return policy == "seed" and target_kind == seed_kind


class PrivateAddressMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.policy = crawler.settings.get("NIANBAO_PRIVATE_ADDRESSES", "seed")
        self.kinds: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        return cls(crawler)

    async def kind_of(self, host: str) -> str:
        """The address kind of *host*, resolving names once (unresolvable → ``public``: the fetch will fail)."""
        if host not in self.kinds:
            kind = address_kind(host)
            if kind is None:
                if host == "localhost" or host.endswith(".localhost"):
                    kind = "loopback"
                else:
                    try:
                        kind = address_kind(await maybe_deferred_to_future(reactor.resolve(host))) or "public"
                    except Exception:  # noqa: BLE001 - DNS failures are the download's to report
                        kind = "public"
            self.kinds[host] = kind
        return self.kinds[host]

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        seed = request.meta.get("seed")
        host = (urlsplit(request.url).hostname or "").lower()
        seed_host = (urlsplit(seed).hostname or "").lower() if seed else None
        if seed_host is None or host == seed_host or self.policy == "allow":
            return None
        target = await self.kind_of(host)
        if target == "public":
            return None
        seed_kind = await self.kind_of(seed_host)
        if allowed(target, seed_kind, self.policy):
            return None
        # Recorded under the URL the site listed (the start of a redirect chain), target in the detail.
        origin = (request.meta.get("redirect_urls") or [request.url])[0]
        via = f" (redirected to {request.url})" if origin != request.url else ""
        raise RefusalLog.of(self.crawler).refuse(origin, "private_address",
                                                 f"{host} is {target}, seed {seed_host} is {seed_kind}{via}")
