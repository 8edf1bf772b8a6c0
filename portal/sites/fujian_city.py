"""闽川市人民政府: a city portal on the Fujian TRS intensive platform, lists "动静结合".

闽川市 is made up. Its 政府信息公开年报 column (首页 → 政务公开 → 政府信息公开 → 政府信息公开年报,
``/zwgk/zfxxgk/zfxxgknb/index.htm``) holds the city government's and its departments'
reports of 2019–2024 in one flat list, with look-alike notices filed among them. Only the
first ten items are in the HTML; the rest are reachable only through ``POST
/fjdzapp/search`` (:mod:`portal.cms.fujian_trs`). Every report page shows the text
version (Word-pasted HTML) and a 全真版 PDF viewer.

Epochs: from epoch 2 the editors have deleted one report (its page now refreshes to the
column, it is gone from lists and from the truth).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from html import escape

from portal.catalog import content_ids, derive, load, template_for_year
from portal.clock import CST, office_time, stable
from portal.cms.fujian_trs import FjColumn, FjDoc, FujianDynamic, publish_detail, publish_list, publish_viewer
from portal.cms.trs import Column, link_list, publish_simple, publish_static
from portal.cms.trs_pages import SiteLook, not_found_page, page, robots_txt
from portal.render.html import render_report_html
from portal.render.pdf import render_report_pdf
from portal.site import NoiseItem, Resource, Site, TruthReport

KEY = "minchuan"
CITY = "闽川市"
NB_ROOT = "/zwgk/zfxxgk/zfxxgknb/"
CHNL_ID = 2671
SEARCH_ID = 200318

LOOK = SiteLook(
    name="闽川市人民政府", domain="www.minchuan.gov.cn", site_code="3507000023", site_id=45,
    sponsor="闽川市人民政府办公室", icp="闽ICP备05007721号-1", police="闽公网安备 35070202000117号",
    nav=[("首页", "/"), ("政务公开", "/zwgk/")], search_channel=SEARCH_ID,
)
HOME = [("首页", "/")]
ZWGK = HOME + [("政务公开", "/zwgk/")]
ZFXXGK = ZWGK + [("政府信息公开", "/zwgk/zfxxgk/")]
NIANBAO = ZFXXGK + [("政府信息公开年报", NB_ROOT)]

# (issuing body, report year, rendering): 22 reports = three pages of ten with the noise.
PLAN: list[tuple[str, int, str]] = [
    ("人民政府", 2019, "html"), ("人民政府", 2020, "html"), ("人民政府", 2021, "html"),
    ("人民政府", 2022, "html"), ("人民政府", 2023, "html-page-split"), ("人民政府", 2024, "html"),
    ("财政局", 2019, "html"), ("财政局", 2020, "html"), ("教育局", 2020, "html-split-labels"),
    ("发展和改革委员会", 2021, "html"), ("自然资源局", 2021, "html"), ("生态环境局", 2022, "html"),
    ("交通运输局", 2022, "html"), ("卫生健康委员会", 2022, "html"), ("市场监督管理局", 2023, "html"),
    ("人力资源和社会保障局", 2023, "html"), ("住房和城乡建设局", 2023, "html"), ("教育局", 2024, "html"),
    ("财政局", 2024, "html-split-labels"), ("应急管理局", 2024, "html"), ("生态环境局", 2024, "html"),
    ("发展和改革委员会", 2024, "html"),
]
DELETED_FROM_EPOCH_2 = ("财政局", 2020)
TITLE_FORMS = ["{a}{y}年政府信息公开工作年度报告", "{a}{y}年度政府信息公开工作年度报告",
               "{a}{y}年政府信息公开工作年度报告", "{a}{y}年政府信息公开工作的年度报告"]

NOISE: list[tuple[str, str, list[str]]] = [
    ("关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知", "2024-01-05", [
        "市直各单位：", "根据《中华人民共和国政府信息公开条例》第五十条规定，现就做好2023年度政府信息公开工作"
        "年度报告编制和发布工作通知如下：各单位应于2024年1月31日前在本单位网站公布年度报告，并报送市政务公开办备案。"]),
    ("闽川市2024年政务公开工作要点", "2024-04-18", [
        "为贯彻落实国务院办公厅关于2024年政务公开工作要点的部署，结合我市实际，提出如下工作要点。",
        "一、围绕推动高质量发展深化政务公开。二、持续加强政府信息公开工作年度报告编制发布管理。"]),
    ("闽川市2022年度政府信息公开工作年度报告汇总", "2023-03-28", [
        "现将市政府及市直各部门2022年度政府信息公开工作年度报告汇总发布如下："]),
    ("关于督促市场主体按时报送2023年度企业年报的通知", "2024-03-12", [
        "根据《企业信息公示暂行条例》，企业应当于每年1月1日至6月30日，通过国家企业信用信息公示系统报送上一年度年度报告。"]),
]


def _report(short: str, year: int, i: int) -> dict:
    """A content file re-issued by ``闽川市<short>`` for ``year`` (cells kept exactly)."""
    agency = CITY + short
    sources = [c for c in content_ids() if load(c)["template"] == template_for_year(year)]
    source = load(sources[(i * 5 + year) % len(sources)])
    published = f"{year + 1}-{1 + i % 3:02d}-{8 + (i * 7) % 20:02d}"
    title = TITLE_FORMS[i % len(TITLE_FORMS)].format(a=agency, y=year)
    return derive(source, agency=agency, title=title, published=published, year=year, suffix=f"{agency}{year}")


def _docs(epoch: int) -> tuple[list[tuple[dict, FjDoc]], list[FjDoc]]:
    reports: list[tuple[dict, FjDoc]] = []
    for i, (short, year, mode) in enumerate(PLAN):
        r = _report(short, year, i)
        body = render_report_html(r, page_split=mode == "html-page-split", split_labels=mode == "html-split-labels")
        doc = FjDoc(title=r["title"], published=office_time(r["published"], r["id"], opens=8, hours=9), docid=0, body_html=body,
                    source=r["agency"], idxid="", fileno="", original_pdf=partial(render_report_pdf, r),
                    deleted=epoch >= 2 and (short, year) == DELETED_FROM_EPOCH_2)
        reports.append((r, doc))
    noise = [FjDoc(title=t, published=office_time(day, t, opens=8, hours=9), docid=0, source=f"{CITY}人民政府办公室", keywords="政务公开",
                   body_html="".join(f'<p style="text-indent:2em">{escape(p)}</p>' for p in paras))
             for t, day, paras in NOISE]
    docid = 80_211
    for doc in sorted([d for _, d in reports] + noise, key=lambda d: (d.published, d.title)):
        docid += 13 + stable(doc.title) % 90
        doc.docid = docid
        doc.idxid = f"MC00107-{doc.published:%Y}-{docid % 1000:05d}"
    return reports, noise


def _link_summary(summary: FjDoc, reports: list[tuple[dict, FjDoc]], column: FjColumn) -> None:
    """The 年报汇总 page links the reports of its year, as real summaries do."""
    links = "".join(f'<p><a href="{column.doc_path(d)}" target="_blank">{escape(d.title)}</a></p>'
                    for r, d in reports if r["year"] == 2022 and not d.deleted)
    summary.body_html += links



def _portal_pages(site: Site, modified: datetime) -> None:
    home = (f'<div class="banner">山海闽川 · 幸福之城</div><div class="home-box"><h3><a href="zwgk/">政务公开</a></h3>'
            f'{link_list("/", [("政府信息公开", "/zwgk/zfxxgk/")])}</div>')
    site.add("/index.html", Resource(page(LOOK, LOOK.name, home).encode("utf-8"), "text/html; charset=utf-8", modified))
    guide = "/zwgk/zfxxgk/zfxxgkzn/"
    publish_simple(site, LOOK, "/zwgk/", "政务公开", ZWGK,
                   link_list("/zwgk/", [("政府信息公开", "/zwgk/zfxxgk/")]), modified, index="index.htm")
    publish_simple(site, LOOK, "/zwgk/zfxxgk/", "政府信息公开", ZFXXGK,
                   link_list("/zwgk/zfxxgk/", [("政府信息公开指南", guide), ("政府信息公开年报", NB_ROOT)]),
                   modified, index="index.htm")
    publish_simple(site, LOOK, guide, "政府信息公开指南", ZFXXGK + [("政府信息公开指南", guide)],
                   "<p>公民、法人或者其他组织可以通过在线、信函、当面等方式向本机关申请获取政府信息。</p>",
                   modified, index="index.htm")


def _truth(r: dict, column: FjColumn, doc: FjDoc) -> TruthReport:
    """The page is the report's document; its 全真版 PDF is the same report in another form."""
    path, pdf = column.doc_path(doc), column.pdf_path(doc)
    return TruthReport(page_path=path, doc_path=path, source_format="html", content_id=r["content_id"],
                       agency=r["agency"], year=r["year"], template=r["template"], title=r["title"],
                       published=r["published"], cells=r.get("cells") or {}, raw_cells=r.get("raw_cells") or {},
                       expected_checks=r.get("expected_checks") or {}, alternate_paths=(pdf,) if pdf else ())


def build(epoch: int = 1) -> Site:
    """The city site as published in ``epoch``."""
    site = Site(key=KEY, name=LOOK.name, platform="fujian_trs", domain=LOOK.domain, server="TRS Web Server")
    reports, noise = _docs(epoch)
    column = FjColumn(Column(NB_ROOT, "政府信息公开年报", CHNL_ID, NIANBAO), SEARCH_ID,
                      [d for _, d in reports] + noise)
    _link_summary(noise[2], reports, column)
    dynamic = FujianDynamic(site, LOOK, LOOK.domain)
    dynamic.register(column)
    site.dynamic = dynamic
    publish_static(site, LOOK)
    publish_viewer(site, LOOK)
    sidebar = f'<h3>政府信息公开</h3>{link_list(NB_ROOT, [("政府信息公开指南", "/zwgk/zfxxgk/zfxxgkzn/"), ("政府信息公开年报", NB_ROOT)])}'
    publish_list(site, LOOK, column, sidebar)
    for doc in column.docs:
        publish_detail(site, LOOK, column, doc)
    newest = column.listed()[0].published
    _portal_pages(site, newest)
    site.add("/robots.txt", Resource(robots_txt(["/was5/"]).encode("utf-8"), "text/plain; charset=utf-8",
                                     datetime(2019, 1, 1, tzinfo=CST)))
    site.not_found = Resource(not_found_page(LOOK).encode("utf-8"), "text/html; charset=utf-8",
                              datetime(2019, 1, 1, tzinfo=CST), status=404)
    site.reports = [_truth(r, column, d) for r, d in reports if not d.deleted]
    site.noise = [NoiseItem(column.doc_path(d), d.title) for d in noise]
    return site
