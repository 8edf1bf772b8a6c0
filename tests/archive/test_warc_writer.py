"""The WARC writer: golden bytes for a fixed exchange, files, rotation, revisits, threads."""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import subprocess
import threading
import zlib
from itertools import count
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.exchange import Exchange
from archive.warc_reader import read_capture
from archive.warc_writer import WarcWriter, payload_digest

NAME_RE = re.compile(r"^nianbao-\d{20}-\d+-(\d{5})-[A-Za-z0-9_]+\.warc\.gz$")


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def fixed_ids():
    numbers = count(1)
    return lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(numbers):012d}>"


def gzip_members(data: bytes) -> list[tuple[int, bytes]]:
    """(offset, decompressed bytes) of each gzip member, found independently of warcio."""
    members, offset = [], 0
    while offset < len(data):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        content = inflater.decompress(data[offset:])
        assert inflater.eof, "gzip member not terminated"
        members.append((offset, content))
        offset = len(data) - len(inflater.unused_data)
    return members


def warcio_check(venv_bin: Path, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv_bin / "warcio"), "check", "-v", *map(str, paths)],
                          capture_output=True, text=True, check=False)


PDF_BODY = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
GOLDEN_EXCHANGE = Exchange(
    url="http://www.ccq.gov.cn/zwgk/ndbg/2023.pdf?v=1#page=2",
    request_headers=[(b"Accept", b"*/*")],
    response_headers=[
        (b"Content-Type", b"application/pdf"),
        (b"Content-Disposition", b'attachment; filename="' + "年报.pdf".encode("gbk") + b'"'),
        (b"Transfer-Encoding", b"chunked"),
    ],
    body=PDF_BODY,
    ip_address="10.1.2.3",
    fetched_at="2024-01-16T10:30:00.123456+08:00",
)


def test_golden_bytes_of_a_response_request_pair(tmp_path):
    writer = WarcWriter(tmp_path, record_id_factory=fixed_ids())
    location = writer.write_exchange(GOLDEN_EXCHANGE)
    writer.close()

    http_response = (
        b"HTTP/1.1 200 OK\r\n"
        b"Content-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf\r\n"
        b"X-Crawler-Transfer-Encoding: chunked\r\n"
        b"Content-Length: 51\r\n"
        b"\r\n" + PDF_BODY
    )
    assert len(PDF_BODY) == 9 + 6 + 8 + 21 + 7  # counted line by line
    expected_response = (
        b"WARC/1.1\r\n"
        b"WARC-Type: response\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000002>\r\n"
        b"WARC-Date: 2024-01-16T02:30:00.123456Z\r\n"
        b"WARC-Target-URI: http://www.ccq.gov.cn/zwgk/ndbg/2023.pdf?v=1\r\n"
        b"WARC-Warcinfo-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n"
        b"WARC-IP-Address: 10.1.2.3\r\n"
        b"WARC-Protocol: http/1.1\r\n"
        b"WARC-Payload-Digest: " + sha1_b32(PDF_BODY).encode() + b"\r\n"
        b"WARC-Block-Digest: " + sha1_b32(http_response).encode() + b"\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http_response)).encode() + b"\r\n"
        b"\r\n" + http_response + b"\r\n\r\n"
    )
    http_request = b"GET /zwgk/ndbg/2023.pdf?v=1 HTTP/1.1\r\nHost: www.ccq.gov.cn\r\nAccept: */*\r\n\r\n"
    expected_request = (
        b"WARC/1.1\r\n"
        b"WARC-Type: request\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000003>\r\n"
        b"WARC-Date: 2024-01-16T02:30:00.123456Z\r\n"
        b"WARC-Target-URI: http://www.ccq.gov.cn/zwgk/ndbg/2023.pdf?v=1\r\n"
        b"WARC-Concurrent-To: <urn:uuid:00000000-0000-4000-8000-000000000002>\r\n"
        # No WARC-Warcinfo-ID (it travels with its response), no payload digest of an empty body
        # and no block digest of our own request.
        b"Content-Type: application/http; msgtype=request\r\n"
        b"Content-Length: " + str(len(http_request)).encode() + b"\r\n"
        b"\r\n" + http_request + b"\r\n\r\n"
    )

    path = tmp_path / location.warc_file
    members = gzip_members(path.read_bytes())
    assert len(members) == 3, "warcinfo, response, request: one gzip member each"
    assert members[0][1].startswith(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"
                                    b"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000001>\r\n")
    assert members[1] == (location.offset, expected_response)
    assert members[2] == (location.offset + location.length, expected_request)
    assert location.payload_digest == sha1_b32(PDF_BODY) == payload_digest(PDF_BODY)
    assert location.warc_date == "2024-01-16T02:30:00.123456Z"
    assert location.record_id == "<urn:uuid:00000000-0000-4000-8000-000000000002>"


def test_warcinfo_names_the_file_and_says_messages_are_reconstructed(tmp_path):
    with WarcWriter(tmp_path, prefix="ccq", warcinfo={"robots": "obey", "operator": "nianbao tests"}) as writer:
        location = writer.write_exchange(GOLDEN_EXCHANGE)
    with open(tmp_path / location.warc_file, "rb") as fh:
        info = next(iter(ArchiveIterator(fh)))
        assert info.rec_type == "warcinfo"
        assert info.rec_headers.get_header("WARC-Filename") == location.warc_file
        fields = dict(line.split(": ", 1) for line in info.content_stream().read().decode().splitlines())
    assert fields["robots"] == "obey" and fields["operator"] == "nianbao tests"
    assert fields["isPartOf"] == "ccq"
    assert fields["format"] == "WARC File Format 1.1"
    assert "warcio/" in fields["software"] and "reconstructed" in fields["http-header-note"]


def test_file_is_open_while_written_and_readable_before_and_after_close(tmp_path):
    writer = WarcWriter(tmp_path)
    location = writer.write_exchange(GOLDEN_EXCHANGE)
    assert NAME_RE.match(location.warc_file)
    assert (tmp_path / (location.warc_file + ".open")).exists()
    assert not (tmp_path / location.warc_file).exists()
    assert read_capture(tmp_path, location.warc_file, location.offset).body == PDF_BODY
    writer.close()
    assert [p.name for p in tmp_path.iterdir()] == [location.warc_file]
    assert read_capture(tmp_path, location.warc_file, location.offset).body == PDF_BODY


def test_rotation_happens_after_a_complete_pair(tmp_path, venv_bin):
    writer = WarcWriter(tmp_path, max_bytes=1)
    locations = [writer.write_exchange(Exchange(url=f"http://x.gov.cn/{i}", body=b"page %d" % i)) for i in range(3)]
    writer.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == sorted(loc.warc_file for loc in locations) and len(files) == 3
    assert [NAME_RE.match(name).group(1) for name in files] == ["00000", "00001", "00002"]
    for name in files:
        with open(tmp_path / name, "rb") as fh:
            types = [r.rec_type for r in ArchiveIterator(fh)]
        assert types == ["warcinfo", "response", "request"]
    assert warcio_check(venv_bin, *(tmp_path / f for f in files)).returncode == 0


def test_two_writers_in_one_directory_never_share_a_file(tmp_path):
    first, second = WarcWriter(tmp_path), WarcWriter(tmp_path)
    a = first.write_exchange(Exchange(url="http://a.gov.cn/", body=b"a"))
    b = second.write_exchange(Exchange(url="http://b.gov.cn/", body=b"b"))
    first.close()
    second.close()
    assert a.warc_file != b.warc_file
    assert read_capture(tmp_path, a.warc_file, a.offset).body == b"a"
    assert read_capture(tmp_path, b.warc_file, b.offset).body == b"b"


def test_concurrent_writes_keep_every_pair_together(tmp_path, venv_bin):
    writer = WarcWriter(tmp_path)

    def work(worker: int) -> None:
        for i in range(25):
            writer.write_exchange(Exchange(url=f"http://t.gov.cn/{worker}/{i}", body=b"w%d-%d" % (worker, i) * 50))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.close()
    (path,) = tmp_path.iterdir()
    with open(path, "rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Record-ID"),
                    r.rec_headers.get_header("WARC-Concurrent-To"), r.rec_headers.get_header("WARC-Target-URI"))
                   for r in ArchiveIterator(fh)]
    assert len(records) == 1 + 2 * 150
    for response, request in zip(records[1::2], records[2::2], strict=True):
        assert response[0] == "response" and request[0] == "request"
        assert request[2] == response[1] and request[3] == response[3]
    assert warcio_check(venv_bin, path).returncode == 0


def test_truncated_exchange_is_marked(tmp_path):
    with WarcWriter(tmp_path) as writer:
        location = writer.write_exchange(Exchange(url="http://x.gov.cn/big.pdf", body=b"%PDF-1.4 cut", truncated="length"))
    stored = read_capture(tmp_path, location.warc_file, location.offset)
    assert stored.truncated == "length"


def test_header_injection_in_a_value_stays_one_header(tmp_path):
    with WarcWriter(tmp_path) as writer:
        location = writer.write_exchange(Exchange(
            url="http://x.gov.cn/", body=b"ok", response_headers=[(b"X-Note", b"a\r\nSet-Cookie: evil=1")]))
    stored = read_capture(tmp_path, location.warc_file, location.offset)
    assert stored.header_values("X-Note") == ["a Set-Cookie: evil=1"]
    assert stored.header_values("Set-Cookie") == []


def test_revisits_carry_the_references_pywb_needs(tmp_path, venv_bin):
    original_body = gzip.compress(b"%PDF-1.4 report", mtime=0)
    headers = [(b"Content-Type", b"application/pdf"), (b"Content-Encoding", b"gzip"), (b"ETag", b'"v1"')]
    with WarcWriter(tmp_path) as writer:
        original = writer.write_exchange(Exchange(url="http://x.gov.cn/r.pdf", response_headers=headers,
                                                  body=original_body))
        same = writer.write_revisit(
            Exchange(url="http://x.gov.cn/r.pdf", response_headers=headers, body=original_body),
            profile="identical-payload-digest", refers_to=original)
        not_modified = writer.write_revisit(
            Exchange(url="http://x.gov.cn/r.pdf", status=304, response_headers=[(b"ETag", b'"v1"')]),
            profile="server-not-modified", refers_to=original)
        with pytest.raises(ValueError, match="profile"):
            writer.write_revisit(Exchange(url="http://x.gov.cn/r.pdf"), profile="other", refers_to=original)
    path = tmp_path / original.warc_file
    with open(path, "rb") as fh:
        revisits = [(r.rec_headers, r.http_headers, r.raw_stream.read()) for r in ArchiveIterator(fh)
                    if r.rec_type == "revisit"]
    assert len(revisits) == 2
    (same_warc, same_http, same_rest), (snm_warc, snm_http, snm_rest) = revisits
    for warc in (same_warc, snm_warc):
        assert warc.get_header("WARC-Refers-To") == original.record_id
        assert warc.get_header("WARC-Refers-To-Target-URI") == "http://x.gov.cn/r.pdf"
        assert warc.get_header("WARC-Refers-To-Date") == original.warc_date
        assert warc.get_header("WARC-Payload-Digest") == original.payload_digest
    assert same_warc.get_header("WARC-Profile").endswith("/1.1/revisit/identical-payload-digest")
    assert same_http.get_statuscode() == "200" and same_rest == b""
    assert snm_warc.get_header("WARC-Profile").endswith("/1.1/revisit/server-not-modified")
    assert snm_warc.get_header("WARC-Truncated") == "length"
    assert snm_warc.get_header("Content-Length") == "0" and snm_http is None and snm_rest == b""
    # what every unchanged URL pays per re-run: nothing that digests or types an empty block
    assert [snm_warc.get_header(h) for h in ("WARC-Block-Digest", "Content-Type", "WARC-Warcinfo-ID")] == [None] * 3
    assert same_warc.get_header("WARC-Block-Digest") and same_warc.get_header("WARC-Warcinfo-ID") is None
    assert same.record_type == not_modified.record_type == "revisit"
    assert warcio_check(venv_bin, path).returncode == 0



def test_a_failed_write_leaves_no_partial_record(tmp_path, venv_bin):
    """A disk error between the response and its request must not leave half a pair behind."""
    writer = WarcWriter(tmp_path)
    good = writer.write_exchange(Exchange(url="http://x.gov.cn/1", body=b"one"))
    end_of_good_pair = (tmp_path / (good.warc_file + ".open")).stat().st_size
    real_write = writer._warcio.write_record
    calls = []

    def failing_write(record, params=None):
        calls.append(record.rec_type)
        if record.rec_type == "request":
            writer._fh.write(b"\x1f\x8b\x08 torn")
            raise OSError(28, "No space left on device")
        real_write(record, params)

    writer._warcio.write_record = failing_write
    with pytest.raises(OSError, match="No space"):
        writer.write_exchange(Exchange(url="http://x.gov.cn/2", body=b"two"))
    assert calls == ["response", "request"]
    writer._warcio.write_record = real_write
    after = writer.write_exchange(Exchange(url="http://x.gov.cn/3", body=b"three"))
    writer.close()
    assert after.warc_file == good.warc_file and after.offset == end_of_good_pair
    path = tmp_path / good.warc_file
    with open(path, "rb") as fh:
        urls = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]
    assert urls == [("warcinfo", None), ("response", "http://x.gov.cn/1"), ("request", "http://x.gov.cn/1"),
                    ("response", "http://x.gov.cn/3"), ("request", "http://x.gov.cn/3")]
    assert warcio_check(venv_bin, path).returncode == 0


def test_a_failed_resource_write_is_undone_too(tmp_path, venv_bin):
    """The resource path shares the pair's flush-or-undo: a torn DOM record is cut away."""
    writer = WarcWriter(tmp_path)
    good = writer.write_exchange(Exchange(url="http://x.gov.cn/1", body=b"one"))
    end_of_good_pair = (tmp_path / (good.warc_file + ".open")).stat().st_size
    real_write = writer._warcio.write_record

    def failing_write(record, params=None):
        writer._fh.write(b"\x1f\x8b\x08 torn")
        raise OSError(28, "No space left on device")

    writer._warcio.write_record = failing_write
    with pytest.raises(OSError, match="No space"):
        writer.write_resource("urn:dom:http://x.gov.cn/1", b"<html></html>", "text/html")
    writer._warcio.write_record = real_write
    dom = writer.write_resource("urn:dom:http://x.gov.cn/1", b"<html></html>", "text/html")
    writer.close()
    assert dom.offset == end_of_good_pair
    path = tmp_path / good.warc_file
    with open(path, "rb") as fh:
        types = [r.rec_type for r in ArchiveIterator(fh)]
    assert types == ["warcinfo", "response", "request", "resource"]
    assert warcio_check(venv_bin, path).returncode == 0
