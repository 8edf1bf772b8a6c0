"""The CDXJ index is brought up to date run by run, and always equals a full rebuild.

A scheduled archive grows by a few WARC files per run; re-indexing every file each time
makes the end of a run slower with every run. These tests index the real fixture crawl's
WARC, add a second WARC (GET and POST captures written with warcio), and compare the
incremental index with one built from scratch, byte for byte.
"""

from __future__ import annotations

import io
import shutil

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import archive.cdxj as cdxj


def _second_warc(path, base_url: str) -> None:
    """A later run's WARC: a GET page with a Chinese path and a POST list page with its request."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        body = "<html><body>2025年政府信息公开工作年度报告</body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        url = base_url + "/zwgk/%E5%B9%B4%E6%8A%A5/2025.html"  # 年报, as a crawler writes it
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
        form = b"startrecord=46&endrecord=90&perpage=15"
        request = StatusAndHeaders("POST /module/web/jpage/dataproxy.jsp HTTP/1.1", [
            ("Host", base_url.split("//", 1)[1]), ("Content-Type", "application/x-www-form-urlencoded"),
            ("Content-Length", str(len(form)))], is_http_request=True)
        listing = b"<datastore><recordset></recordset></datastore>"
        response = StatusAndHeaders("200 OK", [("Content-Type", "text/xml;charset=UTF-8"),
                                               ("Content-Length", str(len(listing)))], protocol="HTTP/1.1")
        post_url = base_url + "/module/web/jpage/dataproxy.jsp"
        answer = writer.create_warc_record(post_url, "response", payload=io.BytesIO(listing), http_headers=response)
        asked = writer.create_warc_record(post_url, "request", payload=io.BytesIO(form), http_headers=request)
        asked.rec_headers.add_header("WARC-Concurrent-To", answer.rec_headers.get_header("WARC-Record-ID"))
        writer.write_record(answer)  # response, then its request: the pair cdxj-indexer keys by the body
        writer.write_record(asked)


def _two_runs(fixture_crawl, tmp_path):
    warcs = tmp_path / "warcs"
    warcs.mkdir()
    first = warcs / "nianbao-run1-00000.warc.gz"
    shutil.copyfile(fixture_crawl.warc_files[0], first)
    return warcs, first, warcs / "nianbao-run2-00000.warc.gz"


def test_a_new_runs_warc_is_merged_into_the_index_as_a_rebuild_would_write_it(fixture_crawl, tmp_path,
                                                                              monkeypatch):
    warcs, _, second = _two_runs(fixture_crawl, tmp_path)
    index = cdxj.write_cdxj_index(warcs, tmp_path / "index.cdxj")
    first_lines = index.read_bytes().splitlines()
    assert len(first_lines) == 10

    _second_warc(second, fixture_crawl.base_url)
    indexed: list[list[str]] = []
    real_index_warcs = cdxj.index_warcs
    monkeypatch.setattr(cdxj, "index_warcs", lambda paths, *a, **k: (indexed.append([p.name for p in paths]),
                                                                      real_index_warcs(paths, *a, **k)))
    cdxj.write_cdxj_index(warcs, index)
    assert indexed == [[second.name]]  # only the new file was read

    merged = index.read_bytes()
    rebuilt = cdxj.write_cdxj_index(warcs, tmp_path / "rebuilt.cdxj", rebuild=True).read_bytes()
    assert merged == rebuilt
    lines = merged.splitlines()
    assert lines == sorted(lines) and len(lines) == 12
    assert set(first_lines) < set(lines)
    assert any(b"dataproxy.jsp?__wb_method=post&endrecord=90&perpage=15&startrecord=46 " in line for line in lines)


def test_nothing_new_leaves_the_index_alone(fixture_crawl, tmp_path):
    warcs, _, _ = _two_runs(fixture_crawl, tmp_path)
    index = cdxj.write_cdxj_index(warcs, tmp_path / "index.cdxj")
    before = index.stat()
    cdxj.write_cdxj_index(warcs, index)
    after = index.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_a_changed_or_unrecorded_file_makes_a_full_rebuild(fixture_crawl, tmp_path):
    warcs, first, second = _two_runs(fixture_crawl, tmp_path)
    _second_warc(second, fixture_crawl.base_url)
    index = cdxj.write_cdxj_index(warcs, tmp_path / "index.cdxj")
    assert len(index.read_bytes().splitlines()) == 12

    second.unlink()  # a covered file is gone: its lines must not survive a merge
    cdxj.write_cdxj_index(warcs, index)
    assert index.read_bytes() == cdxj.write_cdxj_index(warcs, tmp_path / "only_first.cdxj", rebuild=True).read_bytes()
    assert len(index.read_bytes().splitlines()) == 10

    _second_warc(second, fixture_crawl.base_url)
    (tmp_path / "index.cdxj.warcs").write_text("not json", encoding="utf-8")  # unreadable coverage
    cdxj.write_cdxj_index(warcs, index)
    assert len(index.read_bytes().splitlines()) == 12
    assert index.read_bytes() == cdxj.write_cdxj_index(warcs, tmp_path / "both.cdxj", rebuild=True).read_bytes()
