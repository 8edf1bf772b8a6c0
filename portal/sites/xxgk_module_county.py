"""澄溪县人民政府: a Zhejiang county portal whose 年报 live in the Hanweb xxgk module.

澄溪县 is made up (its 331128 area code is unused). Reports are keyed by (organisation,
year) as domain.md §1.2 pattern 4 describes: 首页 → 政务公开 → 政府信息公开 → 信息公开年报,
a page whose body is a form-like index — a row per organisation (县政府办公室, 县发改局 …,
then the townships), a link per year labelled only "2023年度" pointing to
``/module/xxgk/xxgkAnnualReport.jsp?fbtime=2023&area=<18-digit code>``. No link on the
way carries a report title, so title-based link following alone finds nothing.

Quirks: organisations lack some years (no link); 县统计局's 2021 link answers the empty
暂无年报 page; 县市场监管局 uploads its reports as PDFs the module page only links to. The
年报 page also links a 政务公开工作要点 notice and a 年报汇总 page (look-alikes).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from functools import partial
from html import escape

from portal.catalog import content_ids, derive, load, template_for_year
from portal.clock import office_time, stable
from portal.cms.hanweb import (
    CST,
    HTML_TYPE,
    SINCE,
    Attachment,
    HanwebLook,
    attachment_key,
    column_path,
    page,
    position,
)
from portal.cms.xxgk_module import AnnualEntry, AnnualModule, Organisation, annual_href, index_body, pdf_href
from portal.render.html import render_report_html
from portal.render.pdf import render_report_pdf
from portal.site import NoiseItem, Resource, Site, TruthReport

KEY = "chengxi"
COUNTY = "澄溪县"
AREA_PREFIX = "11331128"  # 11 = 机关, 331128 = the county's (unused) administrative code
LOOK = HanwebLook(name="澄溪县人民政府", domain="www.chengxi.gov.cn", webid=3311, site_code="3311280001",
                  sponsor="澄溪县人民政府办公室", icp="浙ICP备05021177号",
                  nav=[("首页", "/"), ("政务公开", column_path(1229530101)), ("政务服务", "http://zwfw.chengxi.gov.cn/"),
                       ("互动交流", column_path(1229530301))])

HOME = [("首页", "/")]
ZWGK = HOME + [("政务公开", column_path(1229530101))]
XXGK = ZWGK + [("政府信息公开", column_path(1229530102))]
NB_COLUMN = 1229530108
NIANBAO = XXGK + [("信息公开年报", column_path(NB_COLUMN))]
YEARS = [2024, 2023, 2022, 2021, 2020]

# (index label, full name, group, years published, how): how = html | pdf
ORGS = [
    ("县政府办公室", f"{COUNTY}人民政府", "县政府及部门", YEARS, "html"),
    ("县发改局", f"{COUNTY}发展和改革局", "县政府及部门", YEARS, "html"),
    ("县教育局", f"{COUNTY}教育局", "县政府及部门", [2024, 2023, 2022, 2021], "html"),
    ("县财政局", f"{COUNTY}财政局", "县政府及部门", YEARS, "html"),
    ("县市场监管局", f"{COUNTY}市场监督管理局", "县政府及部门", [2023, 2022], "pdf"),
    ("县统计局", f"{COUNTY}统计局", "县政府及部门", [2024, 2023, 2022], "html"),
    ("城关镇", f"{COUNTY}城关镇人民政府", "各乡镇（街道）", YEARS, "html"),
    ("溪口镇", f"{COUNTY}溪口镇人民政府", "各乡镇（街道）", [2024, 2023, 2022], "html"),
    ("石门乡", f"{COUNTY}石门乡人民政府", "各乡镇（街道）", [2024, 2023, 2021], "html"),
    ("东城街道", f"{COUNTY}东城街道办事处", "各乡镇（街道）", [2024, 2023], "html"),
]
EMPTY = ("县统计局", 2021)  # linked from the index, answers 暂无年报
TITLE_FORMS = ["{a}{y}年政府信息公开工作年度报告", "{a}{y}年度政府信息公开工作年度报告"]


def area_code(name: str) -> str:
    """An 18-digit unified code for an organisation: prefix, 9 digits of its name, a check digit."""
    body = AREA_PREFIX + f"{stable(name) % 10**9:09d}"
    return body + str(sum(int(c) * (i % 7 + 1) for i, c in enumerate(body)) % 10)


def _report(agency: str, year: int, i: int) -> dict:
    sources = [c for c in content_ids() if load(c)["template"] == template_for_year(year)]
    source = load(sources[(i * 5 + year) % len(sources)])
    title = TITLE_FORMS[(i + year) % len(TITLE_FORMS)].format(a=agency, y=year)
    published = f"{year + 1}-01-{10 + (i * 3 + year) % 19:02d}"
    return derive(source, agency=agency, title=title, published=published, year=year, suffix=f"zj-{agency}{year}")


def _entry(report: dict, how: str) -> AnnualEntry:
    published = office_time(report["published"], report["id"])
    if how == "pdf":
        name = f"{report['title']}.pdf"
        att = Attachment(name, partial(render_report_pdf, report), attachment_key(name, stable(report["id"])))
        body = (f'<p style="text-indent:2em">现将《{escape(report["title"])}》予以公开，详见附件。</p>'
                f'<p>附件：<a href="{escape(pdf_href(att))}" target="_blank">{escape(name)}</a></p>')
        return AnnualEntry(report["title"], published, body, att)
    return AnnualEntry(report["title"], published, render_report_html(report))


def _organisations() -> tuple[list[Organisation], list[tuple[dict, Organisation, AnnualEntry]]]:
    orgs, published = [], []
    for i, (label, name, group, years, how) in enumerate(ORGS):
        org = Organisation(label, name, area_code(name), group)
        for year in years:
            report = _report(name, year, i)
            entry = _entry(report, how)
            org.years[year] = entry
            published.append((report, org, entry))
        if label == EMPTY[0]:
            org.years[EMPTY[1]] = AnnualEntry("", office_time(f"{EMPTY[1] + 1}-01-20", label), "")
        orgs.append(org)
    return orgs, published


def _truth(report: dict, org: Organisation, entry: AnnualEntry) -> TruthReport:
    page_path = annual_href(report["year"], org.area)
    if entry.attachment is not None:
        return TruthReport.of(report, page_path, pdf_href(entry.attachment), "pdf")
    return TruthReport.of(report, page_path, page_path, "html")


def _add(site: Site, path: str, title: str, body: str, head: str = "", modified: datetime = SINCE) -> None:
    site.add(path, Resource(page(LOOK, title, body, head).encode("utf-8"), HTML_TYPE, modified))


def _links_page(site: Site, columnid: int, crumbs: list[tuple[str, str]], links: list[tuple[str, str]]) -> None:
    items = "".join(f'<li><a href="{p}" target="_self">{escape(n)}</a></li>' for n, p in links)
    body = f'{position(crumbs)}<div class="right"><div class="lm-title">{escape(crumbs[-1][0])}</div><ul class="gk-nav">{items}</ul></div>'
    _add(site, column_path(columnid), f"{crumbs[-1][0]} {LOOK.name}", body)


def _noise_path(title: str, when: datetime) -> str:
    return f"/col/col{NB_COLUMN}/art/{when.year}/art_{hashlib.md5(title.encode()).hexdigest()}.html"


def _noise(site: Site, published: list[tuple[dict, Organisation, AnnualEntry]]) -> list[NoiseItem]:
    """The 工作要点 notice and the 年报汇总 page, as articles in the newer Zhejiang path form."""
    summary_links = "".join(f'<tr><td>{escape(org.label)}</td><td><a href="{escape(annual_href(2023, org.area))}" '
                            f'target="_blank">{escape(r["title"])}</a></td></tr>'
                            for r, org, _ in published if r["year"] == 2023)
    items = [
        (f"{COUNTY}2024年政务公开工作要点", datetime(2024, 4, 18, 10, 12, tzinfo=CST),
         '<p style="text-indent:2em">2024年全县政务公开工作要紧扣县委县政府中心工作，按时发布政府信息公开工作年度报告。</p>'),
        (f"{COUNTY}2023年度政府信息公开工作年度报告汇总", datetime(2024, 3, 28, 16, 40, tzinfo=CST),
         f'<p style="text-indent:2em">现将县政府及县级各部门、各乡镇（街道）2023年度政府信息公开工作年度报告汇总如下：</p>'
         f'<table class="nb-table">{summary_links}</table>'),
    ]
    noise = []
    for title, when, text in items:
        path = _noise_path(title, when)
        head = f'<meta name="ArticleTitle" content="{escape(title)}">\n<meta name="PubDate" content="{when:%Y-%m-%d %H:%M}">'
        body = (f'{position(NIANBAO + [("正文", "")])}<div class="article"><h1 class="title">{escape(title)}</h1>'
                f'<div class="info"><span>发布日期：{when:%Y-%m-%d}</span></div><div id="zoom">{text}</div></div>')
        _add(site, path, title, body, head, when)
        noise.append(NoiseItem(path, title))
    return noise


def _portal_pages(site: Site, orgs: list[Organisation], noise: list[NoiseItem]) -> None:
    home = f'<div class="banner">诗画澄溪</div><div class="box"><a href="{column_path(1229530101)}">政务公开</a></div>'
    _add(site, "/index.html", LOOK.name, home)
    _links_page(site, 1229530101, ZWGK, [("政府信息公开", column_path(1229530102)), ("政策解读", column_path(1229530201))])
    _links_page(site, 1229530201, ZWGK + [("政策解读", column_path(1229530201))], [])
    _links_page(site, 1229530301, HOME + [("互动交流", column_path(1229530301))], [])
    _links_page(site, 1229530102, XXGK, [("政府信息公开指南", column_path(1229530103)),
                                         ("政府信息公开制度", column_path(1229530105)),
                                         ("信息公开年报", column_path(NB_COLUMN))])
    for columnid, name in ((1229530103, "政府信息公开指南"), (1229530105, "政府信息公开制度")):
        _links_page(site, columnid, XXGK + [(name, column_path(columnid))], [])
    related = "".join(f'<li><a href="{n.path}" title="{escape(n.title)}" target="_blank">{escape(n.title)}</a></li>'
                      for n in noise)
    body = (f'{position(NIANBAO)}<div class="right"><div class="lm-title">信息公开年报</div>'
            f'{index_body(orgs, YEARS)}<div class="nb-related"><h3>相关信息</h3><ul>{related}</ul></div></div>')
    head = '<meta name="ColumnName" content="信息公开年报">\n<meta name="ColumnType" content="信息公开年报">'
    _add(site, column_path(NB_COLUMN), f"信息公开年报 {LOOK.name}", body, head)
    site.add("/robots.txt", Resource(b"User-agent: *\nDisallow: /jrobot/\n", "text/plain; charset=utf-8", SINCE))


def build(epoch: int = 1) -> Site:
    """The county site (the same in every epoch so far)."""
    site = Site(key=KEY, name=LOOK.name, platform="hanweb_xxgk", domain=LOOK.domain, server="Hanweb JCMS")
    orgs, published = _organisations()
    noise = _noise(site, published)
    _portal_pages(site, orgs, noise)
    site.dynamic = AnnualModule(LOOK, NIANBAO, orgs)
    missing = page(LOOK, "页面不存在", '<div class="error"><h2>您访问的页面不存在！</h2><a href="/">返回首页</a></div>')
    site.not_found = Resource(missing.encode("utf-8"), HTML_TYPE, SINCE, status=404)
    site.reports = [_truth(r, org, entry) for r, org, entry in published]
    site.noise = noise
    return site
