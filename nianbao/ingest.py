"""Capture → record → database: the one path from archived bytes to report rows.

Used by the crawl's item pipeline and by ``nianbao reextract`` alike, so a better
extractor improves old captures by simply running again over the WARCs.

Which captured documents are reports? A detail page whose title is a report title is a
report document when its body holds the report (template cells, or the text of a
pre-2019 report), or when it has no attachment to hold it instead — unless it shows nothing
of a report at all (no table, no section or chapter text, no report title or year of its
own: the 暂无年报 answer of a 年报 module, linked like a report); an attachment of such
a page is a report document when it holds cells or report text, or when it cannot be read
(flagged ``needs_ocr`` / ``unreadable`` — kept visible, never dropped silently).

A document the page *embeds* (kind ``embedded``: the Fujian 全真版 in a pdf.js viewer) is
the same report in another form. When the page's own text holds the report, the embedded
copy is an ``alternate_form``: archived, remembered in ``documents`` with its page, read on
demand (``nianbao extract URL``), but not extracted — the report is counted once, and the
crawl does not pay a PDF parse (~160 ms) to learn what the page already said; whether the
page holds it is read again from the page's capture (an HTML parse, ~10 ms), so the choice
does not depend on which of the two finished first. When the page holds no report (a page
that only shows a viewer), the embedded document is decided like any attachment.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message

import sqlite_utils

from archive.captures import capture_row
from archive.report_rows import PreparedReport, prepare_report, write_report
from archive.revisits import resolve_original
from archive.warc_reader import read_capture
from extract.api import extract_bytes
from extract.record import Record
from extract.titles import agency_from_title, is_report_title, report_year

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    kind: str  # "report", "page_without_report", "attachment_without_report", "alternate_form", "unreadable_capture"
    report_id: int | None = None
    cells: int = 0


def attachment_filename(content_disposition: str | None) -> str | None:
    """The file name a Content-Disposition header gives (RFC 6266 / 8187 forms)."""
    if not content_disposition:
        return None
    message = Message()
    message["content-disposition"] = content_disposition
    name = message.get_filename()
    return name.strip() if name else None


def holds_report(record: Record) -> bool:
    return bool(record.cells or record.raw_cells) or (record.template == "legacy" and any(record.sections.values()))


def shows_no_report(record: Record) -> bool:
    """True when a readable document, as read before the listing page fills anything in, holds
    nothing of a report: no cells, no section or chapter text, neither a report title nor a
    report year of its own. A page that is cut short or unreadable is never said to be empty."""
    if holds_report(record) or unreadable(record) or "truncated" in record.flags:
        return False
    if any(record.sections.values()) or record.chapters or record.legacy_rows:
        return False
    return record.year is None and not (record.title and is_report_title(record.title))


def unreadable(record: Record) -> bool:
    return any(flag == "needs_ocr" or flag.startswith("unreadable") for flag in record.flags)


def fill_from_page(record: Record, title: str | None, published: str | None) -> None:
    """Complete what the document itself does not say from the page that listed or linked it
    (an attachment knows neither its title nor its publish date)."""
    record.published = record.published or published
    if not title:
        return
    record.title = record.title or title
    record.agency = record.agency or agency_from_title(title)
    record.year = record.year or report_year(title)


@dataclass
class CapturedDocument:
    """The bytes of one capture as extraction needs them (revisits resolved to their original)."""

    payload: bytes
    content_type: str | None
    filename: str | None
    url: str


def extract_document(document: CapturedDocument) -> Record:
    """Bytes → record. A plain function of picklable data, so it can run in a worker process."""
    return extract_bytes(document.payload, content_type=document.content_type, filename=document.filename,
                         url=document.url)


def read_stored(warc_dir: str, capture: dict, url: str | None = None) -> CapturedDocument:
    """The bytes of the (non-revisit) capture row *capture*, read back from its WARC record."""
    stored = read_capture(warc_dir, capture["warc_file"], capture["offset"])
    return CapturedDocument(stored.payload(), stored.header("Content-Type"),
                            attachment_filename(stored.header("Content-Disposition")), url or capture["url"])


def extract_capture(warc_dir: str, capture: dict, url: str | None = None) -> Record:
    """The record of the (non-revisit) capture row *capture*, read back from its WARC record."""
    return extract_document(read_stored(warc_dir, capture, url))


@dataclass
class Decision:
    """What a captured document is, decided where it was extracted (in a crawl, a worker).

    Carries the report's rows ready to insert, so the process holding the database only
    runs the SQL; *error* says why the bytes could not be read (``unreadable_capture``).
    """

    kind: str  # as Outcome.kind
    report: PreparedReport | None = None
    error: str | None = None


READ_ERRORS = (OSError, ValueError, KeyError, LookupError)  # a capture we cannot read back is a finding, not a crash


def decide(item: dict, record: Record) -> Decision:
    """Whether *record*, extracted from the document *item* names, is a report document."""
    empty = shows_no_report(record)
    fill_from_page(record, item.get("title"), item.get("published"))
    if item["kind"] == "page":
        is_report = holds_report(record) or not (item.get("attachments") or empty)
        kind_if_not = "page_without_report"
    else:
        is_report = holds_report(record) or unreadable(record)
        kind_if_not = "attachment_without_report"
    if not is_report:
        return Decision(kind_if_not)
    return Decision("report", prepare_report(record.to_dict()))


def page_holds_report(warc_dir: str, page_capture: dict | None) -> bool:
    """True when the page stored at the capture row *page_capture* holds a report in its own
    text; False when it does not, or cannot be read (the embedded copy is then extracted)."""
    if page_capture is None:
        return False
    try:
        return holds_report(extract_capture(warc_dir, page_capture))
    except READ_ERRORS:
        return False


def decide_stored(warc_dir: str, original: dict, item: dict) -> Decision:
    """Read, extract and decide the document *item* names, stored at the capture row *original*.

    The whole CPU side of ingesting one document — inflating the record, extracting,
    encoding the rows — in one function of picklable arguments, for a worker process.
    An embedded document whose page holds the report is an alternate form, never extracted.
    """
    if item["kind"] == "embedded" and page_holds_report(warc_dir, item.get("page_capture")):
        return Decision("alternate_form")
    try:
        try:
            document = read_stored(warc_dir, original, item.get("url"))
        except FileNotFoundError:  # the crawl renamed the file from .open between our two looks
            document = read_stored(warc_dir, original, item.get("url"))
    except READ_ERRORS as error:
        return Decision("unreadable_capture", error=str(error))
    return decide(item, extract_document(document))


def linking_page(db: sqlite_utils.Database, capture_id: int, page_url: str | None) -> dict | None:
    """The capture row of the page that linked capture *capture_id*: the latest GET of
    *page_url* archived before it — in a crawl and in ``reextract`` alike."""
    rows = db.query("SELECT * FROM captures WHERE url = ? AND id < ? AND record_type IN ('response', 'revisit') "
                    "AND coalesce(method, 'GET') = 'GET' ORDER BY id DESC LIMIT 1", [page_url, capture_id])
    return next(iter(rows), None)


def embedded_decision(db: sqlite_utils.Database, item: dict) -> Decision | None:
    """``alternate_form`` when the page embedding *item*'s document was already decided to hold
    the report; otherwise None, with the page's capture (revisits resolved) put in the item as
    ``page_capture`` for the worker to read back — unless the page was decided to hold none.
    Either way the answer is the same: a page that embeds a document is decided a report
    exactly when its own text holds one."""
    page = linking_page(db, item["capture_id"], item.get("page_url"))
    if page is not None and page["page_kind"] == "report":
        return Decision("alternate_form")
    item["page_capture_id"] = page["id"] if page else None  # a crawl may be extracting it right now
    if page is not None and page["page_kind"] == "page_without_report":
        item["page_capture"] = None  # decided already: its text holds no report, nothing to read again
        return None
    try:
        item["page_capture"] = resolve_original(db, page) if page else None
    except READ_ERRORS:
        item["page_capture"] = None
    return None


def original_of(db: sqlite_utils.Database, item: dict) -> dict | Decision:
    """The capture row holding the bytes of the document *item* names (revisits resolved), after
    remembering what the crawl knew of it; a decision instead when one needs no reading: an
    ``unreadable_capture`` when there is no row, an embedded ``alternate_form``."""
    capture = capture_row(db, item["capture_id"])
    remember_document(db, item)
    if item["kind"] == "embedded" and (known := embedded_decision(db, item)) is not None:
        return known
    try:
        return resolve_original(db, capture)
    except READ_ERRORS as error:
        return Decision("unreadable_capture", error=str(error))


def store_decision(db: sqlite_utils.Database, item: dict, decision: Decision, *, run_id: int | None) -> Outcome:
    """Write *decision* about the document *item* names: its capture's kind, and its report rows."""
    if decision.kind == "unreadable_capture":
        logger.error("cannot read capture %s back: %s", item["capture_id"], decision.error)
    # One transaction for the kind and the report rows (write_report commits it): one commit
    # instead of two, and no moment where a capture says ``report`` without its report.
    with db.conn:
        db.conn.execute("UPDATE captures SET page_kind = ? WHERE id = ?", [decision.kind, item["capture_id"]])
        if decision.report is None:
            return Outcome(decision.kind)
        report_id = write_report(db, decision.report, capture_id=item["capture_id"], run_id=run_id,
                                 page_url=item.get("page_url"))
    return Outcome("report", report_id, decision.report.cells_with_value)


def store_item(db: sqlite_utils.Database, item: dict, record: Record, *, run_id: int | None) -> Outcome:
    """Decide whether *record* is a report document and store it if so."""
    return store_decision(db, item, decide(item, record), run_id=run_id)


def ingest_item(db: sqlite_utils.Database, warc_dir: str, item: dict, *, run_id: int | None) -> Outcome:
    """Read, extract and store the document *item* names, in this process."""
    original = original_of(db, item)
    decision = original if isinstance(original, Decision) else decide_stored(warc_dir, original, item)
    return store_decision(db, item, decision, run_id=run_id)


def remember_document(db: sqlite_utils.Database, item: dict) -> None:
    """Keep what the crawl knew of this document beyond its bytes, for ``reextract``."""
    with db.conn:
        db.conn.execute(
            "INSERT INTO documents (capture_id, kind, title, published, page_url, attachments) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (capture_id) DO UPDATE SET kind = excluded.kind, "
            "title = excluded.title, published = excluded.published, page_url = excluded.page_url, "
            "attachments = excluded.attachments",
            [item["capture_id"], item["kind"], item.get("title"), item.get("published"), item.get("page_url"),
             json.dumps(item.get("attachments") or [], ensure_ascii=False)])


def record_platform(db: sqlite_utils.Database, site: str | None, platform: str) -> None:
    """Note on the site's row which CMS platform an adapter recognised (comma-joined)."""
    if not site:
        return
    for row in db.query("SELECT id, platform FROM sites WHERE site = ?", [site]):
        known = [p for p in (row["platform"] or "").split(",") if p]
        if platform not in known:
            db["sites"].update(row["id"], {"platform": ",".join(known + [platform])})


def record_site(db: sqlite_utils.Database, item: dict) -> None:
    """Upsert the sites row for a seed's home page."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    existing = list(db.query("SELECT id FROM sites WHERE root_url = ?", [item["root_url"]]))
    name = re.sub(r"\s+", " ", item.get("name") or "").strip()
    if existing:
        db["sites"].update(existing[0]["id"], {"name": name, "last_seen": now})
    else:
        db["sites"].insert({"site": item.get("site"), "root_url": item["root_url"], "name": name, "platform": None,
                            "first_seen": now, "last_seen": now})
