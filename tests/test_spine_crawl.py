"""The spine end to end: the bundled portal crawled from its home pages alone, into WARCs,
the database and the export, checked against the portal's own truth and replayed in pywb.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from portal.server import Portal

NIANBAO = [sys.executable, "-m", "nianbao"]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One crawl of the whole portal (epoch 1); yields (truth, data dir, crawl output)."""
    data = tmp_path_factory.mktemp("spine")
    with Portal() as portal:  # kept running: the replay test compares with what it serves
        roots = [site.root_url for site in portal.sites]
        result = subprocess.run(NIANBAO + ["crawl", *roots, "--data", str(data), "--fast", "--quiet"],
                                capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stderr[-3000:]
        yield portal.truth(), data, result.stdout, list(portal.access_log)


def report_rows(data: Path) -> dict[str, dict]:
    db = open_db(data / "nianbao.db")
    return {row["url"]: row for row in db.query("SELECT * FROM reports")}


def test_every_report_found_and_no_noise(crawled):
    truth, data, _, _ = crawled
    found = report_rows(data)
    expected = {r["url"] for r in truth["reports"]}
    assert expected, "the portal's truth lists no reports"
    assert expected - set(found) == set(), "reports the crawl missed"
    noise = {n["url"] for n in truth["noise"]}
    assert noise & set(found) == set(), "look-alike items recorded as reports"
    assert set(found) - expected == set(), "documents recorded as reports that the portal does not list as reports"


def test_every_report_has_the_published_values(crawled):
    truth, data, _, _ = crawled
    found = report_rows(data)
    for report in truth["reports"]:
        record = json.loads(found[report["url"]]["record"])
        assert record["year"] == report["year"], report["url"]
        assert record["template"] == report["template"], report["url"]
        assert record["agency"] == report["agency"], report["url"]
        assert record["cells"] == report["cells"], report["url"]
        assert record["source_format"] == report["source_format"], report["url"]


def test_summary_is_printed(crawled):
    truth, _, stdout, _ = crawled
    for label in ("sites", "pages fetched", "reports found", "cells extracted", "checks failed", "WARC files"):
        assert label in stdout
    [line] = [line for line in stdout.splitlines() if "reports found" in line]
    assert line.split()[-2:] == [str(len(truth["reports"])), "│"] or line.split()[-1] == str(len(truth["reports"]))


def test_every_warc_passes_warcio_check_and_is_closed(crawled):
    _, data, _, _ = crawled
    warcs = sorted((data / "warcs").glob("*.warc.gz"))
    assert warcs and not list((data / "warcs").glob("*.open"))
    result = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", *map(str, warcs)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_capture_rows_point_at_their_records(crawled):
    _, data, _, _ = crawled
    db = open_db(data / "nianbao.db")
    rows = list(db.query("SELECT * FROM captures"))
    assert len(rows) > 20
    for row in rows:
        with open(data / "warcs" / row["warc_file"], "rb") as handle:
            handle.seek(row["offset"])
            record = next(iter(ArchiveIterator(handle)))
            assert record.rec_headers.get_header("WARC-Record-ID") == row["record_id"]
            assert record.rec_headers.get_header("WARC-Target-URI") == row["url"]


def test_export_jsonl_carries_the_record_and_its_capture(crawled):
    truth, data, _, _ = crawled
    result = subprocess.run(NIANBAO + ["export", "--format", "jsonl", "--data", str(data)],
                            capture_output=True, text=True, check=True)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(truth["reports"])
    for row in rows:
        assert set(row) >= {"url", "agency", "year", "template", "source_format", "cells", "raw_cells", "missing",
                            "checks", "capture"}
        assert row["capture"]["warc_file"].endswith(".warc.gz") and row["capture"]["record_id"].startswith("<urn:uuid:")


def test_export_csv_has_a_column_per_code(crawled):
    _, data, _, _ = crawled
    out = data / "reports.csv"
    subprocess.run(NIANBAO + ["export", "--format", "csv", "--data", str(data), "-o", str(out)], check=True)
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "t3.new.natural" in header and "t4.review.total" in header and "warc_record_id" in header


def test_crawl_asked_only_for_portal_urls_and_respected_robots(crawled):
    _, _, _, access_log = crawled
    assert access_log, "the portal saw no requests"
    assert any(entry["path"] == "/robots.txt" for entry in access_log)


@pytest.mark.pywb
def test_every_capture_replays_byte_exact_in_pywb(crawled, tmp_path, pywb_venv_path):
    from archive.pywb import PywbCollection

    _, data, _, _ = crawled
    db = open_db(data / "nianbao.db")
    captures = list(db.query("SELECT url, fetched_at, warc_file, offset FROM captures "
                             "WHERE status = 200 AND method = 'GET'"))
    originals = {}
    for row in captures:  # the portal is still serving: its identity bytes are the original
        if row["url"].endswith("/robots.txt"):
            continue
        with urllib.request.urlopen(row["url"], timeout=30) as reply:
            originals[row["url"]] = (row["fetched_at"], reply.read())
    assert len(originals) > 20
    with PywbCollection(tmp_path / "pywb") as collection:
        collection.init().add(sorted((data / "warcs").glob("*.warc.gz")))
        collection.serve()
        for url, (fetched_at, body) in originals.items():
            timestamp = "".join(ch for ch in fetched_at if ch.isdigit())[:14]
            for accept in (None, "gzip"):
                request = urllib.request.Request(collection.url_for(timestamp, url))
                if accept:
                    request.add_header("Accept-Encoding", accept)
                with urllib.request.urlopen(request, timeout=30) as reply:
                    replayed = reply.read()
                    if reply.headers.get("Content-Encoding") == "gzip":
                        replayed = gzip.decompress(replayed)
                assert replayed == body, f"{url} (Accept-Encoding: {accept})"


def test_extract_an_archived_url_gives_the_published_values(crawled):
    truth, data, _, _ = crawled
    report = next(r for r in truth["reports"] if r["source_format"] == "pdf")
    result = subprocess.run(NIANBAO + ["extract", report["url"], "--data", str(data), "--json"],
                            capture_output=True, text=True, check=True)
    record = json.loads(result.stdout)
    assert record["cells"] == report["cells"] and record["source_format"] == "pdf"


def test_extract_of_a_url_not_in_the_archive_says_so(crawled):
    _, data, _, _ = crawled
    result = subprocess.run(NIANBAO + ["extract", "http://127.0.0.1:9/nowhere.html", "--data", str(data)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "no archived 200 response" in result.stderr


def test_reextract_rebuilds_the_reports_from_the_warcs(crawled, tmp_path):
    import shutil

    truth, data, _, _ = crawled
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)
    db = open_db(copy / "nianbao.db")
    with db.conn:
        db.execute("DELETE FROM cells")
        db.execute("DELETE FROM checks")
        db.execute("DELETE FROM reports")
    db.close()
    subprocess.run(NIANBAO + ["reextract", "--data", str(copy)], capture_output=True, text=True, check=True)
    rebuilt = report_rows(copy)
    assert set(rebuilt) == {r["url"] for r in truth["reports"]}
    for report in truth["reports"]:
        assert json.loads(rebuilt[report["url"]]["record"])["cells"] == report["cells"]


def test_sites_table_names_each_site_and_its_platform(crawled):
    truth, data, _, _ = crawled
    db = open_db(data / "nianbao.db")
    sites = {row["root_url"]: row for row in db.query("SELECT * FROM sites")}
    assert set(sites) == {site["root_url"] for site in truth["sites"]}
    for site in truth["sites"]:
        assert sites[site["root_url"]]["name"] and sites[site["root_url"]]["platform"], site
