"""HTTP/1.1 serving of one :class:`~portal.site.Site` the way a government web server answers.

Keep-alive with exact ``Content-Length``, ``Date``/``Server``, ``Last-Modified`` and an
``ETag`` derived from the bytes (unless the site turned ETags off, as security scanners
tell administrators to), gzip when the client accepts it (``Content-Length`` is then the
compressed length and the ETag gets Apache's ``-gzip`` suffix), ``Vary:
Accept-Encoding``, 304 for ``If-None-Match`` — or, without it, ``If-Modified-Since`` (RFC
9110 §13.1.3) — HEAD, 301 from a
directory without its slash, and the site's own 404 page. Every request is appended to
the portal's access log so scope and politeness tests can see what a crawler asked for.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from portal.site import Request, Resource, Site

AccessLogger = Callable[[dict], None]
_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)  # Last-Modified of generated error replies


@lru_cache(maxsize=4096)
def _gzipped(body: bytes) -> bytes:
    """gzip with a zero mtime so that the compressed bytes are stable too."""
    return gzip.compress(body, compresslevel=6, mtime=0)


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (``gzip;q=0`` does not)."""
    if not header:
        return False
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip().lower()
            if q.startswith("q="):
                try:
                    return float(q[2:]) > 0
                except ValueError:
                    return False
            return True
    return False


def http_date(moment: datetime) -> str:
    """RFC 9110 date (``Mon, 20 Jan 2025 07:22:00 GMT``) of an aware datetime."""
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _not_modified(request: Request, resource: Resource, etag: str | None) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or (etag is not None and (etag in tags or resource.etag in tags))
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        return since is not None and resource.modified.replace(microsecond=0) <= since
    return False


class SiteServer(ThreadingHTTPServer):
    """A threading server bound to one site; each site gets its own port, i.e. its own origin."""

    daemon_threads = True
    allow_reuse_address = True
    faults = None  # a portal.faults.FaultInjector when the portal runs with faults=True

    def __init__(self, address: tuple[str, int], site: Site, log: AccessLogger) -> None:
        self.site = site
        self.access_log = log
        super().__init__(address, SiteRequestHandler)


class SiteRequestHandler(BaseHTTPRequestHandler):
    """Answers one connection's requests from the server's site."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: SiteServer

    def version_string(self) -> str:
        """The ``Server`` header: the site's own server name, not Python's."""
        return self.server.site.server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Silent: the structured access log replaces stderr lines."""

    def _request(self) -> Request:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        parts = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        return Request(self.command, unquote(parts.path) or "/", parts.query, headers, body)

    def _serve(self) -> None:
        request = self._request()
        site = self.server.site
        faults = self.server.faults
        if faults is not None and faults.intercept(self, site, request, self.server.access_log):
            return
        status, resource = 200, site.lookup(request)
        if resource is None and site.is_directory(request.path):
            location = request.path + "/" + (f"?{request.query}" if request.query else "")
            resource = Resource(b"", "text/html; charset=utf-8", site.not_found.modified if site.not_found
                                else _EPOCH, status=301, headers=(("Location", location),))
        if resource is None:
            resource = site.not_found or Resource(b"Not Found", "text/plain; charset=utf-8", _EPOCH, status=404)
        status = resource.status
        self.server.access_log({
            "site": site.key, "method": request.method, "path": request.path, "query": request.query,
            "status": status, "headers": dict(request.headers),
        })
        self._send(request, resource)

    def _send(self, request: Request, resource: Resource) -> None:
        site = self.server.site
        mime = resource.content_type.split(";")[0].strip()
        compressible = mime in site.gzip_types and resource.status == 200
        use_gzip = compressible and accepts_gzip(request.headers.get("accept-encoding"))
        body = _gzipped(resource.body) if use_gzip else resource.body
        etag = None if not site.etags else resource.etag[:-1] + '-gzip"' if use_gzip else resource.etag
        status = resource.status
        if status == 200 and _not_modified(request, resource, etag):
            status = 304
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(body)))
        if resource.status == 200:
            self.send_header("Last-Modified", http_date(resource.modified))
            if etag is not None:
                self.send_header("ETag", etag)
        if compressible:
            self.send_header("Vary", "Accept-Encoding")
        if use_gzip and status != 304:
            self.send_header("Content-Encoding", "gzip")
        for name, value in resource.headers:
            self.send_header(name, value)
        self.end_headers()
        if status != 304 and request.method != "HEAD":
            self.wfile.write(body)

    def _serve_or_fail(self) -> None:
        """Serve; a bug in a site becomes a 500 reply, never a dropped connection."""
        try:
            self._serve()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:  # noqa: BLE001 - report any site bug to the client as a 500
            body = f"500 Internal Server Error: {type(exc).__name__}".encode()
            self.send_response(500)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._serve_or_fail()

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve_or_fail()

    def do_POST(self) -> None:  # noqa: N802
        self._serve_or_fail()


def serve_site(site: Site, port: int, log: AccessLogger, faults=None) -> tuple[SiteServer, threading.Thread]:
    """Bind ``site`` to 127.0.0.1:``port`` (0 = any free port) and serve it on a daemon thread."""
    server = SiteServer(("127.0.0.1", port), site, log)
    server.faults = faults
    thread = threading.Thread(target=server.serve_forever, name=f"portal-{site.key}", daemon=True)
    thread.start()
    return server, thread
