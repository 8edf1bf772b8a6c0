"""Salvage the ``.open`` WARC files a killed crawl left behind.

The writer (``archive.warc_writer``) writes each record as its own gzip member, flushes
after every response+request pair and renames ``*.warc.gz.open`` to ``*.warc.gz`` only
on a clean close. After ``kill -9`` (or a power cut) an ``.open`` file holds complete
records followed, at worst, by one torn member. Salvage keeps every complete record,
cuts the torn tail, and renames the file so indexers and pywb accept it — the
Heritrix/warcprox model (research/archiving.md §4.5 item 10).

"Complete" is checked strictly, without trusting warcio's lenient reader: the gzip
member must reach its end marker (CRC and length verified by zlib), and the
decompressed record must be exactly ``header + Content-Length + CRLF CRLF`` bytes long.
Memory stays bounded: members are inflated in chunks and only the WARC header is kept.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

OPEN_SUFFIX = ".open"
CHUNK = 1 << 20
HEADER_LIMIT = 1 << 16  # a WARC header longer than this is not one our writer produced
_CONTENT_LENGTH = re.compile(rb"^content-length:\s*(\d+)\s*$", re.I | re.M)
_RECORD_TYPE = re.compile(rb"^warc-type:\s*(\S+)\s*$", re.I | re.M)


@dataclass
class SalvageResult:
    """What salvaging one ``.open`` file did."""

    source: Path  # the .open file as found
    target: Path | None  # the renamed, finished file; None when nothing worth keeping was left
    records: int  # complete records kept
    captures: int  # response/revisit/resource records among them
    kept_bytes: int
    cut_bytes: int  # torn tail removed


@dataclass
class _Member:
    length: int  # compressed bytes of the gzip member
    record_type: str


def _record_header(head: bytes) -> tuple[int, int, str] | None:
    """``(header length, Content-Length, WARC-Type)`` of a record's start, or None if torn/garbled."""
    end = head.find(b"\r\n\r\n")
    if end < 0 or not head.startswith(b"WARC/"):
        return None
    header = head[: end + 4]
    length = _CONTENT_LENGTH.search(header)
    kind = _RECORD_TYPE.search(header)
    if length is None or kind is None:
        return None
    return len(header), int(length.group(1)), kind.group(1).decode("ascii", "replace").lower()


def _read_member(fh, start: int) -> _Member | None:
    """The complete gzip member holding one whole WARC record at *start*, or None."""
    fh.seek(start)
    inflater = zlib.decompressobj(wbits=31)
    consumed = 0
    produced = 0
    head = b""
    while not inflater.eof:
        chunk = fh.read(CHUNK)
        if not chunk:
            return None  # the member ends before its gzip trailer: torn
        try:
            out = inflater.decompress(chunk)
        except zlib.error:
            return None
        consumed += len(chunk)
        produced += len(out)
        if len(head) < HEADER_LIMIT:
            head += out[: HEADER_LIMIT - len(head)]
    consumed -= len(inflater.unused_data)
    parsed = _record_header(head)
    if parsed is None:
        return None
    header_length, content_length, record_type = parsed
    if produced != header_length + content_length + 4:
        return None
    return _Member(consumed, record_type)


def complete_prefix(path: str | Path) -> tuple[int, int, int]:
    """``(bytes, records, captures)`` of the longest prefix of *path* made of complete records."""
    size = os.path.getsize(path)
    kept = records = captures = 0
    with open(path, "rb") as fh:
        while kept < size:
            member = _read_member(fh, kept)
            if member is None:
                break
            kept += member.length
            records += 1
            captures += member.record_type in ("response", "revisit", "resource")
    return kept, records, captures


def salvage_warc(path: str | Path) -> SalvageResult:
    """Cut *path* (an ``.open`` file) to its complete records and give it its final name.

    A file with no capture left (only a warcinfo, or nothing readable) is removed: it
    holds no data. An existing file with the final name is never overwritten; the
    salvaged file then keeps a ``.salvaged`` suffix before ``.warc.gz``.
    """
    path = Path(path)
    kept, records, captures = complete_prefix(path)
    size = path.stat().st_size
    if captures == 0:
        path.unlink()
        logger.warning("salvage: %s held no complete capture (%d bytes), removed", path.name, size)
        return SalvageResult(path, None, records, 0, 0, size)
    with open(path, "r+b") as fh:
        fh.truncate(kept)
        fh.flush()
        os.fsync(fh.fileno())
    target = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
    if target.exists():
        target = target.with_name(target.name.replace(".warc", ".salvaged.warc", 1))
    os.replace(path, target)
    if size != kept:
        logger.warning("salvage: %s: kept %d complete records, cut a torn tail of %d bytes",
                       target.name, records, size - kept)
    return SalvageResult(path, target, records, captures, kept, size - kept)


def salvage_directory(warc_dir: str | Path) -> list[SalvageResult]:
    """Salvage every ``.open`` WARC in *warc_dir*. Call only when no writer is running there."""
    directory = Path(warc_dir)
    if not directory.is_dir():
        return []
    return [salvage_warc(p) for p in sorted(directory.glob("*.warc.gz" + OPEN_SUFFIX))]
