"""What Chromium may fetch while it renders a list page: its own site, nothing else.

Two real loopback servers play the portal and a third-party host (a footer badge script,
an analytics beacon, an iframe); Debian's Chromium, driven by Playwright, loads the portal
page with the crawler's abort rule installed exactly as scrapy-playwright installs it (a
route on every request). The third-party server must receive nothing; the page's own
script and list API must still load.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.browser import abort_browser_request

CHROMIUM = Path("/usr/bin/chromium")


class _Recording(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: dict[str, tuple[str, bytes]]) -> None:
        self.pages, self.hits = pages, []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.hits.append(self.path)
        content_type, body = self.server.pages.get(self.path.split("?")[0], ("text/plain", b"not found"))
        self.send_response(200 if self.path.split("?")[0] in self.server.pages else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def servers():
    third = _Recording({"/js/badge.js": ("application/javascript", b"window.badge = 1;"),
                        "/hm.js": ("application/javascript", b""), "/frame.html": ("text/html", b"<p>ad</p>")})
    portal = _Recording({})
    list_script = b"""fetch('/api/list.json').then(r => r.json()).then(items => {
      document.getElementById('list').innerHTML = items.map(i => '<li>' + i + '</li>').join('');
    });"""
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title>
<script src="/js/list.js"></script></head><body><ul id="list"></ul>
<img src="/images/logo.png">
<span id="_ideConac"><script src="{third.origin}/js/badge.js"></script></span>
<script>var hm = document.createElement('script'); hm.src = '{third.origin}/hm.js?abc';
document.head.appendChild(hm);</script>
<iframe src="{third.origin}/frame.html"></iframe></body></html>""".encode()
    portal.pages.update({"/nianbao/index.html": ("text/html; charset=utf-8", page),
                         "/js/list.js": ("application/javascript", list_script),
                         "/api/list.json": ("application/json", '["2024年政府信息公开工作年度报告"]'.encode()),
                         "/images/logo.png": ("image/png", b"\x89PNG")})
    for server in (third, portal):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield portal, third
    for server in (third, portal):
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is installed by scripts/setup.sh")
def test_the_browser_fetches_its_own_site_only(servers):
    from playwright.sync_api import sync_playwright

    portal, third = servers
    aborted: list[str] = []

    def route(route, request) -> None:
        if abort_browser_request(request):
            aborted.append(request.url)
            route.abort()
        else:
            route.continue_()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.goto(portal.origin + "/nianbao/index.html")
            page.wait_for_selector("#list li")
            listed = page.inner_text("#list")
        finally:
            browser.close()

    assert listed == "2024年政府信息公开工作年度报告"
    assert third.hits == []
    assert {"/nianbao/index.html", "/js/list.js", "/api/list.json"} <= set(portal.hits)
    assert "/images/logo.png" not in portal.hits  # pixels are never part of a list
    assert sorted(url.removeprefix(third.origin) for url in aborted if url.startswith(third.origin)) == [
        "/frame.html", "/hm.js?abc", "/js/badge.js"]
