"""Hanweb 大汉 JCMS with the "jpage" list component (domain.md §2.3).

A column is ``/col/col<columnid>/index.html``. Its list is not HTML: the first *group*
of records (``groupSize`` UI pages of ``perPage`` records) is serialised inside ``<script
type="text/xml"><datastore>`` as CDATA records, so an HTML parser sees no links at all,
and an init script gives ``totalRecord``, ``perPage``, ``groupSize``, ``proxyUrl`` and the
``ajaxParam`` form. Every later group exists only as the answer of ``POST
/module/web/jpage/dataproxy.jsp?startrecord=S&endrecord=E&perpage=P`` with the form body
``col=1&appid=1&webid=…&path=/&columnid=…&sourceContentType=1&unitid=…&webname=…
&permissiontype=0`` → an XML datastore (totalrecord, totalpage, nextgroup, CDATA records).
Documents are ``/art/Y/M/D/art_<columnid>_<docid>.html`` (month and day not padded);
uploaded files are served by ``/module/download/downfile.jsp?classid=0&filename=<32 hex>``
with no extension: the name is only in ``Content-Disposition``, as raw GBK bytes.

This module knows those mechanics and nothing about any particular government.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from html import escape
from urllib.parse import parse_qs

from portal.clock import CST
from portal.cms.chrome import chrome_css, tool_links
from portal.cms.page_end import page_end
from portal.site import Request, Resource, Site

PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
DOWNLOAD_PATH = "/module/download/downfile.jsp"
XML_TYPE = "text/xml;charset=UTF-8"
HTML_TYPE = "text/html; charset=utf-8"
SINCE = datetime(2019, 1, 1, 8, 0, tzinfo=CST)


@dataclass
class HanwebLook:
    """What the site template prints about the site (webid is JCMS's site number)."""

    name: str
    domain: str
    webid: int
    site_code: str
    sponsor: str
    icp: str
    nav: list[tuple[str, str]] = field(default_factory=list)


@dataclass(eq=False)
class Attachment:
    """An uploaded file: the name shown (and sent in Content-Disposition) and its bytes.

    The bytes are made on first download (a DOCX takes seconds to render), then kept.
    """

    name: str
    make: Callable[[], bytes]
    key: str  # the 32-hex ``filename`` parameter

    @cached_property
    def data(self) -> bytes:
        return self.make()

    @property
    def href(self) -> str:
        return f"{DOWNLOAD_PATH}?classid=0&filename={self.key}"


@dataclass
class Article:
    """One document of a column."""

    title: str
    published: datetime
    docid: int
    body_html: str
    source: str
    attachments: list[Attachment] = field(default_factory=list)

    def path(self, columnid: int) -> str:
        p = self.published
        return f"/art/{p.year}/{p.month}/{p.day}/art_{columnid}_{self.docid}.html"


@dataclass
class JpageColumn:
    """A column listed by jpage: ids, crumbs, paging and its articles (newest first)."""

    columnid: int
    unitid: int  # the jpage component's id on the page (also its <div id>)
    name: str
    crumbs: list[tuple[str, str]]  # (name, path) from 首页 to this column, inclusive
    articles: list[Article] = field(default_factory=list)
    per_page: int = 15
    group_size: int = 3
    inner_markup: bool = False  # records as <a><span>title</span><i>date</i></a> (another template)

    @property
    def path(self) -> str:
        return column_path(self.columnid)

    def listed(self) -> list[Article]:
        return sorted(self.articles, key=lambda a: (a.published, a.docid), reverse=True)


def column_path(columnid: int) -> str:
    return f"/col/col{columnid}/index.html"


def attachment_key(name: str, docid: int) -> str:
    return hashlib.md5(f"{docid}:{name}".encode()).hexdigest()


def page(look: HanwebLook, title: str, body: str, head: str = "") -> str:
    """A whole page in the Hanweb template: top bar, header with jrobot search, nav, footer."""
    nav = "".join(f'<li><a href="{p}" target="_self">{escape(n)}</a></li>' for n, p in look.nav)
    images = f"/images/{look.webid}/"
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta name="renderer" content="webkit">
<title>{escape(title)}</title>
<meta name="SiteName" content="{escape(look.name)}">
<meta name="SiteDomain" content="{look.domain}">
<meta name="SiteIDCode" content="{look.site_code}">
{head}
<link rel="stylesheet" href="{images}style.css">
{chrome_css("#1157a6")}
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/aria/aria.js?appid={look.webid}" charset="utf-8" id="ariascripts" defer></script>
</head>
<body>
<div class="topbar"><span>欢迎访问{escape(look.name)}门户网站</span><a href="javascript:void(0)" onclick="aria.start()">无障碍</a>
{tool_links(look.domain, images)}</div>
<div class="head"><div class="logo"><a href="/">{escape(look.name)}</a></div>
<form class="search" action="/jrobot/search.do" method="get" target="_blank"><input type="hidden" name="webid" value="{look.webid}">
<input type="text" name="q" placeholder="请输入关键词"><input type="submit" value="搜索"></form></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="main">
{body}
</div>
{page_end(look.name, look.domain, look.site_code, look.sponsor, look.icp, images=images, credit="技术支持：大汉网络")}
</body>
</html>
"""


def position(crumbs: list[tuple[str, str]]) -> str:
    """The 您当前的位置 bar (last crumb is the current column, not a link)."""
    parts = [f'<a href="{p}">{escape(n)}</a>' for n, p in crumbs[:-1]] + [f"<span>{escape(crumbs[-1][0])}</span>"]
    return f'<div class="position">您当前的位置：{" &gt; ".join(parts)}</div>'


def record_html(column: JpageColumn, art: Article) -> str:
    href = art.path(column.columnid)
    if column.inner_markup:
        return (f"<li><a href='{href}' title='{escape(art.title)}' target=\"_blank\"><span>{escape(art.title)}</span>"
                f"<i>{art.published:%Y-%m-%d}</i></a></li>")
    return (f"<li><a href='{href}' title='{escape(art.title)}' target=\"_blank\">{escape(art.title)}</a>"
            f"<span>{art.published:%Y-%m-%d}</span></li>")


def ajax_param(look: HanwebLook, column: JpageColumn) -> list[tuple[str, str]]:
    """The form jpage posts, in the order the research recorded it."""
    return [("col", "1"), ("appid", "1"), ("webid", str(look.webid)), ("path", "/"),
            ("columnid", str(column.columnid)), ("sourceContentType", "1"), ("unitid", str(column.unitid)),
            ("webname", look.name), ("permissiontype", "0")]


def _nextgroup(look: HanwebLook, column: JpageColumn, page_no: int) -> str:
    query = "&".join(f"{k}={v}" for k, v in ajax_param(look, column) if k not in ("col", "sourceContentType"))
    return f'<nextgroup><![CDATA[<a href="{PROXY_PATH}?page={page_no}&{query}"></a>]]></nextgroup>'


def _records(column: JpageColumn, arts: list[Article]) -> str:
    return "\n".join(f"<record><![CDATA[\n{record_html(column, a)}\n]]></record>" for a in arts)


def _group_bounds(column: JpageColumn) -> int:
    return column.per_page * column.group_size


def publish_column(site: Site, look: HanwebLook, column: JpageColumn, sidebar: str) -> None:
    """The column page with the first group inline and the jpage init script."""
    listed = column.listed()
    first = listed[:_group_bounds(column)]
    newest = listed[0].published if listed else SINCE
    params = ",".join(f"{k}:{v}" if v.isdigit() else f"{k}:'{v}'" for k, v in ajax_param(look, column))
    body = f"""{position(column.crumbs)}
<div class="left">{sidebar}</div>
<div class="right"><div class="lm-title">{escape(column.name)}</div>
<div class="lm-list" id="{column.unitid}"><script type="text/xml"><datastore>
{_nextgroup(look, column, column.group_size + 1)}
<recordset>
{_records(column, first)}
</recordset>
</datastore></script></div>
<script language="javascript" src="/module/web/jpage/jpage.js" charset="utf-8"></script>
<script>
$(document).ready(function(){{ $('#{column.unitid}').jpage({{totalRecord:{len(listed)},openCookies:false,dataBefore:'<ul class="list">',dataAfter:'</ul>',groupSize:{column.group_size},appendable:false,ajaxType:'POST',barPosition:'bottom',perPage:{column.per_page},proxyUrl:'{PROXY_PATH}',ajaxParam:{{{params}}}}}); }});
</script>
</div>"""
    head = f'<meta name="ColumnName" content="{escape(column.name)}">\n<meta name="ColumnType" content="{escape(column.name)}">'
    html = page(look, f"{column.name} {look.name}", body, head)
    site.add(column.path, Resource(html.encode("utf-8"), HTML_TYPE, newest))


def publish_article(site: Site, look: HanwebLook, column: JpageColumn, art: Article) -> None:
    """The article page (metas, body in ``#zoom``) and its downloadable files."""
    files = "".join(f'<p><a href="{a.href}" target="_blank">{escape(a.name)}</a></p>' for a in art.attachments)
    metas = [("ArticleTitle", art.title), ("PubDate", f"{art.published:%Y-%m-%d %H:%M}"), ("ContentSource", art.source),
             ("ColumnName", column.name), ("ColumnType", column.name), ("Url", f"http://{look.domain}{art.path(column.columnid)}")]
    head = "\n".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in metas)
    body = f"""{position(column.crumbs + [("正文", "")])}
<div class="article"><h1 class="title">{escape(art.title)}</h1>
<div class="info"><span>发布日期：{art.published:%Y-%m-%d}</span><span>信息来源：{escape(art.source)}</span>
<span>浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={column.columnid}&amp;artid={art.docid}"></script></span></div>
<div id="zoom">{art.body_html}{f'<div class="fj">附件：{files}</div>' if files else ''}</div>
<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="share" style="display:none"><a href="el.url" class="share-wx">微信</a><a href="{{{{item.url}}}}" class="share-wb">微博</a></div>
</div>"""
    site.add(art.path(column.columnid), Resource(page(look, art.title, body, head).encode("utf-8"), HTML_TYPE,
                                                 art.published))


class JpageDynamic:
    """The endpoints that are not files: the data proxy (POST) and the download servlet."""

    def __init__(self, look: HanwebLook) -> None:
        self.look = look
        self.columns: dict[int, JpageColumn] = {}
        self.files: dict[str, tuple[Attachment, datetime]] = {}

    def register(self, column: JpageColumn) -> None:
        self.columns[column.columnid] = column
        for art in column.articles:
            for att in art.attachments:
                self.files[att.key] = (att, art.published)

    def __call__(self, request: Request) -> Resource | None:
        if request.path == PROXY_PATH and request.method == "POST":
            return self.proxy(request)
        if request.path == DOWNLOAD_PATH:
            return self.download(request)
        return None

    def proxy(self, request: Request) -> Resource:
        """One group of records: ``startrecord``..``endrecord`` of the posted column."""
        query = {k: v[-1] for k, v in parse_qs(request.query).items()}
        form = {k: v[-1] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
        column = self.columns.get(int(form["columnid"])) if form.get("columnid", "").isdigit() else None
        if column is None or form.get("webid") != str(self.look.webid):
            return Resource(b'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>0</totalrecord>'
                            b"<totalpage>0</totalpage><recordset></recordset></datastore>", XML_TYPE, SINCE)
        listed = column.listed()
        try:
            per_page = max(1, int(query.get("perpage", column.per_page)))
            start = max(1, int(query.get("startrecord", 1)))
            end = int(query.get("endrecord", start + per_page * column.group_size - 1))
        except ValueError:
            return Resource(b"<html><body>500 Servlet Exception</body></html>", HTML_TYPE, SINCE, status=500)
        chosen = listed[start - 1:max(start - 1, end)]
        next_page = (end // per_page) + 1
        xml = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(listed)}</totalrecord>'
               f"<totalpage>{math.ceil(len(listed) / per_page)}</totalpage>{_nextgroup(self.look, column, next_page)}"
               f"<recordset>\n{_records(column, chosen)}\n</recordset></datastore>")
        newest = listed[0].published if listed else SINCE
        return Resource(xml.encode("utf-8"), XML_TYPE, newest)

    def download(self, request: Request) -> Resource | None:
        """The file, named only by a raw-GBK ``Content-Disposition`` (not RFC 8187)."""
        key = parse_qs(request.query).get("filename", [""])[-1]
        found = self.files.get(key)
        if found is None:
            return Resource("<html><body>文件不存在！</body></html>".encode("gbk"), "text/html; charset=GBK", SINCE,
                            status=404)
        att, when = found
        # http.server writes header values as latin-1: a str made of the GBK bytes goes out as those bytes.
        raw_name = att.name.encode("gbk").decode("latin-1")
        return Resource(att.data, "application/octet-stream", when,
                        headers=(("Content-Disposition", f'attachment; filename="{raw_name}"'),))
