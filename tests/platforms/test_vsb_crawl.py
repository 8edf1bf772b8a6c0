"""A real crawl of the VSB department site from its home page alone.

The home page links the column's old path (a 301); list pages 2–4 are numbered backwards;
two reports are only extension-less ``download.jsp`` files named in raw GBK, two only a
``/__local/`` PDF that the page names in a ``showVsbpdfIframe`` script call; five
look-alikes sit in the list. Everything archived must replay byte-exact in pywb.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from platform_crawl import (
    lookalike_problems,
    placeholder_requests,
    replay_problems,
    replayed_with_live,
    report_mismatches,
    report_rows,
)

from archive.db import open_db
from nianbao.ingest import attachment_filename

KEY = "yunhu_jtj"
PLACEHOLDER_MARKS = ("{{", "}}", "%7B", "item.link", "javascript:")


def test_every_report_is_recorded_with_its_values(crawled):
    assert len(crawled.truth["reports"]) == 11
    assert report_mismatches(crawled) == []


def test_extensionless_downloads_are_typed_from_their_gbk_names(crawled):
    rows = report_rows(crawled.data)
    downloads = {url: row for url, row in rows.items() if "download.jsp" in url}
    assert sorted(row["source_format"] for row in downloads.values()) == ["docx", "pdf"]
    assert all(urlsplit(row["page_url"]).path.startswith("/info/1116/") for row in downloads.values())


def test_pdfs_shown_only_by_script_are_recorded_from_the_pdf(crawled):
    """The department's 2020 report (own_2019_county: 38 new requests, 31 of them from
    natural persons) and the 执法支队's 2023 (own_2021_placeholders: totals printed in
    full-width digits, no 规章 printed as —) are only in the PDF their pages' scripts show."""
    in_body = {(r["agency"], r["year"]): r for r in crawled.truth["reports"] if "/__local/" in r["url"]}
    assert sorted(in_body) == [("云湖市交通运输局", 2020), ("云湖市交通运输综合行政执法支队", 2023)]
    rows = report_rows(crawled.data)
    for report in in_body.values():
        row = rows[report["url"]]
        assert row["page_url"] == report["page_url"] and row["record"]["source_format"] == "pdf"
        assert row["record"]["cells"] == report["cells"]
        assert report["page_url"] not in rows  # the page itself shows no report
    department = rows[in_body[("云湖市交通运输局", 2020)]["url"]]["record"]
    assert (department["cells"]["t3.new.total"], department["cells"]["t3.new.natural"]) == (38, 31)
    unit = rows[in_body[("云湖市交通运输综合行政执法支队", 2023)]["url"]]["record"]
    assert unit["cells"]["t3.new.total"] == 19 and unit["cells"]["t2.rules.issued"] is None
    assert unit["raw_cells"]["t2.rules.issued"] == "—"


def test_the_page_remembers_the_pdf_its_script_shows(crawled):
    db = open_db(crawled.data / "nianbao.db")
    documents = {row["url"]: row for row in db.query(
        "SELECT c.url, c.page_kind, d.kind, d.page_url, d.attachments FROM documents d "
        "JOIN captures c ON c.id = d.capture_id")}
    db.close()
    for report in (r for r in crawled.truth["reports"] if "/__local/" in r["url"]):
        assert documents[report["page_url"]]["page_kind"] == "page_without_report"
        assert json.loads(documents[report["page_url"]]["attachments"]) == [report["url"]]
        pdf = documents[report["url"]]
        assert (pdf["kind"], pdf["page_url"], pdf["page_kind"]) == ("embedded", report["page_url"], "report")


def test_the_moved_column_is_followed_through_its_redirect(crawled):
    seen = {(e["path"], e["status"]) for e in crawled.access_log}
    assert ("/xxgk/zfxxgknb.htm", 301) in seen and ("/zwgk/zfxxgknb.htm", 200) in seen


def test_every_backwards_numbered_list_page_was_read(crawled):
    fetched = {e["path"] for e in crawled.access_log if e["status"] == 200}
    assert {"/zwgk/zfxxgknb/3.htm", "/zwgk/zfxxgknb/2.htm", "/zwgk/zfxxgknb/1.htm"} <= fetched


def test_look_alikes_are_not_reports_and_not_even_fetched(crawled):
    assert len(crawled.truth["noise"]) == 5
    assert lookalike_problems(crawled) == []


def test_no_template_placeholder_became_a_request(crawled):
    assert len(crawled.access_log) > 20
    assert placeholder_requests(crawled, PLACEHOLDER_MARKS) == []


@pytest.mark.pywb
def test_every_capture_replays_byte_exact(crawled, tmp_path, pywb_venv_path):
    replays = replayed_with_live(crawled, tmp_path / "pywb")
    assert {r["url"] for r in crawled.truth["reports"]} <= {r.stored.url for r, _ in replays}
    for r, (status, headers, live) in replays:
        if status == 301:  # the moved column: the redirect itself replays, it has no body to compare
            assert r.status == status == r.stored.status, r.stored.url
            assert r.headers["Location"].endswith("/zwgk/zfxxgknb.htm")
            continue
        assert replay_problems(r, status, live) == []
        if "download.jsp" in r.stored.url:
            expected = attachment_filename(dict(headers)[b"Content-Disposition"].decode("gbk"))
            assert attachment_filename(r.headers["Content-Disposition"]) == expected, r.stored.url
