"""The JS-only district site itself: its list is nowhere a plain crawler could read it.

Its list is also paged as JS-built lists are: four items, then a pager the script draws;
a click asks the token-guarded API for that page and re-renders the list in place. What
the browser shows is checked with Debian's Chromium, as a reader would see it.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from platform_crawl import raw_response

KEY = "linhu"
CHROMIUM = Path("/usr/bin/chromium")
# fd7483b9 is the token Chromium computed running lh-list.js (read from a real render's
# access log), not one taken from the portal's Python twin of that function.
TOKEN = "fd7483b9"


def api_page(root: str, page: int) -> tuple[dict, list[dict]]:
    """One page of the list API as served, and its rows un-XORed with the token."""
    status, _, body = raw_response(root + f"/api/list.do?chan=xxgknb&page={page}&_t={TOKEN}")
    assert status == 200
    data = json.loads(body)
    packed = base64.b64decode(data["data"])
    key = TOKEN.encode()
    return data, json.loads(bytes(b ^ key[i % 8] for i, b in enumerate(packed)).decode("utf-8"))


def test_the_column_page_lists_nothing_in_its_html(root):
    status, _, body = raw_response(root + "/xxgk/nb/")
    page = body.decode("utf-8")
    assert status == 200
    assert '<ul id="nbList" class="news-list"></ul>' in page
    assert "/xxgk/nb/content/" not in page and "年度报告" not in page
    assert "下一页" not in page and "共" not in page  # the pager too is the script's


def test_the_list_endpoint_refuses_requests_without_the_script_token(root):
    for query in ("", "?chan=xxgknb", "?chan=xxgknb&page=2", "?chan=xxgknb&_t=00000000",
                  "?chan=other&_t=fd7483b9", "?chan=xxgknb&page=2&_t=00000000"):
        status, _, body = raw_response(root + "/api/list.do" + query)
        assert status == 403, query
        assert json.loads(body)["msg"] == "非法请求"


def test_a_page_outside_the_list_is_refused(root):
    for page in ("0", "4", "-1", "x", "%EF%BC%92"):  # %EF%BC%92: a full-width 2
        status, _, body = raw_response(root + f"/api/list.do?chan=xxgknb&page={page}&_t={TOKEN}")
        assert status == 400, page
        assert json.loads(body)["msg"] == "页码错误"


def test_the_payload_is_opaque_without_the_token(root):
    status, _, body = raw_response(root + f"/api/list.do?chan=xxgknb&page=1&_t={TOKEN}")
    assert status == 200
    data = json.loads(body)
    packed = base64.b64decode(data["data"])
    assert "年度报告".encode() not in packed and b"content" not in packed
    _, rows = api_page(root, 1)
    assert rows[0]["n"] == "临湖区人民政府2024年政府信息公开工作年度报告"  # newest first
    # detail URLs are assembled by the script from reversed keys: none is in the payload
    assert all(re.fullmatch(r"\d+", row["k"]) for row in rows)
    status, _, page = raw_response(root + f"/xxgk/nb/content/{rows[0]['k'][::-1]}.html")
    assert status == 200 and "临湖区人民政府2024年政府信息公开工作年度报告".encode() in page


def test_the_api_serves_the_column_in_three_pages_of_four(root, truth):
    pages = [api_page(root, page) for page in (1, 2, 3)]
    assert [(data["total"], data["page"], data["pages"], data["size"]) for data, _ in pages] == [
        (10, 1, 3, 4), (10, 2, 3, 4), (10, 3, 3, 4)]
    assert [len(rows) for _, rows in pages] == [4, 4, 2]
    assert api_page(root, 1)[0] == json.loads(raw_response(root + f"/api/list.do?chan=xxgknb&_t={TOKEN}")[2])
    # every item of the column once, reports and look-alikes; the two oldest reports come last
    urls = [f"{root}/xxgk/nb/content/{row['k'][::-1]}.html" for _, rows in pages for row in rows]
    expected = {r["page_url"] for r in truth["reports"]} | {n["url"] for n in truth["noise"]}
    assert len(urls) == 10 and set(urls) == expected
    assert [row["n"] for row in pages[2][1]] == ["临湖区财政局2020年政府信息公开工作的年度报告",
                                                 "临湖区人民政府2019年政府信息公开工作年度报告"]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is installed by scripts/setup.sh")
def test_chromium_shows_page_one_and_a_pager_that_re_renders_the_list_in_place(root):
    from playwright.sync_api import sync_playwright

    def listed(page) -> list[str]:
        return page.eval_on_selector_all("#nbList a[href]", "els => els.map(a => a.textContent)")

    def pager(page) -> list[tuple[str, bool]]:
        return page.eval_on_selector_all(
            "#nbListPager > *", "els => els.map(e => [e.textContent, e.classList.contains('disabled')])")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(root + "/xxgk/nb/")
            page.wait_for_selector("#nbList a[href]", state="attached")
            first = listed(page)
            first_pager = pager(page)
            seen = [first]
            for _ in range(2):
                page.click("#nbListPager >> text=下一页")
                page.wait_for_function("before => document.querySelector('#nbList a').textContent !== before",
                                       arg=seen[-1][0])
                seen.append(listed(page))
            last_pager = pager(page)
            url = page.url
        finally:
            browser.close()
    assert first == ["临湖区人民政府2024年政府信息公开工作年度报告",
                     "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知",
                     "临湖区2024年政务公开工作要点", "图解：临湖区人民政府2023年政府信息公开工作年度报告"]
    assert first_pager == [["首页", True], ["上一页", True], ["1", False], ["2", False], ["3", False],
                           ["下一页", False], ["尾页", False], ["共3页", False]]
    assert [len(titles) for titles in seen] == [4, 4, 2]
    assert "临湖区湖滨街道办事处 2021 年政府信息公开工作年度报告" in seen[1]
    assert seen[2] == ["临湖区财政局2020年政府信息公开工作的年度报告", "临湖区人民政府2019年政府信息公开工作年度报告"]
    assert ["下一页", True] in last_pager and ["上一页", False] in last_pager
    assert url == root + "/xxgk/nb/"  # the list changed in place
