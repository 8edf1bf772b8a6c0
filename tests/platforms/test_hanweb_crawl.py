"""A real crawl of the Hanweb JCMS county site from its home page alone.

Records hidden in CDATA and in POST-only groups must all be found; attachments with no
extension must be read by their GBK Content-Disposition; the POST list pages must be
archived as request+response pairs and replay in pywb each with its own body.
"""

from __future__ import annotations

import gzip
import urllib.request
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from platform_crawl import capture_count, crawl_site, post, post_pairs, report_rows, timestamp

from archive.db import open_db
from archive.warc_reader import read_capture
from nianbao.ingest import attachment_filename
from portal.server import Portal

KEY = "xichuan"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    with Portal() as portal:
        yield crawl_site(portal, KEY, tmp_path_factory.mktemp("hanweb"))


def test_every_report_is_recorded_with_its_values(crawled):
    rows = report_rows(crawled.data)
    assert len(crawled.truth["reports"]) == 45
    for report in crawled.truth["reports"]:
        assert report["url"] in rows, f"missed {report['title']} ({report['url']})"
        record = rows[report["url"]]["record"]
        assert (record["agency"], record["year"], record["template"]) == (
            report["agency"], report["year"], report["template"]), report["url"]
        assert record["source_format"] == report["source_format"], report["url"]
        assert record["cells"] == report["cells"], report["url"]
    assert set(rows) == {r["url"] for r in crawled.truth["reports"]}, "something else was recorded as a report"


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
    rows = report_rows(crawled.data)
    fetched = {e["path"] for e in crawled.access_log}
    for item in crawled.truth["noise"]:
        assert item["url"] not in rows, item["title"]
        assert urlsplit(item["url"]).path not in fetched, item["title"]


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
    for entry in crawled.access_log:
        target = entry["path"] + "?" + entry["query"]
        assert not any(p in target for p in ("el.url", "qzbFile", "{{", "javascript:")), target


def test_post_groups_are_archived_as_request_response_pairs(crawled):
    pairs = [p for p in post_pairs(crawled.data) if p.url.split("?")[0].endswith("/module/web/jpage/dataproxy.jsp")]
    groups = sorted((parse_qs(p.request_body.decode())["columnid"][0], urlsplit(p.url).query) for p in pairs)
    assert groups == [("1005", "startrecord=19&endrecord=36&perpage=6"),
                      ("1005", "startrecord=37&endrecord=54&perpage=6"),
                      ("2005", "startrecord=7&endrecord=12&perpage=2")]
    for p in pairs:
        assert p.request_concurrent_to == p.response_id and p.request_target == p.url
        assert int(p.request_headers["content-length"]) == len(p.request_body)
        assert p.request_headers["content-type"] == "application/x-www-form-urlencoded"
        column = parse_qs(p.request_body.decode())["columnid"][0]
        assert p.request_headers["referer"].endswith(f"/col/col{column}/index.html")
        form = parse_qsl(p.request_body.decode())
        assert [k for k, _ in form] == ["col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid",
                                         "webname", "permissiontype"]
        assert dict(form)["webname"] == "汐川县人民政府"
        assert b"<datastore>" in p.response_body


@pytest.mark.pywb
def test_every_post_group_replays_its_own_body_in_pywb(crawled, tmp_path, pywb_venv_path):
    from archive.pywb import PywbCollection

    pairs = [p for p in post_pairs(crawled.data) if "dataproxy.jsp" in p.url]
    assert len(pairs) == 3
    originals = {}
    for p in pairs:  # the portal is deterministic: asked again, it answers the same bytes
        status, _, body = post(p.url, p.request_body)
        assert status == 200 and body == p.response_body
        originals[(p.url, p.request_body)] = body
    assert len(set(originals.values())) == 3, "the groups should differ"
    with PywbCollection(tmp_path / "pywb") as collection:
        collection.init().add(sorted((crawled.data / "warcs").glob("*.warc.gz")))
        collection.serve()
        for p in pairs:
            request = urllib.request.Request(collection.url_for(timestamp(p.warc_date), p.url), data=p.request_body,
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            with urllib.request.urlopen(request, timeout=30) as reply:
                replayed = reply.read()
                if reply.headers.get("Content-Encoding") == "gzip":
                    replayed = gzip.decompress(replayed)
            assert replayed == originals[(p.url, p.request_body)], p.url
