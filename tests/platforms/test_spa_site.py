"""The JS-only district site itself: its list is nowhere a plain crawler could read it."""

from __future__ import annotations

import base64
import json
import re

from platform_crawl import raw_response

KEY = "linhu"


def test_the_column_page_lists_nothing_in_its_html(root):
    status, _, body = raw_response(root + "/xxgk/nb/")
    page = body.decode("utf-8")
    assert status == 200
    assert '<ul id="nbList" class="news-list"></ul>' in page
    assert "/xxgk/nb/content/" not in page and "年度报告" not in page


def test_the_list_endpoint_refuses_requests_without_the_script_token(root):
    for query in ("", "?chan=xxgknb", "?chan=xxgknb&_t=00000000", "?chan=other&_t=fd7483b9"):
        status, _, body = raw_response(root + "/api/list.do" + query)
        assert status == 403, query
        assert json.loads(body)["msg"] == "非法请求"


def test_the_payload_is_opaque_without_the_token(root):
    # fd7483b9 is the token Chromium computed running lh-list.js (read from a real render's
    # access log), not one taken from the portal's Python twin of that function.
    status, _, body = raw_response(root + "/api/list.do?chan=xxgknb&_t=fd7483b9")
    assert status == 200
    data = json.loads(body)
    packed = base64.b64decode(data["data"])
    assert data["total"] == 10 and "年度报告".encode() not in packed and b"content" not in packed
    key = b"fd7483b9"
    rows = json.loads(bytes(b ^ key[i % 8] for i, b in enumerate(packed)).decode("utf-8"))
    titles = [row["n"] for row in rows]
    assert titles[0] == "临湖区人民政府2024年政府信息公开工作年度报告"  # newest first
    assert "临湖区湖滨街道办事处 2021 年政府信息公开工作年度报告" in titles
    # detail URLs are assembled by the script from reversed keys: none is in the payload
    assert all(re.fullmatch(r"\d+", row["k"]) for row in rows)
    status, _, page = raw_response(root + f"/xxgk/nb/content/{rows[0]['k'][::-1]}.html")
    assert status == 200 and "临湖区人民政府2024年政府信息公开工作年度报告".encode() in page
