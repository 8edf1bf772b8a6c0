"""The rules behind the crawler's guards, on the inputs hostile or broken servers send."""

from __future__ import annotations

import gzip
import random
import zlib

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest
from twisted.internet.error import ConnectionLost

from crawler.middlewares.challenge_pages import challenge_kind
from crawler.middlewares.charset_guard import true_encoding
from crawler.middlewares.failure_log import failure_reason
from crawler.middlewares.private_redirects import address_kind, allowed
from crawler.middlewares.retry_backoff import backoff_delay
from crawler.middlewares.size_caps import inflated_size
from crawler.middlewares.trap_guard import strip_session_ids, url_shape
from portal.sites.fault_district import JIASULE_521, RUISHU_412

REPORT_PAGE = ("<html><head><title>青溪县2024年政府信息公开工作年度报告</title>"
               "<script>var _hmt = _hmt || [];</script></head><body><div class='TRS_Editor'>"
               "<p>一、总体情况</p><a href='/a.pdf'>附件</a><a href='/'>首页</a><a href='/zwgk/'>政务公开</a>"
               "</div></body></html>")


@pytest.mark.parametrize(("status", "body", "kind"), [
    (412, RUISHU_412, "ruishu"),
    (521, JIASULE_521, "jiasule"),
    (200, "<html><script>document.cookie='waf_ok=1; path=/';location.reload();</script></html>", "cookie-script"),
    (503, "<html><script>document.cookie='c=1';window.location.href='/x';</script></html>", "cookie-script"),
])
def test_challenge_pages_are_recognised(status, body, kind):
    assert challenge_kind(status, body.encode()) == kind


@pytest.mark.parametrize(("status", "body"), [
    (200, REPORT_PAGE),  # a real page with an analytics script
    (412, "<html><body>Precondition Failed</body></html>"),  # a 412 without a script is an error, not a challenge
    (404, "<html><script>var a=1;</script>找不到页面</html>"),
    # a real page that sets a cookie and has links is not a challenge, even if it reloads
    (200, "<html><script>document.cookie='font=16';location.reload</script>"
          "<a href='/1'>1</a><a href='/2'>2</a><a href='/3'>3</a></html>"),
])
def test_ordinary_pages_are_not_challenges(status, body):
    assert challenge_kind(status, body.encode()) is None


def test_session_ids_are_stripped_from_paths_and_queries():
    assert strip_session_ids("http://x.gov.cn/col/index_1.html;jsessionid=0A1B2C") == "http://x.gov.cn/col/index_1.html"
    assert strip_session_ids("http://x.gov.cn/list.jsp?id=5&PHPSESSID=abc&page=2") == "http://x.gov.cn/list.jsp?id=5&page=2"
    token = "http://x.gov.cn/list.jsp?sid=3F2A9C0D81E44B7FA1C2&p=1"
    assert strip_session_ids(token) == "http://x.gov.cn/list.jsp?p=1"
    for plain in ("http://x.gov.cn/list.jsp?siteid=3&p=1",  # siteid is not a session id
                  "http://x.gov.cn/gkmlpt/api/all/5?page=2&sid=755034"):  # gkmlpt's sid is the site id
        assert strip_session_ids(plain) == plain


def test_url_shape_groups_calendar_months_but_not_different_pages():
    assert url_shape("http://x/nb/calendar.html?ym=2024-05") == url_shape("http://x/nb/calendar.html?ym=2031-11")
    assert url_shape("http://x/nb/index_3.html") == "/nb/index_#.html"
    assert url_shape("http://x/nb/index.html") != url_shape("http://x/nb/calendar.html?ym=2024-05")


@pytest.mark.parametrize(("host", "kind"), [
    ("127.0.0.1", "loopback"), ("10.255.0.7", "private"), ("192.168.1.20", "private"), ("172.16.0.1", "private"),
    ("169.254.169.254", "link-local"), ("[::1]", "loopback"), ("0.0.0.0", "reserved"), ("114.114.114.114", "public"),
    ("www.gov.cn", None),
])
def test_address_kinds(host, kind):
    assert address_kind(host) == kind


def test_private_targets_are_allowed_only_from_a_seed_in_the_same_kind_of_range():
    assert allowed("public", "public", "seed")
    assert not allowed("private", "public", "seed")  # a public portal redirecting into 10.x
    assert not allowed("link-local", "public", "seed")  # the cloud metadata address
    assert not allowed("private", "loopback", "seed")
    assert allowed("loopback", "loopback", "seed")
    assert allowed("private", "private", "seed")  # an intranet portal
    assert not allowed("loopback", "loopback", "refuse")
    assert allowed("private", "public", "allow")


REPORT_TEXT = "<html><head><title>年度报告</title></head><body>一、总体情况　本年度共收到申请10件。</body></html>"


def test_gbk_bytes_under_a_utf8_label_are_read_as_gbk():
    assert true_encoding(REPORT_TEXT.encode("gbk"), "utf-8", None) == "gb18030"


def test_utf8_bytes_under_a_gbk_label_are_read_as_utf8():
    assert true_encoding(REPORT_TEXT.encode("utf-8"), "gbk", "gbk") == "utf-8"


def test_honest_labels_are_left_alone():
    assert true_encoding(REPORT_TEXT.encode("utf-8"), "utf-8", None) is None
    assert true_encoding(REPORT_TEXT.encode("gb18030"), "gb2312", None) is None
    assert true_encoding(b"<html>plain ascii</html>", "gbk", None) is None


def test_inflated_size_counts_past_the_cap_without_inflating_everything():
    bomb = gzip.compress(b" " * (8 << 20))
    assert len(bomb) < 20_000
    size = inflated_size(bomb, "gzip", 1 << 20)
    assert size is not None and (1 << 20) < size <= (2 << 20) + 1  # stopped one step past the cap
    assert inflated_size(gzip.compress(b"abc" * 100), "gzip", 1 << 20) == 300


def test_inflated_size_of_raw_and_zlib_deflate_and_garbage():
    text = "政府信息公开".encode() * 100
    assert inflated_size(zlib.compress(text), "deflate", 10_000) == len(text)
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    assert inflated_size(raw.compress(text) + raw.flush(), "deflate", 10_000) == len(text)
    assert inflated_size(b"not gzip at all", "gzip", 10_000) is None
    assert inflated_size(b"anything", "br", 10_000) is None  # left to Scrapy's own cap


def test_backoff_doubles_with_jitter_and_is_capped():
    rng = random.Random(1)
    assert backoff_delay(0, 2.0, 60.0, rng) == 0.0
    for attempt, nominal in ((1, 2.0), (2, 4.0), (3, 8.0), (10, 60.0)):
        delay = backoff_delay(attempt, 2.0, 60.0, rng)
        assert nominal * 0.5 <= delay <= nominal * 1.5


def test_failure_reasons():
    assert failure_reason(DownloadTimeoutError("Getting http://x took longer than 3.0 seconds.")) == "timeout"
    assert failure_reason(DownloadCancelledError(
        "Expected to receive 314572800 bytes which is larger than download max size (16777216)")) == "oversize"
    assert failure_reason(ConnectionLost("Connection to the other side was lost")) == "connection"
    assert failure_reason(IgnoreRequest("Forbidden by robots.txt")) == "robots"
    assert failure_reason(IgnoreRequest("out of scope: http://other/")) == "out_of_scope"
