"""One HTTP exchange as archived: what the crawler saw, free of Scrapy types.

The crawler turns a Scrapy request/response pair into an :class:`Exchange` *before*
decompression (see ``crawler/middlewares/warc_capture.py``) so that ``archive/`` never
imports Scrapy and the WARC writer can be tested with exchanges built by hand.

Headers are lists of ``(name, value)`` byte pairs in the order received, repeated
headers kept (``Set-Cookie`` twice stays twice). Bytes, not str: Chinese sites send raw
GBK in ``Content-Disposition`` and a strict decode here would lose the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HeaderList = list[tuple[bytes, bytes]]


@dataclass
class Exchange:
    url: str
    method: str = "GET"
    request_headers: HeaderList = field(default_factory=list)
    request_body: bytes = b""
    status: int = 200
    protocol: str = "HTTP/1.1"
    response_headers: HeaderList = field(default_factory=list)
    body: bytes = b""  # exactly as received: still content-encoded, de-chunked
    ip_address: str | None = None
    truncated: str | None = None  # WARC-Truncated reason ("length", "time", "disconnect") or None
    fetched_at: str | None = None  # ISO 8601 UTC with microseconds; the writer fills it when None


@dataclass
class CaptureLocation:
    """Where a response record landed: enough to read it back byte for byte."""

    warc_file: str  # file name relative to the WARC directory, final (not .open) name
    offset: int
    length: int  # compressed length of the gzip member holding the response record
    record_id: str
    payload_digest: str | None
    warc_date: str
    record_type: str = "response"
