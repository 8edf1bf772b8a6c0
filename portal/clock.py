"""Deterministic times for the portal's pages and documents.

Every build of the portal must be byte-identical (Last-Modified, ETag and the re-run
benchmarks depend on it), yet real publication times are scattered over office hours.
So a time is derived from a checksum of the item's own key, never from the clock.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, timedelta, timezone

CST = timezone(timedelta(hours=8), "CST")


def stable(text: str) -> int:
    """A number that depends only on *text*: the same on every build and every machine."""
    return zlib.crc32(text.encode("utf-8"))


def office_time(day: str, key: str, *, opens: int = 9, hours: int = 8) -> datetime:
    """A time in office hours (from *opens* o'clock, over *hours* hours) on *day*, chosen by *key*."""
    h = stable(key)
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, opens + h % hours, (h // hours) % 60, tzinfo=CST)
