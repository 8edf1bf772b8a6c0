"""The TRS county site behaves like domain.md §2.1 describes, and its truth is exact."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import pdfplumber
import pytest
from lxml import html as lxml_html
from portal_testkit import PAGER, decode, fetch

REPORTS = Path(__file__).resolve().parents[2] / "portal" / "content" / "reports"
NB_ROOT = "/zwgk/zfxxgk/zfxxgknb/"
CST = timezone(timedelta(hours=8))
ITEM = re.compile(r'<li><a href="\./(\d{6})/t(\d{8})_(\d+)\.html" title="([^"]+)" target="_blank">[^<]+</a>'
                  r"<span>(\d{4}-\d{2}-\d{2})</span></li>")


def content(cid: str) -> dict:
    return json.loads((REPORTS / f"{cid}.json").read_text(encoding="utf-8"))


def test_every_report_is_reached_by_links_and_no_internal_link_is_broken(crawl, truth):
    assert crawl["broken"] == []
    for report in truth["reports"]:
        assert report["page_url"] in crawl["pages"], report["page_url"]
        assert report["url"] in crawl["pages"], report["url"]


def test_the_report_column_is_three_clicks_from_home(crawl):
    column = crawl["root"].rstrip("/") + NB_ROOT
    assert crawl["depth"][column] == 3  # 首页 → 政务公开 → 政府信息公开 → 政府信息公开年报
    home = decode(crawl["pages"][crawl["root"]])
    assert "zfxxgknb" not in home


def html_pages(crawl) -> dict[str, str]:
    return {u: decode(r) for u, r in crawl["pages"].items() if r.headers["content-type"].startswith("text/html")}


def test_pager_exists_only_as_a_create_page_html_call(crawl):
    lists = {u: text for u, text in html_pages(crawl).items() if "createPageHTML(" in text}
    assert lists
    longest = 0
    for url, text in lists.items():
        (total, index, name, ext), = PAGER.findall(text)
        total, index = int(total), int(index)
        expected_name = "index.html" if index == 0 else f"index_{index}.html"
        assert url.endswith("/" + expected_name) or (index == 0 and url.endswith("/"))
        assert (name, ext) == ("index", "html")
        base = url.rsplit("/", 1)[0] + "/"
        for k in range(1, total):
            assert fetch(f"{base}index_{k}.html").status == 200
        assert fetch(f"{base}index_{total}.html").status == 404
        assert 'href="index_' not in text and 'href="./index_' not in text  # no static pager links
        items = ITEM.findall(text)
        assert 1 <= len(items) <= 15
        longest = max(longest, total)
    assert longest >= 3


def test_list_items_use_the_trs_document_url_shape(crawl):
    seen = 0
    for url, text in html_pages(crawl).items():
        if "/zfxxgknb/" in url and "createPageHTML(" in text:
            for month, day, _docid, _title, shown in ITEM.findall(text):
                assert day.startswith(month) and shown == f"{day[:4]}-{day[4:6]}-{day[6:]}"
                seen += 1
    assert seen >= 80


def test_detail_pages_carry_the_national_meta_tags(truth):
    for report in truth["reports"]:
        page = fetch(report["page_url"])
        tree = lxml_html.fromstring(decode(page))
        meta = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
        for name in ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
                     "ContentSource", "Keywords", "Author", "Description", "Url", "DocId", "ChnlId", "SiteId"):
            assert meta.get(name), (name, report["page_url"])
        assert meta["ArticleTitle"] == report["title"]
        assert meta["PubDate"].startswith(report["published"]) and len(meta["PubDate"]) == 16
        assert meta["ContentSource"] == report["agency"]
        assert meta["Url"].endswith(urlsplit(report["page_url"]).path)
        assert meta["DocId"] in report["page_url"]
        pub = datetime.strptime(meta["PubDate"], "%Y-%m-%d %H:%M").replace(tzinfo=CST)
        assert parsedate_to_datetime(page.headers["last-modified"]) == pub
        assert tree.xpath('//div[@class="TRS_Editor"]')
        assert tree.xpath('string(//div[@class="breadcrumb"])').startswith("当前位置：首页 › 政务公开 › 政府信息公开")


def test_pdf_only_report_has_a_text_layer_and_a_ruled_table(truth):
    pdfs = [r for r in truth["reports"] if r["source_format"] == "pdf"]
    assert len(pdfs) == 1
    report = pdfs[0]
    name = report["url"].rsplit("/", 1)[1]
    assert re.fullmatch(r"P0\d{8}\d{12}\.pdf", name)
    assert report["url"].rsplit("/", 1)[0] == report["page_url"].rsplit("/", 1)[0]  # next to the page
    assert f'href="./{name}"' in decode(fetch(report["page_url"]))
    with pdfplumber.open(io.BytesIO(fetch(report["url"]).body)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        tables = [t for page in pdf.pages for t in page.extract_tables()]
    assert report["agency"] in text.replace("\n", "")
    assert "本年新收政府信息公开申请数量" in text.replace("\n", "")
    assert len(tables) >= 3


def test_one_old_page_is_served_as_gb2312(truth):
    old = [r for r in truth["reports"] if fetch(r["page_url"]).headers["content-type"].endswith("charset=gb2312")]
    assert old
    for report in old:
        body = fetch(report["page_url"]).body
        assert b'charset=gb2312' in body
        assert report["title"] in body.decode("gb18030")
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")


def test_reports_span_templates_years_and_title_forms(truth):
    reports = truth["reports"]
    assert {r["template"] for r in reports} == {"2019", "2021", "legacy"}
    assert {r["year"] for r in reports} >= {2017, 2019, 2020, 2021, 2022, 2023, 2024}
    titles = [r["title"] for r in reports]
    assert any(re.search(r"\d{4}年度.*年度报告", t) for t in titles)
    assert any("工作的年度报告" in t for t in titles)
    assert any(re.search(r" \d{4} 年", t) for t in titles)
    assert any(t.endswith("政府信息公开工作报告") for t in titles)
    assert len({r["agency"] for r in reports}) >= 30
    assert len({r["url"] for r in reports}) == len(reports)


def test_every_content_file_is_published_as_itself(truth):
    for path in sorted(REPORTS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        mine = [r for r in truth["reports"] if r["content_id"] == data["id"] and r["agency"] == data["agency"]
                and r["year"] == data["year"]]
        assert len(mine) == 1, data["id"]
        assert (mine[0]["title"], mine[0]["year"], mine[0]["published"]) == (data["title"], data["year"],
                                                                              data["published"])


def test_derived_reports_keep_their_source_cells_exactly(truth):
    derived = [r for r in truth["reports"] if r["agency"] != content(r["content_id"])["agency"]]
    assert len(derived) >= 60
    for report in derived:
        source = content(report["content_id"])
        assert report["cells"] == source["cells"] and report["raw_cells"] == source["raw_cells"]
        assert report["template"] == source["template"]
        assert report["agency"].startswith("青溪县")


def test_noise_items_are_listed_but_are_not_reports(truth, crawl):
    titles = {n["title"] for n in truth["noise"]}
    assert "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知" in titles
    assert any("政务公开工作要点" in t for t in titles) and any("解读" in t for t in titles)
    report_urls = {r["page_url"] for r in truth["reports"]}
    for item in truth["noise"]:
        assert item["url"] in crawl["pages"] and item["url"] not in report_urls


def _editor_tables(url: str):
    tree = lxml_html.fromstring(decode(fetch(url)))
    return tree.xpath('//div[@class="TRS_Editor"]//table[@class="MsoNormalTable"]')


def _row_values(table, label: str) -> list[str]:
    for tr in table.iter("tr"):
        cells = [td.text_content().replace("\xa0", "").strip() for td in tr.iter("td")]
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no row {label}")


def test_word_html_table_prints_the_hand_written_values(truth):
    # own_2023_bureau's notes: 新收 natural 41, commercial 12, research 1, social 2, legal 3, other 1, total 60
    report = next(r for r in truth["reports"] if r["content_id"] == "own_2023_bureau" and r["agency"] == "云湖市生态环境局")
    tables = _editor_tables(report["page_url"])
    assert _row_values(tables[1], "一、本年新收政府信息公开申请数量") == ["41", "12", "1", "2", "3", "1", "60"]
    assert _row_values(tables[0], "行政事业性收费") == ["0.0000"]


def test_page_split_artefact_repeats_the_results_label(truth):
    report = next(r for r in truth["reports"] if r["content_id"] == "own_2023_bureau" and r["agency"] == "云湖市生态环境局")
    tables = _editor_tables(report["page_url"])
    assert len(tables) == 4  # 二, 三 in two pieces, 四
    labels = [td for t in tables[1:3] for td in t.iter("td") if td.text_content().strip() == "三、本年度办理结果"]
    assert [int(td.get("rowspan")) for td in labels] == [10, 12]  # 22 rows restarted after the break


def test_split_labels_and_word_markup(truth):
    split = next(r for r in truth["reports"] if r["content_id"] == "own_2021_inconsistent"
                 and r["agency"] == "青溪县人力资源和社会保障局")
    text = decode(fetch(split["page_url"]))
    assert "三、本年度办 理结果" in text and "社会公益 组织" in text and "法律服务\r\n机构" in text
    blanks = next(r for r in truth["reports"] if r["content_id"] == "own_2019_bureau" and r["agency"] == "云湖市交通运输局")
    raw = decode(fetch(blanks["page_url"]))
    assert "&nbsp;</td>" in raw  # zeros written as blank cells
    assert "本年新<br>公开数量" in raw and "BACKGROUND: rgb(198,217,241)" in raw
    assert 'class="MsoNormalTable"' in raw and "text-indent:2em" in raw
    assert re.search(r'<td [^>]*><span lang="EN-US"[^>]*>\d+</span></td>', raw)  # a number without <p>


def test_legacy_report_prints_its_chapters_and_appendix(truth):
    legacy = next(r for r in truth["reports"] if r["template"] == "legacy")
    assert legacy["year"] == 2017 and legacy["cells"] == {}
    text = decode(fetch(legacy["page_url"]))
    for chapter in content("own_2017_legacy")["chapters"]:
        assert chapter["heading"] in text
    assert "指标名称" in text and "1862" in text
