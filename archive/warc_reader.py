"""Read captures back out of the WARCs: one record by location, or every capture of a file.

Extraction reads reports from the archive, never from the live crawl, so this module is
the way bytes come back: :func:`read_capture` for a row of the ``captures`` table,
:func:`iter_records` for rebuilding the database from the WARC files alone. The body is
returned exactly as stored (still content-encoded); :meth:`StoredResponse.payload` undoes
the content coding the stored headers declare, which is what extraction must parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from archive.exchange import CaptureLocation
from archive.http_headers import content_codings, decode_content
from archive.warc_writer import OPEN_SUFFIX

CAPTURE_TYPES = ("response", "revisit", "resource")


@dataclass
class StoredResponse:
    """A response (or revisit) record: its WARC facts, HTTP head and stored body."""

    url: str
    record_type: str
    record_id: str
    warc_date: str
    status: int | None
    headers: list[tuple[str, str]]
    body: bytes  # as stored: still content-encoded
    payload_digest: str | None = None
    truncated: str | None = None
    protocol: str | None = None  # WARC-Protocol when recorded (e.g. "http/1.1", "h2")
    ip_address: str | None = None
    refers_to: str | None = None  # revisits: WARC-Refers-To / -Target-URI / -Date
    refers_to_uri: str | None = None
    refers_to_date: str | None = None
    method: str | None = None  # from the request record that follows, when there is one
    request_body: bytes = b""
    location: CaptureLocation | None = field(default=None, repr=False)

    def header(self, name: str) -> str | None:
        """Last value of HTTP header *name* (case-insensitive), or None."""
        values = self.header_values(name)
        return values[-1] if values else None

    def header_values(self, name: str) -> list[str]:
        """Every value of HTTP header *name*, in stored order."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def payload(self) -> bytes:
        """The body with its declared ``Content-Encoding`` undone (gzip, deflate, br).

        Raises :class:`archive.http_headers.ContentDecodingError` when the stored bytes do
        not decode as declared; a truncated capture yields what could be decoded.
        """
        codings = content_codings(self.headers)
        if not codings:
            return self.body
        return decode_content(self.body, codings, partial_ok=bool(self.truncated))


def resolve_warc_path(warc_dir: str | Path, warc_file: str) -> Path:
    """The file's path, finished or still being written (``.open``); clear error if neither."""
    base = Path(warc_dir) / warc_file
    for candidate in (base, base.with_name(base.name + OPEN_SUFFIX)):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"WARC file {warc_file!r} not found in {warc_dir} (looked for it and its .open form)")


def read_capture(warc_dir: str | Path, warc_file: str, offset: int) -> StoredResponse:
    """The record starting at byte *offset* of *warc_file* (a ``captures`` row points there)."""
    path = resolve_warc_path(warc_dir, warc_file)
    with open(path, "rb") as fh:
        fh.seek(offset)
        start = fh.read(4)
        if not start:
            raise ValueError(f"no WARC record at offset {offset} of {path}: past the end of the file")
        if not start.startswith((b"\x1f\x8b", b"WARC")):
            raise ValueError(f"no WARC record starts at offset {offset} of {path} (found {start!r})")
        fh.seek(offset)
        iterator = ArchiveIterator(fh)
        try:
            record = next(iterator)
        except StopIteration:
            raise ValueError(f"no WARC record at offset {offset} of {path}") from None
        except Exception as exc:  # warcio raises plain exceptions on garbage
            raise ValueError(f"cannot read a WARC record at offset {offset} of {path}: {exc}") from exc
        stored = _stored(record)
        stored.location = CaptureLocation(
            warc_file=warc_file, offset=offset, length=iterator.get_record_length(),
            record_id=stored.record_id, payload_digest=stored.payload_digest,
            warc_date=stored.warc_date, record_type=stored.record_type,
        )
    return stored


def iter_records(path: str | Path) -> Iterator[StoredResponse]:
    """Every capture (response/revisit/resource record) of one WARC file, in file order.

    The request record written right after a response (``WARC-Concurrent-To``) is joined
    to it, filling ``method`` and ``request_body``; ``location`` names the file by its
    final name even while it still ends in ``.open``.
    """
    path = Path(path)
    final_name = path.name.removesuffix(OPEN_SUFFIX)
    pending: StoredResponse | None = None
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            if record.rec_type == "request" and pending is not None:
                if record.rec_headers.get_header("WARC-Concurrent-To") == pending.record_id:
                    pending.method = record.http_headers.protocol if record.http_headers else None
                    pending.request_body = record.raw_stream.read()
                yield pending
                pending = None
                continue
            if pending is not None:
                yield pending
                pending = None
            if record.rec_type not in CAPTURE_TYPES:
                continue
            stored = _stored(record)
            stored.location = CaptureLocation(
                warc_file=final_name, offset=iterator.get_record_offset(),
                length=iterator.get_record_length(), record_id=stored.record_id,
                payload_digest=stored.payload_digest, warc_date=stored.warc_date,
                record_type=stored.record_type,
            )
            pending = stored
        if pending is not None:
            yield pending


def _stored(record: ArcWarcRecord) -> StoredResponse:
    """A :class:`StoredResponse` from a parsed warcio record (body read in full)."""
    warc = record.rec_headers
    http = record.http_headers
    status = None
    if http is not None and record.rec_type != "request":
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
    return StoredResponse(
        url=warc.get_header("WARC-Target-URI") or "",
        record_type=record.rec_type,
        record_id=warc.get_header("WARC-Record-ID") or "",
        warc_date=warc.get_header("WARC-Date") or "",
        status=status,
        headers=list(http.headers) if http is not None else [],
        body=record.raw_stream.read(),
        payload_digest=warc.get_header("WARC-Payload-Digest"),
        truncated=warc.get_header("WARC-Truncated"),
        protocol=warc.get_header("WARC-Protocol"),
        ip_address=warc.get_header("WARC-IP-Address"),
        refers_to=warc.get_header("WARC-Refers-To"),
        refers_to_uri=warc.get_header("WARC-Refers-To-Target-URI"),
        refers_to_date=warc.get_header("WARC-Refers-To-Date"),
    )
