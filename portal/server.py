"""The bundled portal: every replica site served on loopback, each on its own port.

``nianbao demo`` crawls it and the tests stand on it. Sites are built once per
:class:`Portal` from the content files (``portal/sites/``); the truth about which URLs
carry which reports comes from the same data that rendered the pages, never from parsing
them. Each site is its own origin (127.0.0.1:port), as separate government hosts are.

    with Portal() as portal:
        for site in portal.sites:
            print(site.name, site.root_url)
        truth = portal.truth()
"""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass
from typing import Any

from portal.faults import FaultInjector
from portal.httpd import SiteServer, serve_site
from portal.site import Site
from portal.sites import build_sites
from portal.sites.fault_district import FaultSetup


def free_base_port(count: int, start: int = 21000) -> int:
    """A port P with P … P+count-1 free on 127.0.0.1 now: ``Portal(port=P)`` for every epoch of a timeline.

    The ports are free when checked, not reserved: the portal binds them a moment later. So
    the search starts at a block of this process's own (chosen by its pid): two test sessions
    or benches on one machine no longer both take the first free block and race for it
    ("Address already in use").
    """
    bases = range(start, 32768 - count, 97)  # below Linux's ephemeral ports, which any connection may take
    shift = os.getpid() % len(bases)
    for base in [*bases[shift:], *bases[:shift]]:
        sockets: list[socket.socket] = []
        try:
            for i in range(count):
                sockets.append(socket.socket())
                sockets[-1].bind(("127.0.0.1", base + i))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError(f"no {count} consecutive free ports on 127.0.0.1")


@dataclass(frozen=True)
class SiteInfo:
    """A running site: what it is and where it answers."""

    name: str
    key: str
    platform: str
    root_url: str


class Portal:
    """All replica sites of one epoch, served on 127.0.0.1.

    ``port`` given: site *i* binds ``port + i``; otherwise every site takes a free port.
    ``epoch`` selects the state of the sites (1 = first publication); the same epoch
    always serves byte-identical bodies.
    """

    def __init__(self, port: int | None = None, epoch: int = 1, faults: bool | FaultInjector = False) -> None:
        self.port = port
        self.epoch = epoch
        self._sites: list[Site] = build_sites(epoch)
        # faults: perturb the sites and add the fault site (portal/faults.py); an injector
        # instance may be passed to tune it (e.g. a shorter stall for tests).
        self.faults = FaultSetup(self._sites, faults if isinstance(faults, FaultInjector) else None) if faults else None
        if self.faults is not None:
            self._sites.append(self.faults.site)
        self._servers: list[SiteServer] = []
        self._threads: list[threading.Thread] = []
        self._log: list[dict] = []
        self._log_lock = threading.Lock()

    # ---- lifecycle --------------------------------------------------------------------

    def start(self) -> Portal:
        if self._servers:
            return self
        try:
            for i, site in enumerate(self._sites):
                server, thread = serve_site(site, 0 if self.port is None else self.port + i, self._record,
                                            faults=self.faults.injector if self.faults else None)
                self._servers.append(server)
                self._threads.append(thread)
        except OSError:
            self.stop()
            raise
        if self.faults is not None:
            self.faults.other_roots[:] = [self._root(i) for i in range(len(self._sites) - 1)]
        return self

    def stop(self) -> None:
        if self.faults is not None:
            self.faults.injector.stop()  # release stalled connections
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> Portal:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- what tests and the CLI read ----------------------------------------------------

    def _record(self, entry: dict) -> None:
        with self._log_lock:
            self._log.append(entry)

    @property
    def access_log(self) -> list[dict]:
        """Every request served so far: site, method, path, query, status, request headers."""
        with self._log_lock:
            return list(self._log)

    def clear_access_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    def _root(self, index: int) -> str:
        if not self._servers:
            raise RuntimeError("the portal is not running: call start() first")
        return f"http://127.0.0.1:{self._servers[index].server_address[1]}/"

    @property
    def sites(self) -> list[SiteInfo]:
        return [SiteInfo(s.name, s.key, s.platform, self._root(i)) for i, s in enumerate(self._sites)]

    def site_root(self, key: str) -> str:
        """The root URL of the site with this key."""
        for info in self.sites:
            if info.key == key:
                return info.root_url
        raise KeyError(key)

    def truth(self) -> dict[str, Any]:
        """Which URLs carry which reports, and which listed items are noise (see README)."""
        sites, reports, noise = [], [], []
        for i, site in enumerate(self._sites):
            root = self._root(i).rstrip("/")
            sites.append({"key": site.key, "name": site.name, "platform": site.platform, "root_url": root + "/"})
            for r in site.reports:
                reports.append({
                    "site": site.key, "url": root + r.doc_path, "page_url": root + r.page_path,
                    "source_format": r.source_format, "content_id": r.content_id, "agency": r.agency,
                    "year": r.year, "template": r.template, "title": r.title, "published": r.published,
                    "cells": dict(r.cells), "raw_cells": dict(r.raw_cells),
                    "expected_checks": dict(r.expected_checks),
                    "alternate_urls": [root + path for path in r.alternate_paths],
                })
            noise += [{"site": site.key, "url": root + n.path, "title": n.title} for n in site.noise]
        truth = {"sites": sites, "reports": reports, "noise": noise}
        if self.faults is not None:  # reports behind faults no crawler passes, with the reason
            truth["unreachable"] = self.faults.unreachable(self._root(len(self._sites) - 1))
        return truth
