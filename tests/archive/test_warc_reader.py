"""Reading captures back: by location, by file, from open files, with clear errors."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from archive.exchange import Exchange
from archive.http_headers import ContentDecodingError
from archive.warc_reader import iter_records, read_capture
from archive.warc_writer import WarcWriter

HTML = "<html><body>二、主动公开政府信息情况</body></html>".encode("gb18030")


def test_iter_records_joins_requests_and_reads_open_files(tmp_path):
    writer = WarcWriter(tmp_path)
    get = writer.write_exchange(Exchange(
        url="http://x.gov.cn/a.html", body=gzip.compress(HTML),
        response_headers=[(b"Content-Encoding", b"gzip"), (b"Content-Type", b"text/html; charset=gbk")]))
    post = writer.write_exchange(Exchange(
        url="http://x.gov.cn/api", method="POST", request_body=b"page=2", body=b'{"page": 2}',
        request_headers=[(b"Content-Type", b"application/x-www-form-urlencoded")]))
    (open_file,) = tmp_path.glob("*.warc.gz.open")
    stored = list(iter_records(open_file))
    writer.close()
    assert [(s.method, s.url, s.request_body) for s in stored] == [
        ("GET", "http://x.gov.cn/a.html", b""), ("POST", "http://x.gov.cn/api", b"page=2")]
    assert stored[0].payload() == HTML and stored[0].body.startswith(b"\x1f\x8b")
    assert [s.location for s in stored] == [get, post]


def test_read_capture_errors_are_clear(tmp_path):
    with WarcWriter(tmp_path) as writer:
        location = writer.write_exchange(Exchange(url="http://x.gov.cn/", body=b"ok"))
    with pytest.raises(FileNotFoundError, match=r"\.open"):
        read_capture(tmp_path, "missing.warc.gz", 0)
    with pytest.raises(ValueError, match="no WARC record starts at offset 7"):
        read_capture(tmp_path, location.warc_file, 7)
    size = (tmp_path / location.warc_file).stat().st_size
    with pytest.raises(ValueError, match="no WARC record"):
        read_capture(tmp_path, location.warc_file, size)


def test_payload_of_a_lying_or_cut_body(tmp_path):
    original = HTML + b"".join(hashlib.sha256(b"%d" % i).digest() for i in range(300))  # incompressible tail
    body = gzip.compress(original)
    assert len(body) > 9000
    with WarcWriter(tmp_path) as writer:
        cut = writer.write_exchange(Exchange(url="http://x.gov.cn/cut", body=body[:200], truncated="length",
                                             response_headers=[(b"Content-Encoding", b"gzip")]))
        unflagged = writer.write_exchange(Exchange(url="http://x.gov.cn/unflagged", body=body[:200],
                                                   response_headers=[(b"Content-Encoding", b"gzip")]))
    partial = read_capture(tmp_path, cut.warc_file, cut.offset).payload()
    assert partial.startswith(HTML) and original.startswith(partial) and len(partial) < len(original)
    with pytest.raises(ContentDecodingError, match="truncated"):
        read_capture(tmp_path, unflagged.warc_file, unflagged.offset).payload()

