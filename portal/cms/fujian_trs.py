"""TRS on the Fujian provincial intensive platform: "动静结合" lists (domain.md §2.2).

A column's ``index.htm`` carries only its first page as static HTML — a ``<dl><dd><a
href="./YYYYMM/tYYYYMMDD_<id>.htm" title=…>`` block shown while ``showStatic`` — plus an
avalon.js template (``ms-repeat="list"``, ``el.chnldocurl``/``el.doctitle``/
``el.docreltime``) and a config script for the ``list2.trsapi`` module (``quickMode:
"动静结合"``, ``maxStaticIndex: 1``, ``listArgs`` with ``channelid: SiteInfo.searchId``,
``classsql`` and ``sortfield``, ``pagebar`` with ``prepage``/``recordCount``). Every later
page exists only as the answer of ``POST /fjdzapp/search`` (``channelid, classsql,
sortfield, page, prepage`` form fields) → JSON ``{pageCount, data: [{doctitle, docpuburl,
chnldocurl, …}]}``; a crawler that only follows ``<a href>`` sees ten items.

Detail pages show two tabs: 全真版 (a pdf.js viewer iframe
``/generic2/web/viewer.html?file=…`` and a download link whose href is the literal
template placeholder ``qzbFile``, filled in by script) and 文字版 (the report as text).
A deleted document's page is replaced by a ``meta refresh`` to its column.

Column and document bookkeeping (``Column``, ``Doc``, breadcrumbs, metas) is TRS WCM's
and comes from :mod:`portal.cms.trs`; this module adds what the Fujian platform does
differently. It knows nothing about any particular government.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from html import escape
from urllib.parse import parse_qs

from portal.cms.trs import Column, Doc, _meta_tags, breadcrumb, editor_body, pub_time
from portal.cms.trs_pages import SiteLook, page
from portal.site import Request, Resource, Site

SEARCH_PATH = "/fjdzapp/search"
VIEWER_PATH = "/generic2/web/viewer.html"
STATIC_ITEMS = 10  # the static first page, and the API's default page size
MAX_PREPAGE = 500  # the archive crawler of the research asked for 500 a page; more is refused
JSON_TYPE = "application/json;charset=UTF-8"


@dataclass
class FjDoc(Doc):
    """A Fujian TRS document: ``.htm`` pages, a 文号/索引号, an optional 全真版 PDF."""

    fileno: str = ""
    idxid: str = ""
    original_pdf: Callable[[], bytes] | None = None  # the 全真版, rendered on first request
    deleted: bool = False  # removed by the editors: the page refreshes to the column

    def filename(self) -> str:
        return f"{self.published:%Y%m}/t{self.published:%Y%m%d}_{self.docid}.htm"

    def pdf_filename(self) -> str:
        return self.attachment_filename(0)


@dataclass
class FjColumn:
    """A column published 动静结合: the TRS channel plus the search index it is served from."""

    channel: Column
    search_id: int  # SiteInfo.searchId: the site-wide search channel the API is asked with
    docs: list[FjDoc] = field(default_factory=list)

    def listed(self) -> list[FjDoc]:
        """What the list shows, newest first: deleted documents are gone from it."""
        return sorted((d for d in self.docs if not d.deleted), key=lambda d: (d.published, d.docid), reverse=True)

    def doc_path(self, doc: FjDoc) -> str:
        return self.channel.path + doc.filename()

    def pdf_path(self, doc: FjDoc) -> str | None:
        """Where the document's 全真版 PDF is served (beside its page), or None without one."""
        if doc.original_pdf is None:
            return None
        return self.channel.path + f"{doc.published:%Y%m}/" + doc.pdf_filename()


def _static_block(column: FjColumn) -> str:
    items = "\n".join(
        f'<dl><dd class="tit"><a href="./{d.filename()}" title="{escape(d.title)}" target="_blank">'
        f'{escape(d.title)}</a></dd><dd class="time">{d.published:%Y-%m-%d}</dd></dl>'
        for d in column.listed()[:STATIC_ITEMS])
    return f'<div class="list-static" ms-visible="showStatic">\n{items}\n</div>'


TEMPLATE_BLOCK = """<div class="list-dynamic" ms-visible="!showStatic" style="display:none">
<dl ms-repeat="list">
<dd class="tit"><a href="el.url" ms-attr-href="{{el.chnldocurl}}" ms-attr-title="{{el.doctitle}}" target="_blank">{{el.doctitle}}</a></dd>
<dd class="time">{{el.docreltime | date("yyyy-MM-dd")}}</dd>
</dl>
</div>
<div class="pagebar" id="pagebar"></div>"""


def _config_script(look: SiteLook, column: FjColumn) -> str:
    """The list2.trsapi call, written as the platform's templates write it."""
    return f"""<script type="text/javascript">
var SiteInfo = {{ siteId: "{look.site_id}", siteName: "{look.name}", searchId: {column.search_id}, chnlId: "{column.channel.chnl_id}" }};
require(["list2.trsapi"], function (list) {{
    list.init({{
        el: "#app",
        quickMode: "动静结合",
        maxStaticIndex: 1,
        listArgs: {{
            channelid: SiteInfo.searchId,
            classsql: "chnlid={column.channel.chnl_id}",
            sortfield: "-docorderpri,-docreltime"
        }},
        pagebar: {{ el: "#pagebar", prepage: {STATIC_ITEMS}, recordCount: '{len(column.listed())}', pgTemp: "pgBar_xxgk.html" }}
    }});
}});
</script>"""


def publish_list(site: Site, look: SiteLook, column: FjColumn, sidebar: str) -> None:
    """The column's ``index.htm``: static first page, avalon template, list2.trsapi config."""
    ch = column.channel
    listed = column.listed()
    newest = listed[0].published if listed else datetime(2019, 1, 1, tzinfo=look.tz)
    body = f"""{breadcrumb(ch.crumbs, ch.path)}
<div class="list-wrap">
<div class="left-nav">{sidebar}</div>
<div class="list-box xxgk_list" id="app" ms-controller="list">
<h2 class="list-title">{escape(ch.name)}</h2>
{_static_block(column)}
{TEMPLATE_BLOCK}
</div>
</div>
<script type="text/javascript" src="/common/js/require.js"></script>
{_config_script(look, column)}"""
    html = page(look, f"{ch.name}_{look.name}", body, head=f'<meta name="ColumnName" content="{escape(ch.name)}">')
    site.add(ch.path + "index.htm", Resource(html.encode("utf-8"), "text/html; charset=utf-8", newest))


def _info_table(doc: FjDoc) -> str:
    rows = [("索引号", doc.idxid), ("发布机构", doc.source), ("生成日期", f"{doc.published:%Y-%m-%d}"),
            ("文号", doc.fileno or "无"), ("标题", doc.title)]
    cells = "".join(f"<tr><th>{escape(k)}：</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<table class="xxgk-info">{cells}</table>'


def _full_true_tab(column: FjColumn, doc: FjDoc) -> str:
    """全真版: the viewer iframe and a download link whose href the script fills in."""
    pdf = column.pdf_path(doc)
    if pdf is None:
        return '<div class="tab-qzb"><p>本文件暂无全真版。</p></div>'
    return (f'<div class="tab-qzb"><iframe id="qzbFrame" src="{VIEWER_PATH}?file={pdf}" width="100%" '
            'height="900" frameborder="0"></iframe>'
            '<p class="qzb-down"><a href="qzbFile" id="qzbDownload" target="_blank">下载全真版</a></p></div>'
            f'<script type="text/javascript">var qzbFile = "./{doc.pdf_filename()}";'
            'document.getElementById("qzbDownload").href = qzbFile;</script>')


def publish_detail(site: Site, look: SiteLook, column: FjColumn, doc: FjDoc) -> None:
    """The detail page: metas, info table, 全真版/文字版 tabs (or a refresh when deleted)."""
    ch = column.channel
    path = column.doc_path(doc)
    if doc.deleted:
        html = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
                f'<meta http-equiv="refresh" content="0;url={ch.path}index.htm"></head><body></body></html>')
        site.add(path, Resource(html.encode("utf-8"), "text/html; charset=utf-8", doc.published))
        return
    here = path.rsplit("/", 1)[0] + "/"
    body = f"""{breadcrumb(ch.crumbs, here)}
<div class="article">
{_info_table(doc)}
<h1 class="article-title">{escape(doc.title)}</h1>
<div class="article-info"><span>发布时间：{pub_time(doc)}</span><span>来源：{escape(doc.source)}</span></div>
<div class="tab-title"><a href="javascript:;" class="on" data-tab="qzb">全真版</a><a href="javascript:;" data-tab="wzb">文字版</a></div>
{_full_true_tab(column, doc)}
<div class="tab-wzb"><div class="TRS_Editor">{editor_body(doc.body_html)}</div></div>
<div class="share">分享到：<a href="javascript:;" class="share-sina" data-url="el.url">新浪微博</a></div>
</div>"""
    html = page(look, doc.title, body, head=_meta_tags(look, ch, doc))
    site.add(path, Resource(html.encode("utf-8"), "text/html; charset=utf-8", doc.published))


VIEWER_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>PDF.js viewer</title>
<script src="build/pdf.js"></script></head><body><div id="viewerContainer"></div>
<script>var file = new URLSearchParams(location.search).get("file");</script></body></html>"""


class FujianDynamic:
    """Requests that are not plain files: the search API, ``dir/`` → ``dir/index.htm``, 全真版 PDFs.

    PDFs are rendered on first request and kept, so building the site does not pay for
    those no client asks for (they are reached only through the viewer iframe).
    """

    def __init__(self, site: Site, look: SiteLook, domain: str) -> None:
        self.site = site
        self.look = look
        self.domain = domain
        self.columns: list[FjColumn] = []
        self._pdfs: dict[str, Callable[[], bytes]] = {}
        self._pdf_times: dict[str, datetime] = {}

    def register(self, column: FjColumn) -> None:
        self.columns.append(column)
        for doc in column.docs:
            path = column.pdf_path(doc)
            if path is not None and doc.original_pdf is not None and not doc.deleted:
                self._pdfs[path] = doc.original_pdf
                self._pdf_times[path] = doc.published

    def __call__(self, request: Request) -> Resource | None:
        if request.path == SEARCH_PATH:
            return self.search(request)
        if request.path.endswith("/") and request.path + "index.htm" in self.site.resources:
            return self.site.resources[request.path + "index.htm"]
        if request.path in self._pdfs:
            return Resource(_render(self._pdfs[request.path]), "application/pdf", self._pdf_times[request.path])
        return None

    def _item(self, column: FjColumn, doc: FjDoc) -> dict:
        when = f"{doc.published:%Y-%m-%d %H:%M:%S}"
        return {"doctitle": doc.title, "docpuburl": f"http://{self.domain}{column.doc_path(doc)}",
                "chnldocurl": column.doc_path(doc), "pubdate": when, "docreltime": when, "fileno": doc.fileno,
                "docsourcename": doc.source, "puborg": doc.source, "idxid": doc.idxid,
                "chnlid": column.channel.chnl_id, "doctype": 20}

    def search(self, request: Request) -> Resource:
        """``POST /fjdzapp/search``: one page of a channel's documents as JSON."""
        newest = max((c.listed()[0].published for c in self.columns if c.listed()),
                     default=datetime(2019, 1, 1, tzinfo=self.look.tz))
        if request.method != "POST":
            return _json({"code": 405, "msg": "请使用POST方式访问", "pageCount": 0, "data": []}, newest, 405)
        form = {k: v[-1] for k, v in parse_qs(request.body.decode("utf-8", "replace")).items()}
        try:
            page_no = int(form.get("page", "1"))
            prepage = int(form.get("prepage", str(STATIC_ITEMS)))
            search_id = int(form.get("channelid", ""))
        except ValueError:
            return _json({"code": 400, "msg": "参数错误", "pageCount": 0, "data": []}, newest, 400)
        if page_no < 1 or not 1 <= prepage <= MAX_PREPAGE:
            return _json({"code": 400, "msg": "参数错误", "pageCount": 0, "data": []}, newest, 400)
        chnl = form.get("classsql", "").removeprefix("chnlid=")
        rows = [(c, d) for c in self.columns if c.search_id == search_id
                and (not chnl or str(c.channel.chnl_id) == chnl) for d in c.listed()]
        rows.sort(key=lambda cd: (cd[1].published, cd[1].docid), reverse=not form.get("sortfield", "-").startswith(
            ("pubdate", "docreltime")))
        page_count = math.ceil(len(rows) / prepage)
        chunk = rows[(page_no - 1) * prepage:page_no * prepage]
        return _json({"code": 200, "pageCount": page_count, "pageNow": page_no, "total": len(rows),
                      "data": [self._item(c, d) for c, d in chunk]}, newest)


@lru_cache(maxsize=64)
def _render(make: Callable[[], bytes]) -> bytes:
    return make()


def _json(data: dict, modified: datetime, status: int = 200) -> Resource:
    return Resource(json.dumps(data, ensure_ascii=False).encode("utf-8"), JSON_TYPE, modified, status=status)


def publish_viewer(site: Site, look: SiteLook) -> None:
    """The pdf.js viewer shell the 全真版 iframe points at."""
    site.add(VIEWER_PATH, Resource(VIEWER_HTML.encode("utf-8"), "text/html; charset=utf-8",
                                   datetime(2019, 1, 1, tzinfo=look.tz)))
