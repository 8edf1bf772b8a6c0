"""Rebuild the HTTP messages of an :class:`~archive.exchange.Exchange` for a WARC record.

Scrapy never exposes the bytes that crossed the wire: the body arrives de-chunked (still
content-encoded), the reason phrase is gone, and the request lacks what Twisted adds
while sending (``Host``, ``Content-Length``). A WARC record must still describe the bytes it
stores, or pywb replays them broken while ``warcio check`` passes (research/archiving.md
§0.1-0.5). So this module *reconstructs* the messages and makes the framing honest, the
way Heritrix FetchHTTP2 and Browsertrix do:

- status line ``HTTP/1.0|HTTP/1.1 <code> <standard reason>``; other protocols (h2, h3) are
  written as HTTP/1.1 and reported through ``WARC-Protocol`` by the writer;
- header bytes decoded UTF-8, then GB18030, then latin-1 (never failing, so a raw GBK
  ``Content-Disposition`` cannot drop a record); every value kept in order;
- hop-by-hop headers renamed ``X-Crawler-…`` since the stored body no longer has that
  framing; ``Content-Length`` set to the stored length (a differing original kept as
  ``X-Crawler-Content-Length``); ``Content-Encoding`` kept only while the stored bytes are
  still encoded that way.

The same module decodes a stored body of its ``Content-Encoding`` for readers, so the
knowledge of content codings lives in one place.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from http import HTTPStatus
from urllib.parse import urlsplit

import brotli
from warcio.statusandheaders import StatusAndHeaders

from archive.exchange import Exchange, HeaderList

HOP_BY_HOP = frozenset(
    {"transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade", "proxy-connection"}
)
RENAMED_PREFIX = "X-Crawler-"
# still_encoded decodes this much of a body's start: enough to reject bytes that are not
# in the declared coding (a bad header or first block fails at once), without inflating
# a whole page on every capture just to throw the text away.
_PROBE_BYTES = 16 * 1024
_PROBE_OUTPUT = 4 * 1024
PROBED_CODINGS = frozenset({"gzip", "x-gzip", "deflate", "br"})


class ContentDecodingError(ValueError):
    """A body could not be decoded of the content coding its headers declare."""


def decode_header_bytes(raw: bytes | str) -> str:
    """Header bytes as text: UTF-8, then GB18030 (Chinese sites), then latin-1 (never fails)."""
    if isinstance(raw, str):
        return raw
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def decoded_headers(headers: HeaderList) -> list[tuple[str, str]]:
    """All ``(name, value)`` pairs as text, order and repeats kept, CR/LF folded out."""
    out = []
    for name, value in headers:
        text_name = decode_header_bytes(name).strip()
        text_value = " ".join(decode_header_bytes(value).splitlines()).strip()
        if text_name:
            out.append((text_name, text_value))
    return out


def normalise_protocol(protocol: str | None) -> str:
    """``HTTP/1.0`` stays, everything else (h2, HTTP/2, unknown) is written as ``HTTP/1.1``."""
    if protocol and protocol.strip().upper() == "HTTP/1.0":
        return "HTTP/1.0"
    return "HTTP/1.1"


def warc_protocol(protocol: str | None) -> str | None:
    """The ``WARC-Protocol`` value for *protocol* (``http/1.1``, ``h2`` …), None when unknown."""
    if not protocol:
        return None
    value = protocol.strip().lower()
    aliases = {"http/2": "h2", "http/2.0": "h2", "http/3": "h3", "http/3.0": "h3"}
    return aliases.get(value, value)


def status_line(status: int) -> str:
    """``"200 OK"``: the code with the standard reason phrase (Scrapy drops the real one)."""
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    return f"{status} {reason}".rstrip()


def content_codings(headers: list[tuple[str, str]]) -> list[str]:
    """The content codings applied, in the order the server applied them (``identity`` dropped)."""
    codings: list[str] = []
    for name, value in headers:
        if name.lower() == "content-encoding":
            codings += [c.strip().lower() for c in value.split(",") if c.strip()]
    return [c for c in codings if c != "identity"]


def _decode_one(data: bytes, coding: str, *, partial_ok: bool, limit: int = 0) -> bytes:
    """Undo one content coding; with *partial_ok* a stream cut short is not an error.

    A *limit* (with *partial_ok*) stops gzip and deflate after that many bytes of output:
    enough to tell whether the bytes are in the coding at all.
    """
    try:
        if coding in ("gzip", "x-gzip"):
            if not data.startswith(b"\x1f\x8b"):
                raise ContentDecodingError("gzip declared but the bytes lack the gzip magic number")
            return _inflate(data, zlib.MAX_WBITS | 16, partial_ok, limit)
        if coding == "deflate":
            try:
                return _inflate(data, zlib.MAX_WBITS, partial_ok, limit)
            except (zlib.error, ContentDecodingError):
                return _inflate(data, -zlib.MAX_WBITS, partial_ok, limit)  # raw deflate, as some servers send
        if coding == "br":
            if partial_ok:
                return brotli.Decompressor().process(data)
            return brotli.decompress(data)
    except (zlib.error, brotli.error) as exc:
        raise ContentDecodingError(f"{coding}: {exc}") from exc
    raise ContentDecodingError(f"unsupported content coding {coding!r}")


def _inflate(data: bytes, wbits: int, partial_ok: bool, limit: int = 0) -> bytes:
    """zlib inflate of every member (concatenated gzip members are legal); *limit*: see _decode_one."""
    out = []
    while data:
        inflater = zlib.decompressobj(wbits)
        out.append(inflater.decompress(data, limit))
        if limit and partial_ok:
            break
        if not inflater.eof:
            if not partial_ok:
                raise ContentDecodingError("compressed stream ends early (truncated body?)")
            break
        data = inflater.unused_data
    return b"".join(out)


def decode_content(body: bytes, codings: list[str], *, partial_ok: bool = False) -> bytes:
    """*body* with its content codings undone (last applied first).

    Raises :class:`ContentDecodingError` on bytes that are not in the declared coding or,
    unless *partial_ok* (a capture flagged truncated), that end mid-stream.
    """
    for coding in reversed(codings):
        body = _decode_one(body, coding, partial_ok=partial_ok)
    return body


def still_encoded(body: bytes, codings: list[str]) -> bool:
    """Whether *body* really is in the declared codings (probes the outermost one on a prefix).

    gzip and deflate are probed by inflating at most :data:`_PROBE_OUTPUT` bytes of the
    first :data:`_PROBE_BYTES`: a body that is not in the coding fails in its header or
    first block, and the rest of the page need not be inflated (readers decode it later).

    An empty body counts as encoded: there is nothing a client could mis-decode; so does a
    coding we cannot probe (``zstd``, ``compress``): the bytes are kept as the server said.
    """
    if not body or not codings or codings[-1] not in PROBED_CODINGS:
        return True
    try:
        _decode_one(body[:_PROBE_BYTES], codings[-1], partial_ok=True, limit=_PROBE_OUTPUT)
    except ContentDecodingError:
        return False
    return True


def response_head(exchange: Exchange) -> StatusAndHeaders:
    """The response's status line and headers, framing made to describe ``exchange.body``."""
    original = decoded_headers(exchange.response_headers)
    keep_encoding = still_encoded(exchange.body, content_codings(original))
    stored_length = str(len(exchange.body))
    headers: list[tuple[str, str]] = []
    length_written = False
    for name, value in original:
        lower = name.lower()
        if lower in HOP_BY_HOP or (lower == "content-encoding" and not keep_encoding):
            headers.append((RENAMED_PREFIX + name, value))
        elif lower == "content-length":
            if value.strip() != stored_length:
                headers.append((RENAMED_PREFIX + name, value))
            if not length_written:
                headers.append(("Content-Length", stored_length))
                length_written = True
        else:
            headers.append((name, value))
    if not length_written:
        headers.append(("Content-Length", stored_length))
    return StatusAndHeaders(status_line(exchange.status), headers, protocol=normalise_protocol(exchange.protocol))


@lru_cache(maxsize=64)
def request_target(url: str) -> tuple[str, str]:
    """``(host[:port], path?query)`` of *url*, the way a client writes its request line.

    Memoised: each capture asks twice (the crawler for ``Host``, the writer for the request
    line), and ``urlsplit`` is a visible share of writing a small record.
    """
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port and parts.port != default_port:
        host = f"{host}:{parts.port}"
    return host, target


def request_head(exchange: Exchange) -> StatusAndHeaders:
    """The request line and headers as sent: ``Host`` and ``Content-Length`` added like Twisted.

    ``Content-Type`` is never invented: Scrapy's form and JSON requests carry their own,
    and a request sent without one is recorded without one (pywb then keys it as binary).
    """
    host, target = request_target(exchange.url)
    headers = decoded_headers(exchange.request_headers)
    names = {name.lower() for name, _ in headers}
    if "host" not in names:
        headers.insert(0, ("Host", host))
    if exchange.request_body or "content-length" in names:
        headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
        headers.append(("Content-Length", str(len(exchange.request_body))))
    line = f"{exchange.method.upper()} {target} {normalise_protocol(exchange.protocol)}"
    return StatusAndHeaders(line, headers, is_http_request=True)
