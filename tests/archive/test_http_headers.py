"""HTTP message reconstruction: honest framing, every header kept, Chinese bytes survive."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from archive.exchange import Exchange
from archive.http_headers import (
    ContentDecodingError,
    decode_content,
    decode_header_bytes,
    normalise_protocol,
    request_head,
    response_head,
    status_line,
    still_encoded,
    warc_protocol,
)

FILENAME = "2023年政府信息公开工作年度报告.pdf"


def test_header_bytes_decode_utf8_then_gb18030_then_latin1():
    assert decode_header_bytes(FILENAME.encode("utf-8")) == FILENAME
    assert decode_header_bytes(FILENAME.encode("gbk")) == FILENAME
    # 0x80 alone is neither UTF-8 nor GB18030: latin-1 keeps the byte instead of failing
    assert decode_header_bytes(b"a\x80") == "a\x80"


def test_status_line_uses_standard_reason_and_normalised_protocol():
    assert status_line(200) == "200 OK"
    assert status_line(302) == "302 Found"
    assert status_line(599) == "599"
    assert normalise_protocol("HTTP/1.0") == "HTTP/1.0"
    assert normalise_protocol("h2") == "HTTP/1.1"
    assert normalise_protocol(None) == "HTTP/1.1"
    assert warc_protocol("HTTP/2") == "h2"
    assert warc_protocol("HTTP/1.1") == "http/1.1"


def test_response_framing_describes_the_stored_body():
    body = gzip.compress(b"<html>" + "年报".encode("gb2312") * 50 + b"</html>")
    exchange = Exchange(
        url="http://example.gov.cn/a.html", protocol="h2", body=body,
        response_headers=[
            (b"Content-Type", b"text/html; charset=gb2312"),
            (b"Transfer-Encoding", b"chunked"),
            (b"Connection", b"keep-alive"),
            (b"Content-Encoding", b"gzip"),
            (b"Content-Length", b"17"),
            (b"Set-Cookie", b"a=1; Path=/"),
            (b"Set-Cookie", b"b=2; Path=/"),
        ],
    )
    head = response_head(exchange)
    assert head.protocol == "HTTP/1.1" and head.statusline == "200 OK"
    assert head.headers == [
        ("Content-Type", "text/html; charset=gb2312"),
        ("X-Crawler-Transfer-Encoding", "chunked"),
        ("X-Crawler-Connection", "keep-alive"),
        ("Content-Encoding", "gzip"),
        ("X-Crawler-Content-Length", "17"),
        ("Content-Length", str(len(body))),
        ("Set-Cookie", "a=1; Path=/"),
        ("Set-Cookie", "b=2; Path=/"),
    ]


def test_matching_content_length_stays_in_place_and_missing_one_is_added():
    same = response_head(Exchange(url="http://x.cn/", body=b"abc", response_headers=[(b"Content-Length", b"3")]))
    assert same.headers == [("Content-Length", "3")]
    missing = response_head(Exchange(url="http://x.cn/", body=b"abcd", response_headers=[(b"Server", b"nginx")]))
    assert missing.headers == [("Server", "nginx"), ("Content-Length", "4")]


def test_content_encoding_on_bytes_that_are_not_encoded_is_renamed():
    """A server that says gzip but sends plain bytes must not make clients gunzip them."""
    head = response_head(Exchange(url="http://x.cn/", body=b"%PDF-1.4 plain",
                                  response_headers=[(b"Content-Encoding", b"gzip")]))
    assert ("X-Crawler-Content-Encoding", "gzip") in head.headers
    assert head.get_header("Content-Encoding") is None


def test_unprobeable_coding_is_kept_as_sent():
    head = response_head(Exchange(url="http://x.cn/", body=b"\x28\xb5\x2f\xfd...",
                                  response_headers=[(b"Content-Encoding", b"zstd")]))
    assert head.get_header("Content-Encoding") == "zstd"


def test_raw_gbk_filename_becomes_rfc8187_utf8_in_the_record():
    raw = b'attachment; filename="' + FILENAME.encode("gbk") + b'"'
    head = response_head(Exchange(url="http://x.cn/download.jsp?id=1", body=b"x",
                                  response_headers=[(b"Content-Disposition", raw)]))
    head.compute_headers_buffer()
    assert b"filename*=UTF-8''2023%E5%B9%B4" in head.headers_buff
    assert head.headers_buff.isascii()


def test_request_line_keeps_query_and_adds_host_and_content_length():
    get = request_head(Exchange(url="http://www.gd.gov.cn:8080/gkmlpt/api/all/5?page=2&sid=1",
                                request_headers=[(b"Accept", b"*/*")]))
    assert get.protocol == "GET"
    assert get.statusline == "/gkmlpt/api/all/5?page=2&sid=1 HTTP/1.1"
    assert get.headers == [("Host", "www.gd.gov.cn:8080"), ("Accept", "*/*")]

    post = request_head(Exchange(
        url="https://www.zj.gov.cn/module/jpage/dataproxy.jsp?startrecord=1", method="post",
        request_headers=[(b"Content-Type", b"application/x-www-form-urlencoded")],
        request_body=b"col=1&webid=1&columnid=1229",
    ))
    assert post.protocol == "POST"
    assert post.statusline == "/module/jpage/dataproxy.jsp?startrecord=1 HTTP/1.1"
    assert post.headers == [
        ("Host", "www.zj.gov.cn"),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Content-Length", "27"),
    ]


@pytest.mark.parametrize("coding,encode", [
    ("gzip", lambda b: gzip.compress(b)),
    ("deflate", zlib.compress),
    ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw deflate, as IIS sends it
    ("br", brotli.compress),
])
def test_decode_content_round_trips(coding, encode):
    text = "第二十条第（一）项 规章 0 0 0".encode() * 20
    assert decode_content(encode(text), [coding]) == text
    assert still_encoded(encode(text), [coding])


def test_decode_content_errors_are_clear():
    with pytest.raises(ContentDecodingError, match="magic"):
        decode_content(b"plain", ["gzip"])
    cut = gzip.compress(b"x" * 5000 + bytes(range(256)) * 40)[:-30]
    with pytest.raises(ContentDecodingError, match="truncated"):
        decode_content(cut, ["gzip"])
    assert decode_content(cut, ["gzip"], partial_ok=True).startswith(b"x" * 5000)
    with pytest.raises(ContentDecodingError, match="unsupported"):
        decode_content(b"abc", ["zstd"])
