"""汐川县人民政府: a county portal on Hanweb JCMS, lists served by jpage (domain.md §2.3).

汐川县 is made up. Reports are in three 政府信息公开年报 columns, all reached by links only:

* the county's own (首页 → 政务公开 → 政府信息公开年报, ``/col/col1005/``): the county
  government's and its departments' reports of 2019–2024 and look-alike notices, 40
  items, 6 per page in groups of 3 pages — 18 inline, the rest only by POST;
* two units' own 政务公开 trees (domain.md §1.2 pattern 3): 政务公开 → 部门信息公开 →
  汐川县教育局 → 政府信息公开年报 (2 per page, another record markup, so one POST group),
  and the same for 城关镇 (a short list, no POST).

Two county reports are published only as attachments through ``downfile.jsp`` (a PDF and
a DOCX) whose names travel only in raw-GBK ``Content-Disposition`` headers.
"""

from __future__ import annotations

from functools import partial
from html import escape

from portal.catalog import content_ids, derive, load, template_for_year
from portal.clock import office_time, stable
from portal.cms.hanweb import (
    SINCE,
    Article,
    Attachment,
    HanwebLook,
    JpageColumn,
    JpageDynamic,
    attachment_key,
    column_path,
    page,
    position,
    publish_article,
    publish_column,
)
from portal.render.docx import render_report_docx
from portal.render.html import render_report_html
from portal.render.pdf import render_report_pdf
from portal.site import NoiseItem, Resource, Site, TruthReport

KEY = "xichuan"
COUNTY = "汐川县"
LOOK = HanwebLook(name="汐川县人民政府", domain="www.xichuan.gov.cn", webid=27, site_code="3209250011",
                  sponsor="汐川县人民政府办公室", icp="苏ICP备05023311号",
                  nav=[("首页", "/"), ("政务公开", column_path(1001))])

HOME = [("首页", "/")]
ZWGK = HOME + [("政务公开", column_path(1001))]
BMGK = ZWGK + [("部门信息公开", column_path(1010))]

DEPARTMENTS = ["发展和改革委员会", "公安局", "财政局", "人力资源和社会保障局", "自然资源和规划局", "住房和城乡建设局",
               "交通运输局", "农业农村局", "卫生健康委员会", "市场监督管理局", "应急管理局", "民政局"]
ATTACHED = {7: "pdf", 18: "docx"}  # county-column report index → published only as this attachment
TITLE_FORMS = ["{a}{y}年政府信息公开工作年度报告", "{a}{y}年度政府信息公开工作年度报告",
               "{a}{y}年政府信息公开工作年度报告", "{a} {y} 年政府信息公开工作年度报告"]

# (columnid, unitid, column name, unit name or None, per page, inner markup)
UNITS = [(2005, 58240, "政府信息公开年报", "汐川县教育局", 2, True), (3005, 58251, "政府信息公开年报", "汐川县城关镇", 15, False)]


def _report(agency: str, year: int, i: int, title_agency: str | None = None) -> dict:
    sources = [c for c in content_ids() if load(c)["template"] == template_for_year(year)]
    source = load(sources[(i * 3 + year) % len(sources)])
    title = TITLE_FORMS[i % len(TITLE_FORMS)].format(a=title_agency or agency, y=year)
    published = f"{year + 1}-{1 + i % 2:02d}-{3 + (i * 7 + year) % 25:02d}"
    return derive(source, agency=agency, title=title, published=published, year=year, suffix=f"hw-{agency}{year}")


def _plan() -> dict[int, list[tuple[dict, str]]]:
    """Reports per columnid: (content, how published: html | html-split-labels | pdf | docx)."""
    county = [(_report(f"{COUNTY}人民政府", y, y), "html") for y in range(2019, 2025)]
    for i in range(30):
        year = 2019 + i // 5
        agency = COUNTY + DEPARTMENTS[(i * 5 + i // 5) % len(DEPARTMENTS)]
        county.append((_report(agency, year, i), ATTACHED.get(i, "html-split-labels" if i % 11 == 3 else "html")))
    education = [(_report(f"{COUNTY}教育局", y, y + 1), "html") for y in range(2019, 2025)]
    town = [(_report(f"{COUNTY}城关镇人民政府", y, y + 2, f"{COUNTY}城关镇"), "html") for y in (2022, 2023, 2024)]
    return {1005: county, 2005: education, 3005: town}


NOISE: dict[int, list[tuple[str, str, str]]] = {
    1005: [
        ("关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", "2024-01-08",
         "各镇人民政府，县各部门：请于2024年1月31日前在县政府门户网站“政府信息公开年报”栏目发布本单位年度报告。"),
        ("汐川县2024年政务公开工作要点", "2024-04-22",
         "2024年全县政务公开工作要以习近平新时代中国特色社会主义思想为指导，做好政府信息公开工作年度报告发布工作。"),
        ("汐川县2023年度政府信息公开工作年度报告汇总", "2024-03-29",
         "现将县政府及县各部门2023年度政府信息公开工作年度报告汇总如下："),
        ("关于提醒市场主体及时报送2023年度企业年报的公告", "2024-03-15",
         "根据《企业信息公示暂行条例》，请各类企业于2024年6月30日前报送2023年度年度报告。"),
    ],
    2005: [
        ("汐川县教育局2024年政务公开工作要点", "2024-04-26", "结合教育系统实际，制定本要点。"),
        ("关于做好2023年度政府信息公开工作年度报告编制工作的通知", "2024-01-09", "各学校：请按要求做好年度报告编制工作。"),
    ],
}


def _article(r: dict, how: str) -> Article:
    published = office_time(r["published"], r["id"])
    art = Article(title=r["title"], published=published, docid=0, body_html="", source=r["agency"])
    if how in ("pdf", "docx"):
        render = render_report_pdf if how == "pdf" else render_report_docx
        name = f"{r['title']}.{how}"
        art.attachments.append(Attachment(name, partial(render, r), ""))
        art.body_html = (f'<p style="text-indent:2em">现将《{escape(r["title"])}》予以公开，详见附件。</p>')
    else:
        art.body_html = render_report_html(r, split_labels=how == "html-split-labels")
    return art


def _columns() -> tuple[list[JpageColumn], list[tuple[dict, str, JpageColumn, Article]], list[tuple[JpageColumn, Article]]]:
    county = JpageColumn(1005, 58231, "政府信息公开年报", ZWGK + [("政府信息公开年报", column_path(1005))], per_page=6)
    units = [JpageColumn(col, unit, name, BMGK + [(who, column_path(col - 4)), (name, column_path(col))],
                         per_page=per, inner_markup=inner) for col, unit, name, who, per, inner in UNITS]
    columns = [county, *units]
    plan = _plan()
    reports, noise = [], []
    for column in columns:
        for r, how in plan[column.columnid]:
            art = _article(r, how)
            column.articles.append(art)
            reports.append((r, how, column, art))
        for title, day, text in NOISE.get(column.columnid, []):
            art = Article(title, office_time(day, title), 0, f'<p style="text-indent:2em">{escape(text)}</p>',
                          f"{COUNTY}人民政府办公室")
            column.articles.append(art)
            noise.append((column, art))
    docid = 4_301_117
    for art in sorted((a for c in columns for a in c.articles), key=lambda a: (a.published, a.title)):
        docid += 211 + stable(art.title) % 3000
        art.docid = docid
        for att in art.attachments:
            att.key = attachment_key(att.name, docid)
    summary = next(a for c, a in noise if "汇总" in a.title)
    summary.body_html += "".join(f'<p><a href="{a.path(c.columnid)}" target="_blank">{escape(a.title)}</a></p>'
                                 for r, _, c, a in reports if r["year"] == 2023 and c is county)
    return columns, reports, noise


def _simple(site: Site, path: str, crumbs: list[tuple[str, str]], links: list[tuple[str, str, str]]) -> None:
    """An overview column page: a list of links (label, path, title attribute)."""
    items = "".join(f'<li><a href="{p}" title="{escape(t)}" target="_self">{escape(n)}</a></li>' for n, p, t in links)
    body = f'{position(crumbs)}<div class="right"><div class="lm-title">{escape(crumbs[-1][0])}</div><ul class="gk-nav">{items}</ul></div>'
    site.add(path, Resource(page(LOOK, f"{crumbs[-1][0]} {LOOK.name}", body).encode("utf-8"),
                            "text/html; charset=utf-8", SINCE))


def _portal_pages(site: Site) -> None:
    home = f'<div class="banner">水韵汐川</div><div class="box"><a href="{column_path(1001)}">政务公开</a></div>'
    site.add("/index.html", Resource(page(LOOK, LOOK.name, home).encode("utf-8"), "text/html; charset=utf-8", SINCE))
    _simple(site, column_path(1001), ZWGK, [
        ("政府信息公开指南", column_path(1002), "政府信息公开指南"),
        ("政府信息公开年报", column_path(1005), "政府信息公开年报"),
        ("部门信息公开", column_path(1010), "部门信息公开")])
    _simple(site, column_path(1002), ZWGK + [("政府信息公开指南", column_path(1002))], [])
    units = [(who.removeprefix(COUNTY), column_path(col - 4), f"{who}政府信息公开") for col, _, _, who, _, _ in UNITS]
    _simple(site, column_path(1010), BMGK, units)
    for col, _, name, who, _, _ in UNITS:
        _simple(site, column_path(col - 4), BMGK + [(who, column_path(col - 4))], [
            ("机构概况", column_path(col - 3), "机构概况"), (name, column_path(col), name)])
        _simple(site, column_path(col - 3), BMGK + [(who, column_path(col - 4)), ("机构概况", column_path(col - 3))], [])
    site.add("/robots.txt", Resource(b"User-agent: *\nDisallow: /jrobot/\n", "text/plain; charset=utf-8", SINCE))
    jpage = b"/* jpage 3.0 (stub of the replica) */ (function($){ $.fn.jpage = function(o){ return this; }; })(jQuery);\n"
    site.add("/module/web/jpage/jpage.js", Resource(jpage, "application/javascript; charset=utf-8", SINCE))


def _truth(r: dict, how: str, column: JpageColumn, art: Article) -> TruthReport:
    page_path = art.path(column.columnid)
    attached = how in ("pdf", "docx")
    return TruthReport(page_path=page_path, doc_path=art.attachments[0].href if attached else page_path,
                       source_format=how if attached else "html", content_id=r["content_id"], agency=r["agency"],
                       year=r["year"], template=r["template"], title=r["title"], published=r["published"],
                       cells=r.get("cells") or {}, raw_cells=r.get("raw_cells") or {},
                       expected_checks=r.get("expected_checks") or {})


def build(epoch: int = 1) -> Site:
    """The county site (the same in every epoch so far)."""
    site = Site(key=KEY, name=LOOK.name, platform="hanweb_jcms", domain=LOOK.domain, server="Hanweb JCMS")
    columns, reports, noise = _columns()
    dynamic = JpageDynamic(LOOK)
    for column in columns:
        dynamic.register(column)
        sidebar = f'<div class="lm-nav"><a href="{column.path}">{escape(column.name)}</a></div>'
        publish_column(site, LOOK, column, sidebar)
        for art in column.articles:
            publish_article(site, LOOK, column, art)
    site.dynamic = dynamic
    _portal_pages(site)
    missing = page(LOOK, "页面不存在", '<div class="error"><h2>您访问的页面不存在！</h2><a href="/">返回首页</a></div>')
    site.not_found = Resource(missing.encode("utf-8"), "text/html; charset=utf-8", SINCE, status=404)
    site.reports = [_truth(r, how, c, a) for r, how, c, a in reports]
    site.noise = [NoiseItem(a.path(c.columnid), a.title) for c, a in noise]
    return site
