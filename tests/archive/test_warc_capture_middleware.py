"""The capture middleware's decisions, on Scrapy objects without a running reactor."""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from archive.warc_reader import read_capture
from crawler.middlewares.warc_capture import WarcCaptureMiddleware, exchange_from, should_archive


def test_exchange_keeps_every_header_value_and_adds_host():
    request = Request("http://www.gd.gov.cn:8080/gkmlpt/api?page=2", method="POST", body=b"x=1",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = Response(request.url, status=200, request=request, body=b"\x1f\x8b...", flags=["dataloss"],
                        ip_address=IPv4Address("10.0.0.7"), protocol="HTTP/1.1",
                        headers=[("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("Content-Encoding", "gzip")])
    exchange = exchange_from(request, response)
    assert exchange.request_headers[0] == (b"Host", b"www.gd.gov.cn:8080")
    assert [v for k, v in exchange.response_headers if k == b"Set-Cookie"] == [b"a=1", b"b=2"]
    assert exchange.body == b"\x1f\x8b..." and exchange.request_body == b"x=1"
    assert exchange.truncated == "length" and exchange.ip_address == "10.0.0.7"


@pytest.mark.parametrize("flags,meta,expected", [
    ([], {}, True),
    (["cached"], {}, False),
    (["playwright"], {}, False),
    ([], {"playwright": True}, False),
])
def test_cached_and_browser_responses_are_skipped(flags, meta, expected):
    request = Request("http://x.gov.cn/", meta=meta)
    assert should_archive(request, Response(request.url, flags=flags, request=request)) is expected


def test_disabled_without_a_warc_dir():
    with pytest.raises(NotConfigured):
        WarcCaptureMiddleware.from_crawler(get_crawler(settings_dict={}))


def test_process_response_writes_then_records_the_capture(tmp_path):
    crawler = get_crawler(settings_dict={
        "NIANBAO_WARC_DIR": str(tmp_path / "warcs"), "NIANBAO_DB_PATH": str(tmp_path / "n.db"), "NIANBAO_RUN_ID": 4})
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    request = Request("http://x.gov.cn/ndbg.html")
    response = Response(request.url, status=200, request=request, body=b"<html>ok</html>",
                        headers={"Content-Type": "text/html"})
    assert middleware.process_response(request, response) is response
    location = request.meta["capture"]
    row = middleware.db["captures"].get(request.meta["capture_id"])
    assert (row["run_id"], row["warc_file"], row["offset"]) == (4, location.warc_file, location.offset)
    assert read_capture(tmp_path / "warcs", location.warc_file, location.offset).body == b"<html>ok</html>"
    middleware.spider_closed()
    assert (tmp_path / "warcs" / location.warc_file).exists()
