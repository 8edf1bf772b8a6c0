"""What one replica site is made of, independent of HTTP and of any CMS.

A site module (``portal/sites/*.py``) builds a :class:`Site`: its resources by path, the
truth about which of them carry reports and which are look-alike noise, and optionally a
dynamic handler for request shapes that are not plain files (POST pagination APIs,
query-string searches). The HTTP layer (``portal/httpd.py``) only turns a
:class:`Resource` into bytes on the wire, so adding a CMS platform, an epoch or a fault
mode never touches it.

Everything here is built from data, never from the clock, so two builds of the same
epoch are byte-identical.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Request:
    """The parts of an HTTP request a site may look at."""

    method: str
    path: str  # percent-decoded path, no query
    query: str
    headers: dict[str, str]  # lower-case names
    body: bytes = b""


@dataclass(frozen=True)
class Resource:
    """A response a site serves: body bytes plus what its headers must say about them.

    ``modified`` is the document's own time (its publish time, or the newest item on a
    list), so ``Last-Modified`` is stable; ``etag`` is derived from the bytes.
    """

    body: bytes
    content_type: str  # with charset for text, e.g. "text/html; charset=utf-8"
    modified: datetime
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()  # extra headers (Location, Content-Disposition…)

    @property
    def etag(self) -> str:
        digest = hashlib.sha1(self.body).hexdigest()
        return f'"{digest[:8]}-{len(self.body):x}"'


@dataclass
class TruthReport:
    """One report as the site publishes it; paths are site-relative (``/zwgk/…``)."""

    page_path: str  # the detail page
    doc_path: str  # the document carrying the report: the page itself or its PDF
    source_format: str  # "html" | "pdf"
    content_id: str  # id of the content file the report was rendered from
    agency: str
    year: int
    template: str
    title: str
    published: str  # "YYYY-MM-DD"
    cells: dict
    raw_cells: dict
    expected_checks: dict
    # Other forms of the same report that the page embeds (a Fujian 全真版 PDF): an archive
    # must capture each, and none is a second report.
    alternate_paths: tuple[str, ...] = ()

    @classmethod
    def of(cls, report: dict, page_path: str, doc_path: str, source_format: str) -> TruthReport:
        """The truth about a content dict (``portal.catalog``) published at these paths."""
        return cls(page_path=page_path, doc_path=doc_path, source_format=source_format,
                   content_id=report["content_id"], agency=report["agency"], year=report["year"],
                   template=report["template"], title=report["title"], published=report["published"],
                   cells=dict(report.get("cells") or {}), raw_cells=dict(report.get("raw_cells") or {}),
                   expected_checks=dict(report.get("expected_checks") or {}))


@dataclass
class NoiseItem:
    """A look-alike item listed in a report column that is not a report."""

    path: str
    title: str


Handler = Callable[[Request], Resource | None]


@dataclass
class Site:
    """One replica site: a name, a platform, files by path and the truth about them."""

    key: str
    name: str
    platform: str
    domain: str  # the canonical host the pages claim (meta ``SiteDomain``/``Url``), never contacted
    server: str  # the ``Server`` header
    resources: dict[str, Resource] = field(default_factory=dict)
    reports: list[TruthReport] = field(default_factory=list)
    noise: list[NoiseItem] = field(default_factory=list)
    not_found: Resource | None = None
    dynamic: Handler | None = None  # consulted before the static files
    gzip_types: tuple[str, ...] = ("text/html", "text/css", "text/plain", "application/javascript", "text/xml")
    etags: bool = True  # False: only Last-Modified, as a server hardened against ETag disclosure answers

    def add(self, path: str, resource: Resource) -> None:
        if path in self.resources:
            raise ValueError(f"{self.key}: two resources at {path}")
        self.resources[path] = resource

    def lookup(self, request: Request) -> Resource | None:
        """The resource for a request, or None for 404; a directory serves its index.html."""
        if self.dynamic is not None:
            found = self.dynamic(request)
            if found is not None:
                return found
        path = request.path
        if path.endswith("/"):
            path += "index.html"
        found = self.resources.get(path)
        if found is not None and request.method not in ("GET", "HEAD"):
            return Resource(b"<html><body><h1>405 Not Allowed</h1></body></html>", "text/html; charset=utf-8",
                            found.modified, status=405, headers=(("Allow", "GET, HEAD"),))
        return found

    def is_directory(self, path: str) -> bool:
        """True when ``path`` (without trailing slash) names a published directory."""
        return not path.endswith("/") and f"{path}/index.html" in self.resources
