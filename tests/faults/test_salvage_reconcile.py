"""Salvage of ``.open`` WARCs a killed crawl leaves, and reconciling the database with them.

The files are written by the real writer; the crash is simulated the ways a kill leaves
a file: the writer never closes it (no rename), and its last gzip member is cut short
or followed by bytes that are not a record at all.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from archive.captures import record_capture
from archive.db import open_db
from archive.exchange import Exchange
from archive.reconcile import reconcile, warcinfo_run_id
from archive.salvage import complete_prefix, salvage_directory
from archive.warc_reader import iter_records
from archive.warc_writer import WarcWriter

HTML = "<html><head><title>青溪县2024年政府信息公开工作年度报告</title></head><body>{}</body></html>"


def exchange(i: int) -> Exchange:
    body = HTML.format("一、总体情况 " * (40 + i)).encode("utf-8")
    return Exchange(url=f"http://www.qingxi.gov.cn/zwgk/nb/t2025012{i}_{i}.html", body=body,
                    response_headers=[(b"Content-Type", b"text/html; charset=utf-8")])


def write_unclosed(directory: Path, count: int, run_id: int | None = 7) -> tuple[Path, list]:
    """*count* pairs written and flushed, the writer then abandoned (as by kill -9)."""
    writer = WarcWriter(directory, warcinfo={"nianbao-run-id": str(run_id)} if run_id else None)
    locations = [writer.write_exchange(exchange(i)) for i in range(count)]
    [path] = list(directory.glob("*.warc.gz.open"))
    return path, locations


def warcio_check(venv_bin: Path, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv_bin / "warcio"), "check", str(path)], capture_output=True, text=True)


def test_a_torn_last_member_is_cut_and_the_file_renamed(tmp_path, venv_bin):
    path, locations = write_unclosed(tmp_path, 4)
    last = locations[-1]
    with open(path, "r+b") as fh:  # the kill struck while the 4th response was being written
        fh.truncate(last.offset + last.length // 2)
    [result] = salvage_directory(tmp_path)
    assert result.target == tmp_path / path.name.removesuffix(".open")
    assert not path.exists() and result.target.exists()
    assert result.kept_bytes == last.offset  # everything before the torn member, nothing of it
    assert result.captures == 3 and result.records == 1 + 3 * 2  # warcinfo + three response/request pairs
    assert warcio_check(venv_bin, result.target).returncode == 0
    assert [r.url for r in iter_records(result.target)] == [exchange(i).url for i in range(3)]


def test_garbage_after_complete_records_is_cut(tmp_path, venv_bin):
    path, _ = write_unclosed(tmp_path, 2)
    size = path.stat().st_size
    with open(path, "ab") as fh:  # a half-written gzip header, then zeros from a pre-allocated block
        fh.write(b"\x1f\x8b\x08\x00" + b"\0" * 300)
    [result] = salvage_directory(tmp_path)
    assert result.kept_bytes == size and result.cut_bytes == 304
    assert warcio_check(venv_bin, result.target).returncode == 0


def test_a_member_that_inflates_but_holds_half_a_record_is_cut(tmp_path):
    """A complete gzip member is not enough: the record inside must be whole too."""
    import gzip

    path, _ = write_unclosed(tmp_path, 1)
    good = path.stat().st_size
    record = b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\n" + b"x" * 100
    with open(path, "ab") as fh:
        fh.write(gzip.compress(record))
    assert complete_prefix(path)[0] == good


def test_a_file_with_no_complete_capture_is_removed(tmp_path):
    path, locations = write_unclosed(tmp_path, 1)
    with open(path, "r+b") as fh:
        fh.truncate(locations[0].offset + 10)
    [result] = salvage_directory(tmp_path)
    assert result.target is None and not path.exists() and list(tmp_path.iterdir()) == []


def test_salvage_never_overwrites_a_finished_file_of_the_same_name(tmp_path):
    path, _ = write_unclosed(tmp_path, 1)
    final = path.with_name(path.name.removesuffix(".open"))
    final.write_bytes(b"already here")
    [result] = salvage_directory(tmp_path)
    assert final.read_bytes() == b"already here"
    assert result.target is not None and result.target.name.endswith(".salvaged.warc.gz")


def test_reconcile_removes_rows_past_the_cut_and_re_adds_records_without_rows(tmp_path):
    warcs = tmp_path / "warcs"
    path, locations = write_unclosed(warcs, 5)
    db = open_db(tmp_path / "nianbao.db")
    run_id = db["runs"].insert({"status": "running", "seeds": "[]"}).last_pk
    # Rows for pairs 0, 1 and 4 were committed; the process died before committing 2 and 3.
    # Pair 4's bytes were then lost (a power cut loses flushed but unsynced bytes): its row
    # points past the salvaged end.
    ids = {i: record_capture(db, exchange(i), locations[i], run_id) for i in (0, 1, 4)}
    with open(path, "r+b") as fh:
        fh.truncate(locations[4].offset + 7)
    [salvaged] = salvage_directory(warcs)
    result = reconcile(db, warcs, [salvaged.target.name])
    assert result.rows_removed == [ids[4]]
    assert len(result.rows_added) == 2
    rows = {row["url"]: row for row in db.query("SELECT * FROM captures")}
    assert set(rows) == {exchange(i).url for i in range(4)}
    for i in (2, 3):  # re-added from the record, to the run named in the file's warcinfo
        row = rows[exchange(i).url]
        assert (row["offset"], row["record_id"], row["run_id"]) == (locations[i].offset, locations[i].record_id, 7)
        assert row["status"] == 200 and row["content_type"] == "text/html; charset=utf-8"
    assert warcinfo_run_id(salvaged.target) == 7
    assert not reconcile(db, warcs).changed  # a second pass finds nothing left to do


def test_reconcile_drops_rows_whose_file_is_gone_and_their_reports(tmp_path):
    warcs = tmp_path / "warcs"
    path, locations = write_unclosed(warcs, 1)
    db = open_db(tmp_path / "nianbao.db")
    capture_id = record_capture(db, exchange(0), locations[0], None)
    db["reports"].insert({"capture_id": capture_id, "url": exchange(0).url})
    os.unlink(path)
    result = reconcile(db, warcs)
    assert result.rows_removed == [capture_id]
    assert db["captures"].count == 0 and db["reports"].count == 0
