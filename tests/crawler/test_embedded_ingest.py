"""The ingest policy for a document a report page embeds (a 全真版 in a pdf.js viewer).

Captures are written to a real WARC and database, then ingested with the code a crawl and
``nianbao reextract`` run: an embedded copy of a report the page's text already holds is an
``alternate_form`` (archived, not extracted, no second report) whichever of the two was
decided first; a page that only shows the viewer has its report read from the embedded PDF.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from scrapy.utils.test import get_crawler

from archive.captures import record_capture
from archive.db import open_db
from archive.exchange import Exchange
from archive.warc_writer import WarcWriter
from crawler.pipelines.report_ingest import ReportIngestPipeline
from nianbao.ingest import ingest_item
from nianbao.reextract import reextract_all
from portal.catalog import load
from portal.render.html import render_report_html
from portal.render.pdf import render_report_pdf

SITE = "http://www.minchuan.gov.cn"
PAGE = SITE + "/zwgk/zfxxgk/zfxxgknb/202501/t20250120_80311.htm"
PDF = SITE + "/zwgk/zfxxgk/zfxxgknb/202501/P020250120612.pdf"
VIEWER = f'<iframe src="/generic2/web/viewer.html?file={PDF.removeprefix(SITE)}"></iframe>'


@pytest.fixture(scope="module")
def report() -> dict:
    return load("own_2019_county")


@pytest.fixture(scope="module")
def pdf_bytes(report) -> bytes:
    return render_report_pdf(report)


def page_html(report: dict, text: bool) -> bytes:
    body = render_report_html(report) if text else "<p>请查看全真版。</p>"
    return (f'<html><head><meta charset="utf-8"><title>{report["title"]}</title></head><body>'
            f'<h1>{report["title"]}</h1><div class="tab-qzb">{VIEWER}</div>'
            f'<div class="TRS_Editor">{body}</div></body></html>').encode()


def archive(tmp_path, page: bytes, pdf: bytes):
    """The page and its embedded PDF archived in crawl order; (db, warc dir, page item, pdf item)."""
    db = open_db(tmp_path / "nianbao.db")
    exchanges = [Exchange(url=PAGE, body=page, response_headers=[(b"Content-Type", b"text/html; charset=utf-8")]),
                 Exchange(url=PDF, body=pdf, response_headers=[(b"Content-Type", b"application/pdf")])]
    with WarcWriter(tmp_path / "warcs") as writer:
        ids = [record_capture(db, exchange, writer.write_exchange(exchange), 1) for exchange in exchanges]
    page_item = {"kind": "page", "url": PAGE, "page_url": PAGE, "capture_id": ids[0], "title": None,
                 "published": "2020-01-15", "attachments": [PDF]}
    pdf_item = {"kind": "embedded", "url": PDF, "page_url": PAGE, "capture_id": ids[1], "title": None,
                "published": "2020-01-15", "attachments": []}
    return db, str(tmp_path / "warcs"), page_item, pdf_item


def page_kinds(db) -> dict[str, str]:
    return {row["url"]: row["page_kind"] for row in db.query("SELECT url, page_kind FROM captures")}


@pytest.mark.parametrize("pdf_first", [False, True])
def test_a_copy_of_the_page_report_is_an_alternate_form_in_either_order(tmp_path, report, pdf_bytes, pdf_first):
    db, warcs, page_item, pdf_item = archive(tmp_path, page_html(report, text=True), pdf_bytes)
    for item in ([pdf_item, page_item] if pdf_first else [page_item, pdf_item]):
        ingest_item(db, warcs, dict(item), run_id=1)  # pdf first: the page is not decided yet
    assert page_kinds(db) == {PAGE: "report", PDF: "alternate_form"}
    assert [row["url"] for row in db.query("SELECT url FROM reports")] == [PAGE]
    documents = {row["capture_id"]: row for row in db.query("SELECT * FROM documents")}
    assert documents[pdf_item["capture_id"]]["kind"] == "embedded"
    assert documents[pdf_item["capture_id"]]["page_url"] == PAGE


def test_a_page_that_only_shows_the_viewer_has_its_report_read_from_the_pdf(tmp_path, report, pdf_bytes):
    db, warcs, page_item, pdf_item = archive(tmp_path, page_html(report, text=False), pdf_bytes)
    ingest_item(db, warcs, page_item, run_id=1)
    ingest_item(db, warcs, pdf_item, run_id=1)
    assert page_kinds(db) == {PAGE: "page_without_report", PDF: "report"}
    [row] = db.query("SELECT url, page_url, record FROM reports")
    record = json.loads(row["record"])
    assert (row["url"], row["page_url"], record["source_format"]) == (PDF, PAGE, "pdf")
    assert record["year"] == report["year"] and record["cells"]


def test_reextract_keeps_the_policy(tmp_path, report, pdf_bytes):
    db, warcs, page_item, pdf_item = archive(tmp_path, page_html(report, text=True), pdf_bytes)
    for item in (page_item, pdf_item):
        ingest_item(db, warcs, item, run_id=1)
    before = [dict(row) for row in db.query("SELECT url, record FROM reports")]
    assert reextract_all(db, warcs) == {"report": 1, "alternate_form": 1}
    assert [dict(row) for row in db.query("SELECT url, record FROM reports")] == before
    assert page_kinds(db) == {PAGE: "report", PDF: "alternate_form"}


def crawl_ingest(tmp_path, items: list[dict]):
    """*items* through the crawl's pipeline in one go, as a crawl hands them over: each
    ``process_item`` returns at once while its document is extracted in a worker."""
    crawler = get_crawler(settings_dict={
        "NIANBAO_WARC_DIR": str(tmp_path / "warcs"), "NIANBAO_DB_PATH": str(tmp_path / "nianbao.db"),
        "NIANBAO_RUN_ID": 1, "NIANBAO_EXTRACT_WORKERS": 1})
    pipeline = ReportIngestPipeline.from_crawler(crawler)

    async def crawl() -> None:
        pipeline.open_spider()
        for item in items:
            await pipeline.process_item(dict(item))
        await pipeline.close_spider()

    asyncio.run(crawl())
    return crawler.stats


def test_in_a_crawl_the_embedded_copy_waits_for_its_page_decision(tmp_path, report, pdf_bytes):
    # The PDF arrives while its page is still being extracted: it is decided from the page's
    # decision, not by a worker reading the page a second time.
    db, _, page_item, pdf_item = archive(tmp_path, page_html(report, text=True), pdf_bytes)
    stats = crawl_ingest(tmp_path, [page_item, pdf_item])
    assert page_kinds(db) == {PAGE: "report", PDF: "alternate_form"}
    assert stats.get_value("nianbao/ingest/waited_for_page") == 1
    assert [row["url"] for row in db.query("SELECT url FROM reports")] == [PAGE]


def test_in_a_crawl_a_viewer_only_page_still_has_its_report_read_from_the_pdf(tmp_path, report, pdf_bytes):
    db, _, page_item, pdf_item = archive(tmp_path, page_html(report, text=False), pdf_bytes)
    stats = crawl_ingest(tmp_path, [page_item, pdf_item])
    assert page_kinds(db) == {PAGE: "page_without_report", PDF: "report"}
    assert stats.get_value("nianbao/ingest/waited_for_page") is None
    [row] = db.query("SELECT url, page_url FROM reports")
    assert (row["url"], row["page_url"]) == (PDF, PAGE)
