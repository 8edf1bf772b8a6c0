"""Dedup across runs: which earlier capture a new exchange can be recorded as a revisit of.

A periodic crawl fetches the same pages again and again; storing each unchanged body
again would grow the archive by a full copy per run. Two revisit profiles avoid it
(research/archiving.md §4.5 item 9, the Heritrix model):

- ``server-not-modified``: the conditional request (``If-None-Match`` /
  ``If-Modified-Since`` from the original's ``ETag`` / ``Last-Modified``) got a 304;
- ``identical-payload-digest``: a response to a GET whose status and payload digest equal
  those of an earlier response record of the same URL — a page that ignores validators,
  and just as well the same 404 page for a missing robots.txt or the same 403 of a
  firewall on every run (POST responses are always stored in full).

Both refer to an original ``response`` record (never to another revisit), by record id,
target URI, date and the original's payload digest string, which is what pywb needs to
resolve them. Everything here reads the ``captures`` table; nothing knows Scrapy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from archive.captures import first_row
from archive.exchange import CaptureLocation, Exchange
from archive.warc_writer import RevisitProfile, WarcWriter, payload_digest

ORIGINAL_COLUMNS = ("id, run_id, url, method, status, payload_digest, warc_file, offset, length, record_id, "
                    "fetched_at, etag, last_modified, content_type")


@dataclass(frozen=True)
class RevisitPlan:
    """How to write an exchange as a revisit: the profile and the original it refers to."""

    profile: RevisitProfile
    refers_to: CaptureLocation
    refers_to_uri: str
    original_capture_id: int | None = None


def location_of(row: dict[str, Any]) -> CaptureLocation:
    """The :class:`CaptureLocation` of a ``captures`` row (an original response record)."""
    return CaptureLocation(warc_file=row["warc_file"], offset=row["offset"], length=row["length"],
                           record_id=row["record_id"], payload_digest=row["payload_digest"],
                           warc_date=row["fetched_at"], record_type="response")


def latest_original(db: sqlite_utils.Database, url: str, method: str = "GET") -> dict[str, Any] | None:
    """The newest complete 200 ``response`` capture of *url*: the validators a conditional GET sends."""
    return first_row(
        db, f"SELECT {ORIGINAL_COLUMNS} FROM captures WHERE url = ? AND method = ? AND status = 200 "
        "AND record_type = 'response' AND truncated IS NULL AND payload_digest IS NOT NULL "
        "ORDER BY id DESC LIMIT 1", [url, method.upper()])


def original_with_digest(db: sqlite_utils.Database, url: str, digest: str,
                         method: str = "GET", status: int = 200) -> dict[str, Any] | None:
    """The newest complete ``response`` capture of *url* with this *status* and payload *digest*."""
    return first_row(
        db, f"SELECT {ORIGINAL_COLUMNS} FROM captures WHERE url = ? AND method = ? AND status = ? "
        "AND payload_digest = ? AND record_type = 'response' AND truncated IS NULL ORDER BY id DESC LIMIT 1",
        [url, method.upper(), status, digest])


def plan_revisit(db: sqlite_utils.Database | None, exchange: Exchange,
                 conditional: dict[str, Any] | None) -> RevisitPlan | None:
    """The revisit *exchange* should be written as, or None to write it in full.

    *conditional* is the original whose validators the request carried (set by the
    conditional-GET middleware). A 304 without a known original, a truncated or empty
    body, a partial (206) response or a POST is written as it is.
    """
    if exchange.status == 304:
        original = conditional or (latest_original(db, exchange.url, exchange.method) if db is not None else None)
        if original is None:
            return None
        return RevisitPlan("server-not-modified", location_of(original), original["url"], original.get("id"))
    if exchange.status == 206 or exchange.truncated or not exchange.body or db is None \
            or exchange.method.upper() != "GET":
        # POST: pywb keys captures by their bodies and does not resolve POST revisits
        # reliably (pywb #762; two pages fetched in one second replay each other's body).
        return None
    original = original_with_digest(db, exchange.url, payload_digest(exchange.body), exchange.method,
                                    exchange.status)
    if original is None:
        return None
    return RevisitPlan("identical-payload-digest", location_of(original), original["url"], original["id"])


def write_capture(writer: WarcWriter, db: sqlite_utils.Database | None, exchange: Exchange,
                  conditional: dict[str, Any] | None = None) -> CaptureLocation:
    """Write *exchange* as the revisit :func:`plan_revisit` chooses, else in full.

    The one write rule of every capture path (Scrapy's and the browser's), so that an
    unchanged body is never stored twice whichever client fetched it.
    """
    plan = plan_revisit(db, exchange, conditional)
    if plan is None:
        return writer.write_exchange(exchange)
    return writer.write_revisit(exchange, profile=plan.profile, refers_to=plan.refers_to,
                                refers_to_uri=plan.refers_to_uri)


def resolve_original(db: sqlite_utils.Database, capture: dict[str, Any]) -> dict[str, Any]:
    """The capture row holding the bytes of *capture*: itself, or for a revisit its original.

    The original is the newest ``response`` record of the same URL with the same payload
    digest written before the revisit, exactly what the revisit's ``WARC-Refers-To``
    names. Raises ``LookupError`` when the original is not in the database.
    """
    if capture.get("record_type") != "revisit":
        return capture
    original = first_row(
        db, "SELECT * FROM captures WHERE url = ? AND payload_digest = ? AND record_type = 'response' AND id < ? "
        "ORDER BY id DESC LIMIT 1", [capture["url"], capture["payload_digest"], capture["id"]])
    if original is None:
        raise LookupError(f"capture {capture['id']} is a revisit of {capture['url']} but its original "
                          f"({capture['payload_digest']}) is not in the database")
    return original
