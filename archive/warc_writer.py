"""Write exchanges to rotating, gzip-per-record WARC/1.1 files (the archive's source of truth).

Every capture becomes a ``response`` record followed directly by its ``request`` record
(same target URI, same microsecond ``WARC-Date``, ``WARC-Concurrent-To``) so that pywb can
key POST captures by their bodies (research/archiving.md §4.2, §4.5). Digests are sha1 in
base32, computed by warcio, the ecosystem default that revisit lookups compare as strings.

Files are written as ``*.warc.gz.open`` and renamed when closed, start with a warcinfo
record, are flushed after each pair and rotated by size only after a complete pair, so a
crash can at worst leave one partial gzip member at the end of an ``.open`` file.
"""

from __future__ import annotations

import os
import platform
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Literal

from w3lib.url import safe_url_string
from warcio.recordbuilder import RecordBuilder
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from archive.exchange import CaptureLocation, Exchange
from archive.http_headers import request_head, response_head, warc_protocol
from archive.record_writer import RecordWriter

OPEN_SUFFIX = ".open"
WARC_VERSION = "WARC/1.1"
CONFORMS_TO = "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
REVISIT_PROFILES = {
    "identical-payload-digest": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
    "server-not-modified": "http://netpreserve.org/warc/1.1/revisit/server-not-modified",
}
RevisitProfile = Literal["identical-payload-digest", "server-not-modified"]
RECONSTRUCTION_NOTE = (
    "HTTP messages are reconstructed from the crawler's parsed exchange, not raw wire bytes: "
    "standard reason phrases; header bytes decoded UTF-8/GB18030/latin-1 and non-ASCII values "
    "percent-encoded (RFC 8187); hop-by-hop headers renamed X-Crawler-*; Content-Length set to "
    "the stored body length (a differing original kept as X-Crawler-Content-Length); bodies "
    "stored de-chunked and still content-encoded; Host and Content-Length added to requests."
)


def payload_digest(body: bytes) -> str:
    """The ``WARC-Payload-Digest`` warcio writes for *body* (``sha1:`` + base32)."""
    digester = Digester("sha1")
    digester.update(body)
    return str(digester)


def warc_date(iso: str | None = None) -> str:
    """*iso* (any ISO 8601, naive = UTC) as a WARC/1.1 date with microseconds; now when None."""
    if iso:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
    else:
        moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def default_warcinfo(prefix: str) -> dict[str, str]:
    """The warcinfo fields every file starts with; callers add or override (robots, operator…)."""
    return {
        "software": f"nianbao/{_version('nianbao')} (warcio/{_version('warcio')}; "
        f"Python/{platform.python_version()})",
        "format": "WARC File Format 1.1",
        "conformsTo": CONFORMS_TO,
        "isPartOf": prefix,
        "hostname": socket.gethostname(),
        "robots": "unknown",
        "http-header-note": RECONSTRUCTION_NOTE,
    }


class WarcWriter:
    """Thread-safe writer of one WARC series ``{prefix}-{timestamp}-{pid}-{serial}-{host}.warc.gz``.

    *record_id_factory* exists so tests can fix record ids (golden bytes); leave it unset.
    """

    def __init__(
        self,
        directory: str | Path,
        *,
        prefix: str = "nianbao",
        max_bytes: int = 1_000_000_000,
        warcinfo: dict | None = None,
        fsync: bool = False,
        record_id_factory: Callable[[], str] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.fsync = fsync
        self.warcinfo = {**default_warcinfo(prefix), **(warcinfo or {})}
        self._make_id = record_id_factory or RecordBuilder._make_warc_id
        self._hostname = warc_hostname()
        self._lock = threading.Lock()
        self._serial = 0
        self._fh: BinaryIO | None = None
        self._name: str | None = None
        self._warcio: WARCWriter | None = None
        self._warcinfo_id: str | None = None
        self.closed_files: list[Path] = []

    # -- public API ---------------------------------------------------------------------
    @property
    def current_file(self) -> str | None:
        """Final name of the file being written (it sits on disk with ``.open`` appended)."""
        return self._name

    def write_exchange(self, exchange: Exchange) -> CaptureLocation:
        """Write *exchange* as a response record and its request record; where the response landed."""
        date = warc_date(exchange.fetched_at)
        extra = {}
        if exchange.truncated:
            extra["WARC-Truncated"] = exchange.truncated
        with self._lock:
            writer = self._writer()
            response = writer.create_warc_record(
                _target_uri(exchange.url), "response", payload=BytesIO(exchange.body),
                length=len(exchange.body), http_headers=response_head(exchange),
                warc_headers_dict=self._warc_headers("response", exchange, date, extra),
            )
            return self._write_pair(exchange, response, date)

    def write_revisit(
        self,
        exchange: Exchange,
        *,
        profile: RevisitProfile,
        refers_to: CaptureLocation,
        refers_to_uri: str | None = None,
    ) -> CaptureLocation:
        """Write a revisit record pointing at the earlier capture *refers_to*, then the request.

        ``identical-payload-digest``: a 200 whose payload digest equals the original's;
        the record keeps the new HTTP headers and no body. ``server-not-modified``: a 304
        to a conditional request; the block is empty (so pywb replays the original's
        headers and payload, not a bodiless 304) and ``WARC-Truncated: length`` is set.
        Both carry ``WARC-Refers-To``, ``-Target-URI``, ``-Date`` and the original digest.

        A revisit is what every unchanged URL costs on every re-run, so it carries only
        what resolves and describes it: no ``WARC-Warcinfo-ID`` (the file's warcinfo, and
        the original's, still apply), and an empty block has no digest and no
        ``Content-Type`` (there is nothing to digest or type).
        """
        if profile not in REVISIT_PROFILES:
            raise ValueError(f"unknown revisit profile {profile!r}; expected one of {sorted(REVISIT_PROFILES)}")
        if not refers_to.payload_digest:
            raise ValueError("a revisit needs the original's payload digest; refers_to has none")
        date = warc_date(exchange.fetched_at)
        extra = {
            "WARC-Profile": REVISIT_PROFILES[profile],
            "WARC-Refers-To": refers_to.record_id,
            "WARC-Refers-To-Target-URI": _target_uri(refers_to_uri or exchange.url),
            "WARC-Refers-To-Date": refers_to.warc_date,
            "WARC-Payload-Digest": refers_to.payload_digest,
        }
        if profile == "server-not-modified":
            extra["WARC-Truncated"] = "length"
        http_headers = response_head(exchange) if profile == "identical-payload-digest" else None
        with self._lock:
            writer = self._writer()
            headers = self._warc_headers("revisit", exchange, date, extra)
            headers.pop("WARC-Warcinfo-ID", None)
            revisit = writer.create_warc_record(_target_uri(exchange.url), "revisit", http_headers=http_headers,
                                                warc_headers_dict=headers)
            if http_headers is None:
                revisit.content_type = None  # an empty block: nothing to type
            return self._write_pair(exchange, revisit, date)

    def write_resource(
        self,
        uri: str,
        body: bytes,
        content_type: str,
        *,
        concurrent_to: str | None = None,
        fetched_at: str | None = None,
    ) -> CaptureLocation:
        """Write *body* as a ``resource`` record: content the crawler made, not an HTTP response.

        For a browser-rendered DOM (research/dependencies.md §2): it is not what any server
        sent, so it must never be a ``response`` record; *uri* should then be a ``urn:``
        naming the page (``urn:dom:<url>``) so replay never serves it for the page itself.
        *concurrent_to* links it to the record of the exchange it was made from.
        """
        date = warc_date(fetched_at)
        with self._lock:
            writer = self._writer()
            assert self._fh is not None and self._name is not None
            headers = {"WARC-Type": "resource", "WARC-Record-ID": self._make_id(), "WARC-Date": date,
                       "WARC-Target-URI": _target_uri(uri)}
            if self._warcinfo_id:
                headers["WARC-Warcinfo-ID"] = self._warcinfo_id
            if concurrent_to:
                headers["WARC-Concurrent-To"] = concurrent_to
            record = writer.create_warc_record(
                _target_uri(uri), "resource", payload=BytesIO(body), length=len(body),
                warc_content_type=content_type, warc_headers_dict=headers,
            )
            fh, offset = self._fh, self._fh.tell()
            with self._durable(offset):
                writer.write_record(record)
                length = fh.tell() - offset
            location = CaptureLocation(
                warc_file=self._name, offset=offset, length=length, record_id=headers["WARC-Record-ID"],
                payload_digest=record.rec_headers.get_header("WARC-Payload-Digest"),
                warc_date=date, record_type="resource",
            )
            self._rotate_if_full()
            return location

    def close(self) -> None:
        """Finish the current file: flush, close and drop the ``.open`` suffix."""
        with self._lock:
            self._close_file()

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------
    def _warc_headers(self, record_type: str, exchange: Exchange, date: str, extra: dict[str, str]) -> dict[str, str]:
        """WARC headers in the conventional order: type, id, date, target first."""
        headers = {
            "WARC-Type": record_type, "WARC-Record-ID": self._make_id(), "WARC-Date": date,
            "WARC-Target-URI": _target_uri(exchange.url),
        }
        if self._warcinfo_id:
            headers["WARC-Warcinfo-ID"] = self._warcinfo_id
        if exchange.ip_address:
            headers["WARC-IP-Address"] = str(exchange.ip_address)
        protocol = warc_protocol(exchange.protocol)
        if protocol:
            headers["WARC-Protocol"] = protocol
        headers.update(extra)
        return headers

    def _write_pair(self, exchange: Exchange, response, date: str) -> CaptureLocation:
        """Write *response* then the request record; flush; rotate if the file is full.

        The request has no ``WARC-Warcinfo-ID`` (nor has Heritrix's): it always follows the
        record it is ``WARC-Concurrent-To``, in a file that starts with its warcinfo.
        """
        assert self._fh is not None and self._warcio is not None and self._name is not None
        writer, fh = self._warcio, self._fh
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        request = writer.create_warc_record(
            _target_uri(exchange.url), "request", payload=BytesIO(exchange.request_body),
            length=len(exchange.request_body), http_headers=request_head(exchange),
            warc_headers_dict={
                "WARC-Type": "request", "WARC-Record-ID": self._make_id(), "WARC-Date": date,
                "WARC-Target-URI": _target_uri(exchange.url), "WARC-Concurrent-To": response_id,
            },
        )
        offset = fh.tell()
        with self._durable(offset):
            writer.write_record(response)
            length = fh.tell() - offset
            writer.write_record(request)
        location = CaptureLocation(
            warc_file=self._name, offset=offset, length=length, record_id=response_id,
            payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            warc_date=date, record_type=response.rec_type,
        )
        self._rotate_if_full()
        return location

    @contextmanager
    def _durable(self, offset: int) -> Iterator[None]:
        """Around the writes of one capture: flush (and fsync) them after, undo them on any failure.

        So a capture is on disk before its ``captures`` row points at it, and after a failure
        (in the block or the flush) the file is cut back to *offset*: later captures follow whole records.
        """
        assert self._fh is not None
        fh = self._fh
        try:
            yield
            fh.flush()
            if self.fsync:
                os.fsync(fh.fileno())
        except BaseException:
            self._undo_partial_pair(offset)
            raise

    def _rotate_if_full(self) -> None:
        """Close the file once it reaches ``max_bytes`` (only ever between whole captures)."""
        if self._fh is not None and self._fh.tell() >= self.max_bytes:
            self._close_file()

    def _writer(self) -> WARCWriter:
        """The warcio writer for the current file, opening a new file (with warcinfo) if none."""
        if self._warcio is None:
            self._open_file()
        assert self._warcio is not None
        return self._warcio

    def _open_file(self) -> None:
        while True:
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
            name = f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:05d}-{self._hostname}.warc.gz"
            self._serial += 1
            try:
                fh = open(self.directory / (name + OPEN_SUFFIX), "xb")  # noqa: SIM115 - kept open across calls
            except FileExistsError:
                continue
            if (self.directory / name).exists():
                fh.close()
                os.unlink(self.directory / (name + OPEN_SUFFIX))
                continue
            break
        self._fh, self._name = fh, name
        self._warcio = RecordWriter(fh, gzip=False, warc_version=WARC_VERSION)  # compresses each record itself
        info = self._warcio.create_warcinfo_record(name, self.warcinfo)
        info.rec_headers.replace_header("WARC-Record-ID", self._make_id())
        self._warcinfo_id = info.rec_headers.get_header("WARC-Record-ID")
        self._warcio.write_record(info)
        fh.flush()

    def _undo_partial_pair(self, offset: int) -> None:
        """After a failed write, cut the file back to *offset* so later pairs follow whole records.

        If even that fails (disk gone), the file is abandoned as ``.open`` for salvage and
        the next write starts a new file.
        """
        assert self._fh is not None
        try:
            self._fh.flush()
        except OSError:
            pass
        try:
            self._fh.truncate(offset)
            self._fh.seek(offset)
        except OSError:
            try:
                self._fh.close()
            except OSError:
                pass
            self._fh = self._name = self._warcio = self._warcinfo_id = None

    def _close_file(self) -> None:
        if self._fh is None or self._name is None:
            return
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())
        self._fh.close()
        final = self.directory / self._name
        os.replace(self.directory / (self._name + OPEN_SUFFIX), final)
        self.closed_files.append(final)
        self._fh = self._name = self._warcio = self._warcinfo_id = None


def warc_hostname() -> str:
    """This host's name as it appears in WARC file names (no ``-`` or ``.``, which delimit fields)."""
    return socket.gethostname().replace("-", "_").replace(".", "_") or "localhost"


@lru_cache(maxsize=64)
def _target_uri(url: str) -> str:
    """``WARC-Target-URI``: ASCII (percent-encoded), without fragment.

    Memoised: one capture names its URL in four headers of two records, and w3lib's
    percent-encoding is a measurable share of writing a small record.
    """
    return safe_url_string(url.split("#", 1)[0])
