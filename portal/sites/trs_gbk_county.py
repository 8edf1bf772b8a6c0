"""凤林县人民政府: an old TRS WCM county site served entirely in GBK (domain.md §2.1, §4.4).

Every HTML page is sent as ``text/html; charset=GBK`` and declares
``<meta … charset=gb2312>`` while the bytes are really GBK/GB18030 — titles carry
characters GB2312 does not have (珺山镇, 镕溪镇), so only a gb18030 decode reads them. The
年报 column is organised year → category (``2024n/xzf/``, ``bm/``, ``xzjd/``). The column
moved from ``/xxgk/ndbg/`` without a redirect: the home page no longer links it, the old
path answers 404 (the site map still has the stale link), and the column is only found
again through 政务公开 → 政府信息公开 → 政府信息公开年报. One department published its
report only as a DOCX (``P0….docx``), another only as an XLSX workbook; look-alikes and
an unrendered avalon template (``{{el.chnldocurl}}``) sit in the lists. A security scan
made its administrator switch ETags off (Apache's ``FileETag None``, against "ETag inode
disclosure"): its answers carry only ``Last-Modified``, so a re-run can only ask
``If-Modified-Since``.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape

from portal.catalog import derive, load
from portal.clock import CST, office_time, stable
from portal.cms.trs import (
    Column,
    Doc,
    link_list,
    publish_column,
    publish_simple,
    publish_static,
    relative,
)
from portal.cms.trs_pages import SiteLook, not_found_page, page, robots_txt
from portal.render.docx import render_report_docx
from portal.render.html import render_report_html
from portal.render.xlsx import render_report_xlsx
from portal.site import NoiseItem, Resource, Site, TruthReport

KEY = "fenglin_gbk"
NB_ROOT = "/zwgk/zfxxgk/zfxxgknb/"
OLD_ROOT = "/xxgk/ndbg/"  # the column's former home: 404 now, no redirect
CATEGORIES = {"xzf": "县政府", "bm": "部门", "xzjd": "乡镇"}
PAGE_SIZE = 2
CHARSET_HEADER = "text/html; charset=GBK"
SOURCE_FORMATS = {"xlsx": "xls"}  # report-schema.md names spreadsheets "xls", whatever their generation

LOOK = SiteLook(
    name="凤林县人民政府", domain="www.fenglin.gov.cn", site_code="3607350001", site_id=12,
    sponsor="凤林县人民政府办公室", icp="赣ICP备06001234号", police="赣公网安备 36073502000012号",
    nav=[("首页", "/"), ("政务公开", "/zwgk/"), ("政务服务", "/zwfw/"), ("互动交流", "/hdjl/")],
)
HOME = [("首页", "/")]
ZWGK = HOME + [("政务公开", "/zwgk/")]
ZFXXGK = ZWGK + [("政府信息公开", "/zwgk/zfxxgk/")]
NIANBAO = ZFXXGK + [("政府信息公开年报", NB_ROOT)]

# (content id, agency, report year, category, published, form, aliases): form html/docx/xlsx.
REPORTS = [
    ("own_2023_bureau", "凤林县人民政府", 2022, "xzf", "2023-03-20", "html", {}),
    ("own_2021_inconsistent", "凤林县人民政府", 2023, "xzf", "2024-03-18", "html", {}),
    ("sample_000", "凤林县人民政府", 2024, "xzf", "2025-03-17", "html", {}),
    ("sample_002", "凤林县卫生健康委员会", 2022, "bm", "2023-01-30", "html", {}),
    ("own_2021_placeholders", "凤林县教育体育局", 2023, "bm", "2024-01-26", "docx", {}),
    ("own_2023_bureau", "凤林县财政局", 2024, "bm", "2025-01-22", "xlsx", {}),
    ("sample_003", "凤林县民政局", 2024, "bm", "2025-01-24", "html", {}),
    ("own_2021_township", "凤林县珺山镇人民政府", 2023, "xzjd", "2024-01-29", "html", {"城关镇": "珺山镇"}),
    ("own_2022_township", "凤林县镕溪镇人民政府", 2024, "xzjd", "2025-01-27", "html", {"新华街道": "镕溪镇"}),
]
NOISE = [
    (2023, "xzf", "关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", "2024-01-08"),
    (2023, "xzf", "凤林县2023年政府信息公开工作年度报告解读", "2024-03-25"),
    (2024, "xzf", "凤林县2024年政务公开工作要点", "2024-04-15"),
    (2024, "bm", "关于督促企业按时报送2024年度年报的公告", "2025-02-10"),
]
META_CHARSET = re.compile(r'(<meta http-equiv="Content-Type" content="text/html; charset=)[\w-]+(">)', re.I)


def _report(content_id: str, agency: str, year: int, published: str, aliases: dict[str, str]) -> dict:
    title = f"{agency}{year}年政府信息公开工作年度报告"
    return derive(load(content_id), agency=agency, title=title, published=published, year=year,
                  suffix=f"{agency}{year}", aliases=aliases)


def _doc(report: dict, form: str) -> Doc:
    doc = Doc(title=report["title"], published=office_time(report["published"], report["id"]), docid=0, body_html="",
              source=report["agency"], encoding="gb2312")
    if form == "html":
        doc.body_html = render_report_html(report)
        return doc
    render = render_report_docx if form == "docx" else render_report_xlsx
    doc.body_html = f'<p style="text-indent:2em">{escape(report["title"])}全文请见附件。</p>'
    doc.attachments.append((f"{report['title']}.{form}", render(report), f"{report['title']}.{form}"))
    return doc


def _sidebar(here: str, years: list[int]) -> str:
    links = "".join(f'<li><a href="{relative(here, f"{NB_ROOT}{y}n/")}">{y}年度</a></li>' for y in years)
    template = ('<ul class="hot" ms-controller="hotlist" style="display:none"><li ms-repeat="list">'
                '<a href="{{el.chnldocurl}}" title="{{el.doctitle}}">{{el.doctitle}}</a></li></ul>')
    return f'<h3>政府信息公开年报</h3><ul class="sub-nav">{links}</ul>{template}'



def _publish_nianbao(site: Site) -> datetime:
    years = sorted({r[2] for r in REPORTS}, reverse=True)
    columns: dict[tuple[int, str], Column] = {}
    chnl = 8801
    for year in years:
        for cat, name in CATEGORIES.items():
            path = f"{NB_ROOT}{year}n/{cat}/"
            columns[year, cat] = Column(path, name, chnl, NIANBAO + [(f"{year}年度", f"{NB_ROOT}{year}n/"), (name, path)])
            chnl += 1
    truth: list[tuple[Column, Doc, dict | None, str]] = []
    for content_id, agency, year, cat, published, form, aliases in REPORTS:
        report = _report(content_id, agency, year, published, aliases)
        doc = _doc(report, form)
        columns[year, cat].docs.append(doc)
        truth.append((columns[year, cat], doc, report, form))
    for year, cat, title, day in NOISE:
        body = "".join(f'<p style="text-indent:2em">{escape(t)}</p>' for t in (
            f"{title}。", "各乡镇人民政府，县政府各部门：请认真做好相关工作。", "凤林县人民政府办公室"))
        doc = Doc(title=title, published=office_time(day, title), docid=0, body_html=body, source="凤林县人民政府办公室",
                  keywords="政务公开", encoding="gb2312")
        columns[year, cat].docs.append(doc)
        truth.append((columns[year, cat], doc, None, "noise"))
    docid = 913_400
    for _, doc, _, _ in sorted(truth, key=lambda t: (t[1].published, t[1].title)):
        docid += 29 + stable(doc.title) % 300
        doc.docid = docid
    for column in columns.values():
        publish_column(site, LOOK, column, _sidebar(column.path, years), PAGE_SIZE)
    for column, doc, report, form in truth:
        path = column.doc_path(doc)
        if report is None:
            site.noise.append(NoiseItem(path, doc.title))
            continue
        doc_path = path.rsplit("/", 1)[0] + "/" + doc.attachment_filename(0) if doc.attachments else path
        site.reports.append(TruthReport.of(report, path, doc_path, SOURCE_FORMATS.get(form, form)))
    newest = max(doc.published for _, doc, _, _ in truth)
    for year in years:
        here = f"{NB_ROOT}{year}n/"
        inner = link_list(here, [(name, f"{here}{cat}/") for cat, name in CATEGORIES.items()])
        publish_simple(site, LOOK, here, f"{year}年度", NIANBAO + [(f"{year}年度", here)], inner, newest)
    publish_simple(site, LOOK, NB_ROOT, "政府信息公开年报", NIANBAO,
            link_list(NB_ROOT, [(f"{y}年度", f"{NB_ROOT}{y}n/") for y in years]), newest)
    return newest


def _publish_portal_pages(site: Site, modified: datetime) -> None:
    home = ('<div class="banner">山水凤林</div>'
            f'<div class="home-box"><h3><a href="zwgk/">政务公开</a></h3>{link_list("/", [("政府信息公开", "/zwgk/zfxxgk/"), ("政策文件", "/zwgk/zcwj/")])}</div>'
            f'<div class="home-box"><h3>便民服务</h3>{link_list("/", [("办事指南", "/zwfw/"), ("网站地图", "/wzdt/")])}</div>')
    site.add("/index.html", Resource(page(LOOK, LOOK.name, home).encode("utf-8"), "text/html; charset=utf-8", modified))
    publish_simple(site, LOOK, "/zwgk/", "政务公开", ZWGK, link_list("/zwgk/", [("政府信息公开", "/zwgk/zfxxgk/"),
                                                               ("政策文件", "/zwgk/zcwj/")]), modified)
    publish_simple(site, LOOK, "/zwgk/zfxxgk/", "政府信息公开", ZFXXGK, link_list("/zwgk/zfxxgk/", [
        ("政府信息公开指南", "/zwgk/zfxxgk/zfxxgkzn/"), ("政府信息公开年报", NB_ROOT)]), modified)
    for path, title, crumbs, inner in [
        ("/zwgk/zcwj/", "政策文件", ZWGK + [("政策文件", "/zwgk/zcwj/")], "<p>暂无信息。</p>"),
        ("/zwgk/zfxxgk/zfxxgkzn/", "政府信息公开指南", ZFXXGK + [("政府信息公开指南", "/zwgk/zfxxgk/zfxxgkzn/")],
         "<p>公民、法人或者其他组织可以向本机关申请获取政府信息。</p>"),
        ("/zwfw/", "政务服务", HOME + [("政务服务", "/zwfw/")], "<p>请通过政务服务网办理。</p>"),
        ("/hdjl/", "互动交流", HOME + [("互动交流", "/hdjl/")], "<p>县长信箱。</p>"),
        ("/wzdt/", "网站地图", HOME + [("网站地图", "/wzdt/")],
         link_list("/wzdt/", LOOK.nav + [("政府信息公开年度报告", OLD_ROOT)])),
    ]:
        publish_simple(site, LOOK, path, title, crumbs, inner, modified)


def serve_as_gbk(site: Site) -> None:
    """Re-encode every HTML resource the way this site's server sends it: GBK, declared gb2312.

    Every page is decoded (UTF-8, or GB18030 for pages written that way) and encoded as
    GBK; a character GBK lacks (the TRS breadcrumb's ``›``) becomes a numeric character
    reference, as a GBK CMS writes it. The header says GBK, the ``<meta>`` says gb2312.
    """
    def convert(resource: Resource) -> Resource:
        if not resource.content_type.startswith("text/html"):
            return resource
        declared = resource.content_type.lower().rsplit("charset=", 1)[-1]
        text = resource.body.decode("gb18030" if declared.startswith("gb") else "utf-8")
        body = META_CHARSET.sub(r"\1gb2312\2", text).encode("gbk", errors="xmlcharrefreplace")
        return Resource(body, CHARSET_HEADER, resource.modified, resource.status, resource.headers)

    site.resources = {path: convert(r) for path, r in site.resources.items()}
    if site.not_found is not None:
        site.not_found = convert(site.not_found)


def build(epoch: int = 1) -> Site:
    """The GBK county site (the same in every epoch)."""
    site = Site(key=KEY, name=LOOK.name, platform="trs_wcm", domain=LOOK.domain, server="TRS Web Server",
                etags=False)
    publish_static(site, LOOK)
    newest = _publish_nianbao(site)
    _publish_portal_pages(site, newest)
    site.add("/robots.txt", Resource(robots_txt(["/was5/"]).encode("utf-8"), "text/plain; charset=utf-8",
                                     datetime(2019, 1, 1, tzinfo=CST)))
    site.not_found = Resource(not_found_page(LOOK).encode("utf-8"), "text/html; charset=utf-8",
                              datetime(2019, 1, 1, tzinfo=CST), status=404)
    serve_as_gbk(site)
    return site
