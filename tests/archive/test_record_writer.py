"""How each record is compressed: one gzip member, an already encoded payload in stored blocks."""

from __future__ import annotations

import gzip
import os
import subprocess
import zlib
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.exchange import Exchange
from archive.http_headers import still_encoded
from archive.record_writer import gzip_member, store_payload
from archive.warc_reader import read_capture
from archive.warc_writer import WarcWriter

HTML = ("<html><body><table>" + "".join(f"<tr><td>第{i}条</td><td>{i * 7919 % 10007}</td></tr>" for i in range(4000))
        + "</table></body></html>").encode()


@pytest.mark.parametrize("size", [0, 1, 600, 65535, 65536, 200_000])
def test_a_member_with_a_stored_tail_inflates_to_the_record(size):
    record = b"WARC/1.1\r\nWARC-Type: response\r\n\r\n" + os.urandom(size) + b"\r\n\r\n"
    for stored_from in (None, 10, len(record) - 4 - size, len(record) - 1, len(record)):
        member = gzip_member(record, stored_from)
        assert gzip.decompress(member) == record
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        assert inflater.decompress(member) == record and inflater.eof and not inflater.unused_data


def test_stored_tail_is_no_larger_for_bytes_that_do_not_shrink_again():
    payload = gzip.compress(os.urandom(30_000).hex().encode())  # gzip output with nothing left to find
    record = b"WARC/1.1\r\n" + b"X: y\r\n" * 20 + b"\r\n" + payload + b"\r\n\r\n"
    stored = gzip_member(record, len(record) - 4 - len(payload))
    deflated = gzip_member(record)
    assert gzip.decompress(stored) == gzip.decompress(deflated) == record
    assert len(stored) <= len(deflated) + 16


def test_only_payloads_compressed_already_and_well_are_stored():
    page = gzip.compress(HTML)
    assert store_payload("gzip", page) and store_payload("identity, gzip", page)
    assert store_payload("br", b"x" * 600) and store_payload("deflate", b"x" * 600)
    assert not store_payload(None, page) and not store_payload("", page) and not store_payload("zstd", page)
    assert not store_payload("gzip", gzip.compress(b"x" * 10))  # too small to bother
    repetitive = gzip.compress(b"<tr><td>0</td></tr>" * 100_000)  # ~1000:1, its gzip bytes still shrink
    assert not store_payload("gzip", repetitive)


def test_gzip_encoded_response_round_trips_through_warcio_and_the_reader(tmp_path: Path, venv_bin: Path):
    body = gzip.compress(HTML)
    exchange = Exchange(url="http://www.example.gov.cn/ndbg/2023.html",
                        response_headers=[(b"Content-Type", b"text/html; charset=utf-8"),
                                          (b"Content-Encoding", b"gzip")],
                        body=body, fetched_at="2024-01-16T10:30:00.123456+08:00")
    plain = Exchange(url="http://www.example.gov.cn/ndbg/2022.html",
                     response_headers=[(b"Content-Type", b"text/html; charset=utf-8")], body=HTML)
    with WarcWriter(tmp_path) as writer:
        encoded_at = writer.write_exchange(exchange)
        plain_at = writer.write_exchange(plain)
    path = tmp_path / encoded_at.warc_file
    stored = read_capture(tmp_path, encoded_at.warc_file, encoded_at.offset)
    assert stored.body == body and stored.payload() == HTML
    assert stored.header("Content-Encoding") == "gzip"
    assert read_capture(tmp_path, plain_at.warc_file, plain_at.offset).body == HTML
    with open(path, "rb") as fh:
        kinds = [(r.rec_type, r.content_stream().read()) for r in ArchiveIterator(fh)]
    assert [k for k, _ in kinds] == ["warcinfo", "response", "request", "response", "request"]
    assert kinds[1][1] == HTML and kinds[3][1] == HTML  # warcio decodes Content-Encoding itself
    check = subprocess.run([str(venv_bin / "warcio"), "check", "-v", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # The text body was deflated (it shrinks); the gzip body was stored, not deflated again.
    member = path.read_bytes()[encoded_at.offset:encoded_at.offset + encoded_at.length]
    assert len(body) < 0xFFFF and body in member and len(member) < len(body) + 1024
    text_member = path.read_bytes()[plain_at.offset:plain_at.offset + plain_at.length]
    assert len(text_member) < len(HTML) // 3


def test_still_encoded_probes_a_bounded_prefix():
    big = gzip.compress(os.urandom(300_000))
    assert still_encoded(big, ["gzip"])
    assert not still_encoded(b"plain text, not gzip", ["gzip"])
    assert not still_encoded(b"\x1f\x8b\x08\x00garbage-after-the-magic" * 10, ["gzip"])
    assert still_encoded(zlib.compress(HTML), ["deflate"])
    assert still_encoded(zlib.compress(HTML)[2:], ["deflate"])  # raw deflate
    assert not still_encoded(HTML, ["deflate"])
