"""A real crawl of the Hanweb JCMS county site from its home page alone.

Records hidden in CDATA and in POST-only groups must all be found; attachments with no
extension must be read by their GBK Content-Disposition; the POST list pages must be
archived as request+response pairs and replay in pywb each with its own body.
"""

from __future__ import annotations

from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from platform_crawl import (
    capture_count,
    form_pair_problems,
    lookalike_problems,
    placeholder_requests,
    post,
    post_pairs,
    replay_posts,
    report_mismatches,
    report_rows,
)

from archive.db import open_db
from archive.warc_reader import read_capture
from nianbao.ingest import attachment_filename

KEY = "xichuan"
PLACEHOLDER_MARKS = ("el.url", "qzbFile", "{{", "javascript:")


def test_every_report_is_recorded_with_its_values(crawled):
    assert len(crawled.truth["reports"]) == 45
    assert report_mismatches(crawled) == []


def test_reports_listed_only_in_post_groups_were_found(crawled):
    """Records 19–40 of the county column exist only in dataproxy answers."""
    rows = report_rows(crawled.data)
    posted = [p for p in post_pairs(crawled.data) if "columnid=1005" in p.request_body.decode()]
    from_posts = {urlsplit(href).path for p in posted for href in _hrefs(p.response_body.decode("utf-8"))}
    assert len(from_posts) == 22
    found_pages = {urlsplit(r["page_url"]).path for r in rows.values()}
    reports_in_posts = {urlsplit(r["page_url"]).path for r in crawled.truth["reports"]} & from_posts
    assert reports_in_posts and reports_in_posts <= found_pages


def _hrefs(xml: str) -> list[str]:
    from crawler.platforms.hanweb import record_entries, records

    return [url for url, _ in record_entries("http://x/", records(xml))]


def test_look_alikes_are_not_reports_and_not_even_fetched(crawled):
    assert len(crawled.truth["noise"]) == 6
    assert lookalike_problems(crawled) == []


def test_extensionless_attachments_keep_their_gbk_filename(crawled):
    rows = report_rows(crawled.data)
    attached = [r for r in crawled.truth["reports"] if r["source_format"] != "html"]
    assert len(attached) == 2
    for report in attached:
        row = rows[report["url"]]
        assert row["source_format"] == report["source_format"] and row["page_url"] == report["page_url"]
        db = open_db(crawled.data / "nianbao.db")
        capture = db["captures"].get(row["capture_id"])
        stored = read_capture(crawled.data / "warcs", capture["warc_file"], capture["offset"])
        assert attachment_filename(stored.header("Content-Disposition")) == f"{report['title']}.{report['source_format']}"


def test_no_template_placeholder_became_a_request(crawled):
    assert crawled.access_log and capture_count(crawled.data) > 0
    assert placeholder_requests(crawled, PLACEHOLDER_MARKS) == []


def test_post_groups_are_archived_as_request_response_pairs(crawled):
    pairs = [p for p in post_pairs(crawled.data) if p.url.split("?")[0].endswith("/module/web/jpage/dataproxy.jsp")]
    groups = sorted((parse_qs(p.request_body.decode())["columnid"][0], urlsplit(p.url).query) for p in pairs)
    assert groups == [("1005", "startrecord=19&endrecord=36&perpage=6"),
                      ("1005", "startrecord=37&endrecord=54&perpage=6"),
                      ("2005", "startrecord=7&endrecord=12&perpage=2")]
    for p in pairs:
        assert form_pair_problems(p) == []
        column = parse_qs(p.request_body.decode())["columnid"][0]
        assert p.request_headers["referer"].endswith(f"/col/col{column}/index.html")
        form = parse_qsl(p.request_body.decode())
        assert [k for k, _ in form] == ["col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid",
                                         "webname", "permissiontype"]
        assert dict(form)["webname"] == "汐川县人民政府"
        assert b"<datastore>" in p.response_body


@pytest.mark.pywb
def test_every_post_group_replays_its_own_body_in_pywb(crawled, tmp_path, pywb_venv_path):
    pairs = [p for p in post_pairs(crawled.data) if "dataproxy.jsp" in p.url]
    assert len(pairs) == 3
    for p in pairs:  # the portal is deterministic: asked again, it answers the same bytes
        status, _, body = post(p.url, p.request_body)
        assert status == 200 and body == p.response_body
    assert len({p.response_body for p in pairs}) == 3, "the groups should differ"
    assert replay_posts(crawled.data, pairs, tmp_path / "pywb") == [(200, p.response_body) for p in pairs]
