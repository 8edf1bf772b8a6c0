"""青溪县人民政府: a county portal on TRS WCM static publishing (domain.md §2.1).

The 年报 column is reached by links only: 首页 → 政务公开 → 政府信息公开 → 政府信息公开年报
(``/zwgk/zfxxgk/zfxxgknb/``), which lists year sub-columns (``2024n/`` …) that each hold
部门 (``bm/``) and 乡镇（街道） (``xzjd/``) lists; pre-2019 reports sit in 往年年报
(``wnnb/``). Lists page with ``createPageHTML`` only; reports are Word-pasted HTML in
``div.TRS_Editor``, one is published only as a PDF attachment, one old page is GB2312,
and notices that look like reports are filed among them. What goes where is decided in
:mod:`portal.sites.trs_county_plan`; this module turns the plan into files and truth.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from portal.clock import CST, office_time, stable
from portal.cms.trs import (
    Column,
    Doc,
    breadcrumb,
    link_list,
    list_item,
    publish_column,
    publish_document,
    publish_simple,
    publish_static,
    relative,
)
from portal.cms.trs_pages import SiteLook, not_found_page, page, robots_txt
from portal.epochs import REPUBLISH_DOCID_STEP, SiteEpoch
from portal.render.html import render_report_html
from portal.render.pdf import render_report_pdf
from portal.site import NoiseItem, Resource, Site, TruthReport
from portal.sites.trs_county_plan import NOISE, Entry, NoiseDoc, plan

KEY = "qingxi"
NB_ROOT = "/zwgk/zfxxgk/zfxxgknb/"
CATEGORIES = {"bm": "部门", "xzjd": "乡镇（街道）"}
PAGE_SIZE = 15

LOOK = SiteLook(
    name="青溪县人民政府", domain="www.qingxi.gov.cn", site_code="5325230001", site_id=31,
    sponsor="青溪县人民政府办公室", icp="ICP备05012345号-1", police="公网安备 53252302000101号",
    nav=[("首页", "/"), ("新闻中心", "/xwzx/"), ("政务公开", "/zwgk/"), ("政务服务", "/zwfw/"),
         ("互动交流", "/hdjl/"), ("走进青溪", "/zjqx/")],
    related=[("中国政府网", "https://www.gov.cn/"), ("云湖市人民政府", "http://www.yunhu.gov.cn/"),
             ("青溪县政务服务网", "http://zwfw.qingxi.gov.cn/")],
)

HOME = [("首页", "/")]
ZWGK = HOME + [("政务公开", "/zwgk/")]
ZFXXGK = ZWGK + [("政府信息公开", "/zwgk/zfxxgk/")]
NIANBAO = ZFXXGK + [("政府信息公开年报", NB_ROOT)]


def _report_doc(entry: Entry) -> Doc:
    r = entry.report
    published = office_time(r["published"], r["id"], opens=8, hours=10)
    doc = Doc(title=r["title"], published=published, docid=0, body_html="", source=r["agency"],
              description=f"{r['agency']}{r['year']}年政府信息公开工作年度报告")
    if entry.mode == "pdf":
        doc.body_html = (f'<p style="text-indent:2em">{escape(r["title"])}详见附件。</p>'
                         '<p style="text-indent:2em">如无法正常浏览，请下载后使用PDF阅读器打开。</p>')
        doc.attachments.append((f"{r['title']}.pdf", render_report_pdf(r), f"{r['title']}.pdf"))
    else:
        doc.body_html = render_report_html(r, page_split=entry.mode == "html-page-split",
                                           split_labels=entry.mode == "html-split-labels")
        doc.encoding = "gb2312" if entry.mode == "html-gb2312" else "utf-8"
    return doc


def _noise_doc(n: NoiseDoc) -> Doc:
    body = "".join(f'<p style="text-indent:2em">{escape(p)}</p>' for p in n.paragraphs)
    return Doc(title=n.title, published=office_time(n.published, n.title, opens=8, hours=10), docid=0, body_html=body,
               source="青溪县人民政府办公室", keywords="政务公开")


def _assign_docids(docs: list[Doc]) -> None:
    """TRS document ids grow with publication time; the gaps are other channels' documents."""
    docid = 2_480_113
    for doc in sorted(docs, key=lambda d: (d.published, d.title)):
        docid += 37 + stable(doc.title) % 400
        doc.docid = docid


def _sidebar(here: str, years: list[str]) -> str:
    items = "".join(f'<li><a href="{relative(here, NB_ROOT + y + "/")}">{escape(label)}</a></li>'
                    for y, label in years)
    return f'<h3>政府信息公开年报</h3><ul class="sub-nav">{items}</ul>'


def _overview(site: Site, path: str, title: str, crumbs: list[tuple[str, str]], sidebar: str,
              boxes: list[tuple[str, str, list[tuple[Column, Doc]]]], modified: datetime) -> None:
    """A channel page showing its sub-channels, each with its newest items and a 更多 link."""
    parts = []
    for name, target, items in boxes:
        lis = "".join(list_item(relative(path, col.doc_path(d)), d.title, d.published) for col, d in items)
        parts.append(f'<div class="column-box"><h3><a href="{relative(path, target)}">{escape(name)}</a>'
                     f'<a class="more" href="{relative(path, target)}">更多&gt;&gt;</a></h3>'
                     f'<ul class="list-ul">{lis}</ul></div>')
    body = (f'{breadcrumb(crumbs, path)}<div class="list-wrap"><div class="left-nav">{sidebar}</div>'
            f'<div class="list-box"><h2 class="list-title">{escape(title)}</h2>{"".join(parts)}</div></div>')
    site.add(path + "index.html", Resource(page(LOOK, f"{title}_{LOOK.name}", body).encode("utf-8"),
                                           "text/html; charset=utf-8", modified))



def _epoch_plan(timeline: SiteEpoch) -> dict[int, list[Entry]]:
    """The plan as of the epoch (``portal.epochs``): revised content, plus the reports it adds."""
    entries = plan()
    for year_entries in entries.values():
        for entry in year_entries:
            entry.report = timeline.content(entry.report)
    for report, category in timeline.added():
        entries.setdefault(report["year"], []).append(Entry(report, category))
    return entries


def _apply_fates(site: Site, columns: list[Column], docs_of: dict, timeline: SiteEpoch) -> None:
    """Documents the epoch deletes leave their column; one it re-publishes gets a new docid (URL)."""
    for col in columns:
        for doc in list(col.docs):
            item, _ = docs_of[id(doc)]
            fate = timeline.fate(item.report["agency"], item.report["year"]) if isinstance(item, Entry) else None
            if fate is None:
                continue
            old_path = col.doc_path(doc)
            if fate.kind == "moved":
                doc.docid += REPUBLISH_DOCID_STEP
                timeline.move(old_path, col.doc_path(doc))
                continue
            col.docs.remove(doc)
            timeline.delete(old_path, col.path, fate)
            if fate.how == "unlisted":  # dropped from the list only: the page itself stays
                publish_document(site, LOOK, col, doc)


def _publish_nianbao(site: Site, entries_by_year: dict[int, list[Entry]], timeline: SiteEpoch) -> datetime:
    """The 年报 tree: root, year overviews, category lists, documents; returns the newest time."""
    columns: list[Column] = []
    docs_of: dict[int, tuple[Entry | NoiseDoc, Doc]] = {}
    chnl = 11201
    years = [(f"{y}n", f"{y}年度") for y in sorted((y for y in entries_by_year if y >= 2019), reverse=True)]
    years.append(("wnnb", "往年年报"))
    all_docs: list[Doc] = []
    year_columns: dict[str, list[Column]] = {}
    for slug, label in years:
        cats = [("wnnb", "往年年报")] if slug == "wnnb" else list(CATEGORIES.items())
        for cat, cat_name in cats:
            path = NB_ROOT + slug + "/" + ("" if slug == "wnnb" else cat + "/")
            crumbs = NIANBAO + ([(label, NB_ROOT + slug + "/")] if slug != "wnnb" else []) + [(cat_name, path)]
            col = Column(path, cat_name, chnl, crumbs if slug != "wnnb" else NIANBAO + [(label, path)])
            chnl += 1
            year = None if slug == "wnnb" else int(slug[:-1])
            for entry in (e for y, es in entries_by_year.items() for e in es):
                fits = (entry.category == "wnnb") if slug == "wnnb" else (entry.report["year"] == year
                                                                          and entry.category == cat)
                if fits:
                    doc = _report_doc(entry)
                    col.docs.append(doc)
                    docs_of[id(doc)] = (entry, doc)
            for n in NOISE:
                if n.year == year and n.category == cat:
                    doc = _noise_doc(n)
                    col.docs.append(doc)
                    docs_of[id(doc)] = (n, doc)
            all_docs += col.docs
            columns.append(col)
            year_columns.setdefault(slug, []).append(col)
    _assign_docids(all_docs)
    _apply_fates(site, columns, docs_of, timeline)
    newest = max(d.published for col in columns for d in col.docs)
    for col in columns:
        publish_column(site, LOOK, col, _sidebar(col.path, years), PAGE_SIZE)
        for doc in col.docs:
            item, _ = docs_of[id(doc)]
            if isinstance(item, NoiseDoc):
                site.noise.append(NoiseItem(col.doc_path(doc), doc.title))
            else:
                site.reports.append(_truth(item, col, doc))
    for slug, label in years:
        if slug == "wnnb":
            continue
        path = NB_ROOT + slug + "/"
        boxes = [(c.name, c.path, [(c, d) for d in sorted(c.docs, key=lambda d: d.published, reverse=True)[:5]])
                 for c in year_columns[slug]]
        _overview(site, path, label, NIANBAO + [(label, path)], _sidebar(path, years), boxes, newest)
    root_boxes = [(label, NB_ROOT + slug + "/", []) for slug, label in years]
    _overview(site, NB_ROOT, "政府信息公开年报", NIANBAO, _sidebar(NB_ROOT, years), root_boxes, newest)
    return newest


def _truth(entry: Entry, col: Column, doc: Doc) -> TruthReport:
    page_path = col.doc_path(doc)
    if entry.mode == "pdf":
        return TruthReport.of(entry.report, page_path, page_path.rsplit("/", 1)[0] + "/" + doc.attachment_filename(0),
                              "pdf")
    return TruthReport.of(entry.report, page_path, page_path, "html")


def _publish_portal_pages(site: Site, modified: datetime) -> None:
    """首页, 政务公开, 政府信息公开 and the other navigation targets."""
    home = ('<div class="banner">美丽青溪 · 生态家园</div>'
            f'<div class="home-box"><h3><a href="zwgk/">政务公开</a></h3>{link_list("/", [("政策文件", "/zwgk/zcwj/"), ("政策解读", "/zwgk/zcjd/")])}</div>'
            f'<div class="home-box"><h3><a href="xwzx/">新闻中心</a></h3>{link_list("/", [("青溪要闻", "/xwzx/")])}</div>'
            f'<div class="home-box"><h3><a href="zwfw/">政务服务</a></h3>{link_list("/", [("办事指南", "/zwfw/")])}</div>')
    site.add("/index.html", Resource(page(LOOK, LOOK.name, home).encode("utf-8"), "text/html; charset=utf-8", modified))
    publish_simple(site, LOOK, "/zwgk/", "政务公开", ZWGK, link_list("/zwgk/", [
        ("政府信息公开", "/zwgk/zfxxgk/"), ("政策文件", "/zwgk/zcwj/"), ("政策解读", "/zwgk/zcjd/")]), modified)
    publish_simple(site, LOOK, "/zwgk/zfxxgk/", "政府信息公开", ZFXXGK, link_list("/zwgk/zfxxgk/", [
        ("政府信息公开指南", "/zwgk/zfxxgk/zfxxgkzn/"), ("政府信息公开制度", "/zwgk/zfxxgk/zfxxgkzd/"),
        ("法定主动公开内容", "/zwgk/zcwj/"), ("政府信息公开年报", NB_ROOT),
        ("依申请公开", "/zwgk/zfxxgk/ysqgk/")]), modified)
    guide = ("<p>为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。</p>"
             "<p>一、主动公开：主动公开的政府信息通过县政府门户网站、政务新媒体、政务公开专区等途径公开。</p>"
             "<p>二、依申请公开：公民、法人或者其他组织可以通过在线、信函、当面等方式提出申请。</p>")
    for path, title, crumbs, inner in [
        ("/xwzx/", "新闻中心", HOME + [("新闻中心", "/xwzx/")], "<p>青溪要闻、部门动态、乡镇动态。</p>"),
        ("/zwfw/", "政务服务", HOME + [("政务服务", "/zwfw/")], "<p>请通过政务服务网办理相关事项。</p>"),
        ("/hdjl/", "互动交流", HOME + [("互动交流", "/hdjl/")], "<p>县长信箱、在线访谈、意见征集。</p>"),
        ("/zjqx/", "走进青溪", HOME + [("走进青溪", "/zjqx/")], "<p>青溪县位于云湖市东部，山清水秀。</p>"),
        ("/zwgk/zcwj/", "政策文件", ZWGK + [("政策文件", "/zwgk/zcwj/")], "<p>暂无信息。</p>"),
        ("/zwgk/zcjd/", "政策解读", ZWGK + [("政策解读", "/zwgk/zcjd/")], "<p>暂无信息。</p>"),
        ("/zwgk/zfxxgk/zfxxgkzn/", "政府信息公开指南", ZFXXGK + [("政府信息公开指南", "/zwgk/zfxxgk/zfxxgkzn/")], guide),
        ("/zwgk/zfxxgk/zfxxgkzd/", "政府信息公开制度", ZFXXGK + [("政府信息公开制度", "/zwgk/zfxxgk/zfxxgkzd/")],
         "<p>政府信息公开保密审查制度、发布协调制度。</p>"),
        ("/zwgk/zfxxgk/ysqgk/", "依申请公开", ZFXXGK + [("依申请公开", "/zwgk/zfxxgk/ysqgk/")],
         "<p>申请表下载及在线申请。</p>"),
        ("/lxwm/", "联系我们", HOME + [("联系我们", "/lxwm/")], "<p>青溪县人民政府办公室 电话：0871-6xxxxxx</p>"),
        ("/mzsm/", "免责声明", HOME + [("免责声明", "/mzsm/")], "<p>本网站信息仅供参考。</p>"),
        ("/wzdt/", "网站地图", HOME + [("网站地图", "/wzdt/")], link_list("/wzdt/", LOOK.nav)),
    ]:
        publish_simple(site, LOOK, path, title, crumbs, inner, modified)
    search = page(LOOK, f"检索结果_{LOOK.name}", '<div class="search-result"><p>请输入检索词。</p></div>')
    site.add("/was5/web/search", Resource(search.encode("utf-8"), "text/html; charset=utf-8", modified))


def build(epoch: int = 1) -> Site:
    """The county site as published in ``epoch`` (1 = first state; later ones: ``portal.epochs``)."""
    if epoch < 1:
        raise ValueError(f"epoch must be 1 or more, not {epoch}")
    site = Site(key=KEY, name=LOOK.name, platform="trs_wcm", domain=LOOK.domain, server="TRS Web Server")
    publish_static(site, LOOK)
    timeline = SiteEpoch(KEY, epoch)
    newest = _publish_nianbao(site, _epoch_plan(timeline), timeline)
    _publish_portal_pages(site, newest)
    site.add("/robots.txt", Resource(robots_txt(["/was5/"]).encode("utf-8"), "text/plain; charset=utf-8",
                                     datetime(2019, 1, 1, tzinfo=CST)))
    missing = not_found_page(LOOK).encode("utf-8")
    site.not_found = Resource(missing, "text/html; charset=utf-8", datetime(2019, 1, 1, tzinfo=CST), status=404)
    timeline.finish(site)
    return site
