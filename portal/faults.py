"""Wire-level faults: how flaky and hostile government servers misbehave on the socket.

``Portal(faults=True)`` (``nianbao portal --faults``) serves the fault site
(``portal/sites/fault_district.py``) and perturbs the other sites with a
:class:`FaultInjector` consulted by the HTTP layer before a request is served normally.
Faults that are a matter of *content* (a lying charset label, redirect loops, challenge
pages, robots.txt, traps) are plain resources of the fault site; the ones here need the
socket itself:

``status``    answer HTTP ``status`` (503 by default, with ``Retry-After``) the first
              ``times`` hits, then serve normally — a burst;
``reset``     close the connection with a TCP RST before answering;
``stall``     say nothing for ``stall_seconds`` (longer than the crawler's timeout), then close;
``trickle``   send the body in small pieces with pauses (slow, but complete);
``truncate``  declare the full ``Content-Length``, send half the body, close;
``oversize``  declare a huge ``Content-Length`` and stream zeros until the client gives up;
``bomb``      a small gzip body that inflates to ``bomb_bytes`` of spaces.

``times=None`` means every hit. Everything is deterministic: hit counters, not clocks or
randomness, decide (perturbations are chosen with a seeded RNG), so tests repeat.
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from portal.site import Request, Site

OVERSIZE_DECLARED = 300 * 1024 * 1024
KINDS = ("status", "reset", "stall", "trickle", "truncate", "oversize", "bomb")


@dataclass(frozen=True)
class Fault:
    kind: str
    times: int | None = 1  # the first N hits misbehave; None = every hit
    status: int = 503
    reason: str = ""  # why a report behind an always-on fault is unreachable (for the truth)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {KINDS}")


class Handler(Protocol):
    """What the injector needs of ``http.server.BaseHTTPRequestHandler``."""

    wfile: object
    connection: socket.socket
    close_connection: bool
    server: object

    def send_response(self, code: int, message: str | None = None) -> None: ...
    def send_header(self, keyword: str, value: str) -> None: ...
    def end_headers(self) -> None: ...


@lru_cache(maxsize=4)
def gzip_bomb(size: int) -> bytes:
    """A gzip member of *size* spaces, compressed in steps (about 1 KB per MB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b" " * (1 << 20)
    parts = []
    left = size
    while left > 0:
        parts.append(compressor.compress(block[: min(left, len(block))]))
        left -= len(block)
    parts.append(compressor.flush())
    return b"".join(parts)


class FaultInjector:
    """Per-(site, path) faults with hit counters; thread-safe, shared by every site server."""

    def __init__(self, *, stall_seconds: float = 90.0, trickle_pause: float = 0.05,
                 bomb_bytes: int = 64 * 1024 * 1024) -> None:
        self.stall_seconds = stall_seconds
        self.trickle_pause = trickle_pause
        self.bomb_bytes = bomb_bytes
        self.rules: dict[tuple[str, str], Fault] = {}
        self.hits: Counter[tuple[str, str]] = Counter()
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def add(self, site_key: str, path: str, fault: Fault) -> None:
        self.rules[(site_key, path)] = fault

    def stop(self) -> None:
        """Release stalled connections (the portal is shutting down)."""
        self.stopping.set()

    def fault_for(self, site_key: str, path: str) -> Fault | None:
        """The fault this hit suffers, counting the hit; None = serve normally."""
        key = (site_key, path)
        fault = self.rules.get(key)
        if fault is None:
            return None
        with self._lock:
            self.hits[key] += 1
            hit = self.hits[key]
        return fault if fault.times is None or hit <= fault.times else None

    def intercept(self, handler: Handler, site: Site, request: Request, log) -> bool:
        """Misbehave on this request if a fault applies; True when the request was handled here."""
        fault = self.fault_for(site.key, request.path)
        if fault is None:
            return False
        status = {"status": fault.status, "reset": 0, "stall": 0}.get(fault.kind, 200)
        log({"site": site.key, "method": request.method, "path": request.path, "query": request.query,
             "status": status, "headers": dict(request.headers), "fault": fault.kind})
        getattr(self, "_" + fault.kind)(handler, site, request, fault)
        handler.close_connection = True
        return True

    # -- the faults ----------------------------------------------------------------------
    def _status(self, handler: Handler, site: Site, request: Request, fault: Fault) -> None:
        body = f"<html><body><h1>{fault.status} Service Temporarily Unavailable</h1></body></html>".encode()
        handler.send_response(fault.status)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Retry-After", "1")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)

    def _reset(self, handler: Handler, site: Site, request: Request, fault: Fault) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()

    def _stall(self, handler: Handler, site: Site, request: Request, fault: Fault) -> None:
        self.stopping.wait(self.stall_seconds)

    def _resource_body(self, site: Site, request: Request) -> tuple[bytes, str]:
        resource = site.lookup(request)
        if resource is None:
            return b"Not Found", "text/plain; charset=utf-8"
        return resource.body, resource.content_type

    def _trickle(self, handler: Handler, site: Site, request: Request, fault: Fault) -> None:
        body, content_type = self._resource_body(site, request)
        self._head(handler, content_type, len(body))
        step = max(1, len(body) // 8)
        for start in range(0, len(body), step):
            if self.stopping.wait(self.trickle_pause):
                return
            handler.wfile.write(body[start:start + step])
            handler.wfile.flush()

    def _truncate(self, handler: Handler, site: Site, request: Request, fault: Fault) -> None:
        body, content_type = self._resource_body(site, request)
        self._head(handler, content_type, len(body))
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()

    def _oversize(self, handler: Handler, site: Site, request: Request, fault: Fault) -> None:
        self._head(handler, "application/pdf", OVERSIZE_DECLARED)
        zeros = b"\0" * 65536
        try:
            for _ in range(OVERSIZE_DECLARED // len(zeros)):
                if self.stopping.is_set():
                    return
                handler.wfile.write(zeros)
        except OSError:
            return  # the client gave up, as it should

    def _bomb(self, handler: Handler, site: Site, request: Request, fault: Fault) -> None:
        body = gzip_bomb(self.bomb_bytes)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(body)

    @staticmethod
    def _head(handler: Handler, content_type: str, length: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(length))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.flush()


def perturb(injector: FaultInjector, sites: list[Site], seed: int = 5, share: float = 0.1) -> int:
    """Give about *share* of each ordinary site's HTML pages a one-off 503 burst or reset.

    Retries recover every one of them, so the sites' truth is unchanged. Returns how many
    paths were perturbed. The choice depends only on *seed* and the sites' paths.
    """
    rng = random.Random(seed)
    count = 0
    for site in sites:
        pages = sorted(path for path, r in site.resources.items()
                       if r.content_type.startswith("text/html") and r.status == 200)
        for path in rng.sample(pages, k=int(len(pages) * share)):
            fault = Fault("status", times=2) if rng.random() < 0.6 else Fault("reset", times=1)
            for alias in (path, path.removesuffix("index.html")) if path.endswith("/index.html") else (path,):
                injector.add(site.key, alias, fault)
            count += 1
    return count
