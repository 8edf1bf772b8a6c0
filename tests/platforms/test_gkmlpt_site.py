"""The Guangdong gkmlpt city site (南岭市) behaves as domain.md §2.6 says, and the adapter reads it.

Expected figures come from the site module's plan: the city's 政府信息公开年报 column
(2711) holds 6 reports and 3 look-alikes; the 发展和改革局's gkmlpt has no 年报 column and
files 4 reports, 2 look-alikes and 104 ordinary documents under 其他 (3104): 110 posts,
two API pages of 100 and 10, the 2021 report (the oldest) only on the second.
"""

from __future__ import annotations

import json

from parsel import Selector
from platform_crawl import page_text, raw_response

from crawler.platforms.gkmlpt import api_url, page_count, read_config, report_columns

KEY = "nanling"


def get_json(url: str) -> tuple[int, dict]:
    status, _, body = raw_response(url)
    return status, json.loads(body)


def shell(root: str, base: str = "/") -> str:
    return page_text(f"{root}{base}gkmlpt/index")


def test_home_page_links_the_gkmlpt_entries(root):
    home = Selector(text=page_text(root + "/"))
    links = {a.css("::text").get(): a.attrib["href"] for a in home.css("a")}
    assert links["政府信息公开"] == "/gkmlpt/index"
    assert links["南岭市人民政府政府信息公开目录"] == "/gkmlpt/index"
    assert links["市发展和改革局政府信息公开目录"] == "/nlfgj/gkmlpt/index"


def test_shell_lists_no_article_only_a_config(root):
    html = shell(root)
    hrefs = Selector(text=html).css("a::attr(href)").getall()
    assert not any("post_" in h for h in hrefs)
    assert "{{item.url}}" in hrefs  # the unrendered template a naive crawler would request
    config = read_config(html)
    assert config["SID"] == "755034"
    nianbao = [n for n in config["TREE"] if n["name"] == "政府信息公开年报"]
    assert nianbao == [{"id": 2711, "name": "政府信息公开年报", "parent": 2710, "post_count": 9}]


def test_adapter_picks_the_nianbao_column_or_every_column(root):
    city = read_config(shell(root))
    assert [n["id"] for n in report_columns(city["TREE"])] == [2711]
    dept = read_config(shell(root, "/nlfgj/"))
    assert dept["SID"] == "755061"
    chosen = report_columns(dept["TREE"])
    assert [n["id"] for n in chosen] == [3101, 3102, 3103, 3104]
    assert [page_count(n) for n in chosen] == [1, 1, 1, 2]


def test_config_in_javascript_literal_form_is_read_too():
    html = "<script>window._CONFIG = {SID:'1001', TREE:[{id:5,name:'政府信息公开年报',parent:0,post_count:3}]};</script>"
    assert read_config(html) == {"SID": "1001", "TREE": [{"id": 5, "name": "政府信息公开年报", "parent": 0,
                                                          "post_count": 3}]}
    assert read_config("<script>var x = 1;</script>") is None
    assert read_config("<script>window._CONFIG = {SID: </script>") is None


def test_a_report_column_child_is_walked_with_its_parent():
    tree = [{"id": 1, "name": "其他", "parent": 0}, {"id": 2, "name": "政府信息公开年度报告", "parent": 1},
            {"id": 3, "name": "2024年度", "parent": 2}, {"id": 4, "name": "政策文件", "parent": 0}]
    assert [n["id"] for n in report_columns(tree)] == [2, 3]


def test_api_pages_hold_100_articles_and_the_oldest_report_is_on_page_two(root, truth):
    listed: dict[int, list[dict]] = {}
    for page in (1, 2, 3):
        status, data = get_json(api_url(f"{root}/nlfgj/gkmlpt/index", 3104, page, "755061"))
        assert status == 200 and data["total"] == 110 and data["classify"]["name"] == "其他"
        listed[page] = data["articles"]
    assert [len(listed[p]) for p in (1, 2, 3)] == [100, 10, 0]
    urls = [a["url"] for p in (1, 2) for a in listed[p]]
    assert len(set(urls)) == 110
    dept = {r["page_url"]: r for r in truth["reports"] if "/nlfgj/" in r["page_url"]}
    assert len(dept) == 4 and set(dept) <= set(urls)
    (second_page_report,) = [a for a in listed[2] if a["url"] in dept]
    assert dept[second_page_report["url"]]["year"] == 2021
    article = listed[1][0]
    assert set(article) >= {"id", "title", "date", "created_at", "first_publish_time", "publisher",
                            "classify_main_name", "url", "post_url", "identifier"}
    assert article["url"] == root + article["post_url"]
    assert article["post_url"].endswith(f"/post_{article['id']}.html")
    assert f"/content/{article['id'] // 10**6}/{article['id'] // 1000}/" in article["post_url"]


def test_api_refuses_a_wrong_sid_or_column(root):
    for url in (api_url(f"{root}/gkmlpt/index", 2711, 1, "000"), api_url(f"{root}/gkmlpt/index", 9999, 1, "755034"),
                f"{root}/gkmlpt/api/all/2711?page=1"):
        status, data = get_json(url)
        assert status == 400 and data["code"] == 400


def test_detail_carries_the_report_twice_and_attachments_under_attachment(root, truth):
    pdf = next(r for r in truth["reports"] if r["source_format"] == "pdf")
    assert pdf["url"].startswith(root + "/attachment/0/")
    post_id = pdf["page_url"].rsplit("_", 1)[1].removesuffix(".html")
    assert pdf["url"].endswith(f"/{post_id}.pdf")
    status, headers, body = raw_response(pdf["url"])
    assert status == 200 and dict(headers)[b"Content-Type"] == b"application/pdf" and body[:4] == b"%PDF"
    html_report = next(r for r in truth["reports"] if r["source_format"] == "html")
    page = page_text(html_report["page_url"])
    selector = Selector(text=page)
    assert selector.css('meta[name="ArticleTitle"]::attr(content)').get() == html_report["title"]
    assert selector.css("div.article-content table")
    detail = page.split("window._CONFIG.DETAIL = ", 1)[1].split(";</script>", 1)[0]
    content = json.loads(detail)["content"]
    assert "<table" in content and "</script" not in detail
