"""云湖市交通运输局: a city department's site on VSB / WebPlus (domain.md §2.5).

The department and two bodies under it file their 年报 in one 信息公开 column,
``/zwgk/zfxxgknb.htm``, whose later pages are numbered backwards (``zfxxgknb/3.htm`` …
``1.htm``). The column moved: the home page still links the old ``/xxgk/zfxxgknb.htm``,
which answers 301 to the new path. Most reports are Word-pasted HTML in
``.v_news_content``; the department's 2022 report is only a DOCX and the 公路事业发展中心's
2023 report only a PDF, both behind extension-less ``download.jsp`` URLs whose file names
travel as raw GBK bytes in Content-Disposition. Two reports (the department's 2020, the
执法支队's 2023) are PDFs put into the body: a ``/__local/…`` file that the page names only
in a ``showVsbpdfIframe(…)`` script call, with no link or frame to it. Look-alikes (a notice about compiling
reports, 政务公开工作要点, a 解读, a 企业年报 notice) are filed among the reports, and the
home page carries an unrendered template link (``{{item.link}}``) that must never be
fetched.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from portal.catalog import derive, load, original
from portal.clock import CST, office_time, stable
from portal.cms.vsb import (
    VsbArticle,
    VsbAttachment,
    VsbColumn,
    VsbLocalPdf,
    VsbLook,
    crumbs_html,
    download_url,
    install_endpoints,
    link,
    local_path,
    publish_column,
    publish_page,
)
from portal.render.docx import render_report_docx
from portal.render.html import render_report_html
from portal.render.pdf import render_report_pdf
from portal.site import NoiseItem, Resource, Site, TruthReport

KEY = "yunhu_jtj"
CITY = "云湖市"
OLD_COLUMN = "/xxgk/zfxxgknb.htm"  # where the column was; now a 301 to the new path

LOOK = VsbLook(
    name="云湖市交通运输局", domain="jtj.yunhu.gov.cn", owner=1493920566, site_code="5301000027",
    sponsor="云湖市交通运输局", icp="滇ICP备12003456号-2",
    nav=[("首页", "/index.htm"), ("机构职能", "/jgzn.htm"), ("新闻动态", "/xwdt.htm"), ("信息公开", "/zwgk.htm"),
         ("政务服务", "/zwfw.htm"), ("互动交流", "/hdjl.htm")],
)
HOME = [("首页", "/index.htm")]
ZWGK = HOME + [("信息公开", "/zwgk.htm")]
NEW_COLUMN = "/zwgk/zfxxgknb.htm"


def _column() -> VsbColumn:
    return VsbColumn(path="/zwgk/", slug="zfxxgknb", name="政府信息公开年报", tree_id=1116,
                     crumbs=ZWGK + [("政府信息公开年报", NEW_COLUMN)], page_size=4, pager_window=3)


# (content id, agency, report year, published, form): form is html, docx or pdf (download.jsp
# attachments), or pdf_in_body (a /__local/ PDF shown only by showVsbpdfIframe).
REPORTS = [
    ("own_2019_bureau", "云湖市交通运输局", 2019, "2020-01-21", "html"),
    ("own_2019_county", "云湖市交通运输局", 2020, "2021-01-26", "pdf_in_body"),
    ("own_2021_placeholders", "云湖市交通运输局", 2021, "2022-01-24", "html"),
    ("own_2023_bureau", "云湖市交通运输局", 2022, "2023-01-18", "docx"),
    ("sample_003", "云湖市交通运输局", 2023, "2024-01-22", "html"),
    ("own_2021_inconsistent", "云湖市交通运输局", 2024, "2025-01-20", "html"),
    ("sample_000", "云湖市公路事业发展中心", 2022, "2023-01-29", "html"),
    ("own_2023_bureau", "云湖市公路事业发展中心", 2023, "2024-01-25", "pdf"),
    ("sample_002", "云湖市公路事业发展中心", 2024, "2025-01-23", "html"),
    ("own_2021_placeholders", "云湖市交通运输综合行政执法支队", 2023, "2024-01-30", "pdf_in_body"),
    ("own_2023_bureau", "云湖市交通运输综合行政执法支队", 2024, "2025-01-27", "html"),
]

NOISE = [
    ("关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知", "2024-01-05", [
        "局属各单位、机关各科室：",
        "根据《中华人民共和国政府信息公开条例》规定，现就做好2023年度政府信息公开工作年度报告编制和发布工作通知如下：",
        "一、各单位于2024年1月31日前完成年度报告编制，经单位主要负责人审定后报局办公室统一发布。",
        "二、年度报告严格按照国务院办公厅政府信息与政务公开办公室印发的格式编制，数据应当准确。",
        "云湖市交通运输局办公室", "2024年1月5日"]),
    ("云湖市交通运输局2024年政务公开工作要点", "2024-03-28", [
        "为深入推进交通运输领域政务公开工作，结合我局实际，制定本工作要点。",
        "一、加强重点领域信息公开。二、做好政策解读和回应关切。三、按时编制发布政府信息公开工作年度报告。"]),
    ("《云湖市交通运输局2023年政府信息公开工作年度报告》解读", "2024-01-30", [
        "一、2023年，我局主动公开政府信息1200余条，办理政府信息公开申请若干件。",
        "二、年度报告全文见本栏目《云湖市交通运输局2023年政府信息公开工作年度报告》。"]),
    ("关于开展道路运输企业2023年度年报公示工作的通知", "2024-03-01", [
        "各道路运输企业：",
        "根据《企业信息公示暂行条例》，请于2024年6月30日前通过国家企业信用信息公示系统报送2023年度年度报告。"]),
    ("云湖市交通运输局2022年政务公开工作要点", "2022-04-11", [
        "2022年政务公开工作要点：一、深化决策公开；二、强化政策解读；三、规范依申请公开办理。"]),
]


def _report(content_id: str, agency: str, year: int, published: str) -> dict:
    source = load(content_id)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    if source["agency"] == agency and source["year"] == year:
        return original(content_id)
    return derive(source, agency=agency, title=title, published=published, year=year, suffix=f"{agency}{year}")


def _paragraphs(lines: list[str]) -> str:
    return "".join(f'<p style="text-indent:2em">{escape(line)}</p>' for line in lines)


def _publish_column(site: Site, column: VsbColumn) -> None:
    article_id, wbfileid = 5902, 5847321
    entries: list[tuple[VsbArticle, dict | None, str]] = []
    for content_id, agency, year, published, form in REPORTS:
        report = _report(content_id, agency, year, published)
        article = VsbArticle(0, report["title"], office_time(report["published"], report["id"]), agency, "")
        if form == "html":
            article.body_html = render_report_html(report)
        elif form == "pdf_in_body":
            article.local_pdf = VsbLocalPdf(local_path(report["id"]), render_report_pdf(report))
        else:
            render = render_report_docx if form == "docx" else render_report_pdf
            wbfileid += 1 + stable(report["id"]) % 50
            article.attachments.append(VsbAttachment(wbfileid, f"{report['title']}.{form}", render(report)))
            article.body_html = _paragraphs([f"{report['title']}详见附件。"])
        entries.append((article, report, form))
    for title, day, lines in NOISE:
        entries.append((VsbArticle(0, title, office_time(day, title), LOOK.name, _paragraphs(lines)), None, "noise"))
    for article, _, _ in sorted(entries, key=lambda e: (e[0].published, e[0].title)):
        article_id += 3 + stable(article.title) % 40
        article.article_id = article_id
    column.articles = [article for article, _, _ in entries]
    publish_column(site, LOOK, column, _sidebar)
    for article, report, form in entries:
        path = column.article_path(article)
        if report is None:
            site.noise.append(NoiseItem(path, article.title))
            continue
        if article.local_pdf:
            doc, form = article.local_pdf.path, "pdf"
        else:
            doc = download_url(LOOK, article.attachments[0]) if article.attachments else path
        site.reports.append(TruthReport.of(report, path, doc, form))


def _sidebar(here: str) -> str:
    items = [("政府信息公开指南", "/zwgk/zfxxgkzn.htm"), ("政府信息公开制度", "/zwgk/zfxxgkzd.htm"),
             ("法定主动公开内容", "/zwgk/fdzdgknr.htm"), ("政府信息公开年报", NEW_COLUMN)]
    return "<ul>" + "".join(f'<li><a href="{link(here, p)}">{escape(n)}</a></li>' for n, p in items) + "</ul>"


def _simple(site: Site, path: str, title: str, crumbs: list[tuple[str, str]], inner: str, modified: datetime) -> None:
    body = f'{crumbs_html(crumbs, path)}<div class="left">{_sidebar(path)}</div><div class="right"><h2>{escape(title)}</h2>{inner}</div>'
    publish_page(site, LOOK, path, title, body, modified)


def _publish_pages(site: Site, column: VsbColumn, modified: datetime) -> None:
    """首页 (with the stale link to the old column path), 信息公开 and the other menu pages."""
    notice = max((a for a in column.articles if a.title == NOISE[1][0]), key=lambda a: a.published)
    home = f"""<div class="box"><h3>通知公告</h3><ul class="list">
<li><span>{notice.published:%Y-%m-%d}</span><a href="{link("/index.htm", column.article_path(notice))}">{escape(notice.title)}</a></li></ul></div>
<div class="box"><h3>信息公开</h3><ul>
<li><a href="zwgk/zfxxgkzn.htm">政府信息公开指南</a></li>
<li><a href="{OLD_COLUMN.lstrip('/')}">政府信息公开年报</a></li>
<li><a href="zwgk.htm">更多信息公开</a></li></ul></div>
<div id="zsk-app" style="display:none"><a href="{{{{item.link}}}}" target="_blank">{{{{item.name}}}}</a></div>
<script>_showDynClickBatch(['dynclicks_u8_{notice.article_id}'],[{notice.article_id}],"wbnews", {LOOK.owner})</script>"""
    publish_page(site, LOOK, "/index.htm", LOOK.name, home, modified)
    site.add("/index.html", site.resources["/index.htm"])
    zwgk = "<ul>" + "".join(f'<li><a href="{link("/zwgk.htm", p)}">{n}</a></li>' for n, p in [
        ("政府信息公开指南", "/zwgk/zfxxgkzn.htm"), ("政府信息公开制度", "/zwgk/zfxxgkzd.htm"),
        ("法定主动公开内容", "/zwgk/fdzdgknr.htm"), ("政府信息公开年报", NEW_COLUMN)]) + "</ul>"
    _simple(site, "/zwgk.htm", "信息公开", ZWGK, zwgk, modified)
    for path, title, text in [
        ("/jgzn.htm", "机构职能", "负责全市公路、水路交通运输行业管理。"),
        ("/xwdt.htm", "新闻动态", "交通要闻、基层动态。"),
        ("/zwfw.htm", "政务服务", "道路运输许可、公路路政许可办事指南。"),
        ("/hdjl.htm", "互动交流", "局长信箱、在线咨询。"),
        ("/zwgk/zfxxgkzn.htm", "政府信息公开指南", "申请人可通过在线、信函、当面等方式提出政府信息公开申请。"),
        ("/zwgk/zfxxgkzd.htm", "政府信息公开制度", "政府信息公开保密审查制度、政府信息发布协调制度。"),
        ("/zwgk/fdzdgknr.htm", "法定主动公开内容", "机构职能、政策文件、行政许可、行政处罚等。"),
    ]:
        crumbs = (ZWGK if path.startswith("/zwgk/") else HOME) + [(title, path)]
        _simple(site, path, title, crumbs, f"<p>{escape(text)}</p>", modified)


def build(epoch: int = 1) -> Site:
    """The department's site (the same in every epoch)."""
    site = Site(key=KEY, name=LOOK.name, platform="vsb", domain=LOOK.domain, server="VWebServer")
    column = _column()
    _publish_column(site, column)
    newest = max(a.published for a in column.articles)
    _publish_pages(site, column, newest)
    site.add(OLD_COLUMN, Resource(b"", "text/html; charset=utf-8", newest, status=301,
                                  headers=(("Location", NEW_COLUMN),)))
    install_endpoints(site, LOOK, [column])
    missing = crumbs_html(HOME, "/404.htm") + "<h2>您访问的页面不存在！</h2>"
    site.not_found = Resource(f"<html><body>{missing}</body></html>".encode(), "text/html; charset=utf-8",
                              datetime(2019, 1, 1, tzinfo=CST), status=404)
    return site
