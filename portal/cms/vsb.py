"""VSB / WebPlus (博达 Visual SiteBuilder) publishing: list pages, articles, download.jsp.

How a VSB site lays its files out (domain.md §2.5), reproduced here for any site module:

* a column's page 1 is ``/<path>/<slug>.htm``; pages k ≥ 2 are numbered *backwards* in a
  directory named after the slug: ``/<path>/<slug>/{T-k+1}.htm``, so the last page is
  ``1.htm`` and the newest items move between files as the column grows;
* the pager is ``div.pb_sys_common`` with spans ``p_t`` (共N条), ``p_pages`` (p_first,
  p_prev, a window of p_no / p_no_d numbers, p_next, p_last) and ``k/T``; the numbered
  window does not reach every page;
* list items are ``<li id="line_u7_0"><span>date</span><a href="info/1116/5946.htm">``;
  articles are ``/info/<tree>/<id>.htm`` with the body in ``#vsb_content .v_news_content``;
* attachments are served by ``/system/_content/download.jsp?urltype=news.DownloadAttachUrl
  &owner=<n>&wbfileid=<n>``: no extension, a generic Content-Type, and the file name only
  in ``Content-Disposition`` as raw GBK bytes (no RFC 2231 encoding);
* click counters are scripts (``_showDynClickBatch``, ``getClickTimes``) that ask
  ``dynclicks.jsp`` / ``getclicktimes.jsp`` by XHR;
* a PDF the editor puts *into* the body is stored under ``/__local/<X>/<XX>/<XX>/<hex>.pdf``
  and shown only by an inline call of VSB's shared script, ``showVsbpdfIframe("<path>",
  "100%", "800", …)``, which writes the viewer iframe at load time: the HTML holds no
  ``<a>`` or ``<iframe>`` naming the file.

A site module builds :class:`VsbLook`, :class:`VsbColumn` and :class:`VsbArticle` values
and calls :func:`publish_column`, :func:`publish_page` and :func:`install_endpoints`.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import parse_qs

from portal.cms.chrome import chrome_css, tool_links
from portal.cms.page_end import page_end
from portal.cms.trs_pages import CST
from portal.site import Request, Resource, Site

DOWNLOAD_PATH = "/system/_content/download.jsp"
CLICKS_PATH = "/system/resource/code/news/click/dynclicks.jsp"
ATTACH_CLICKS_PATH = "/system/resource/code/news/click/getclicktimes.jsp"
VSBPDF_JS_PATH = "/system/resource/pdfjs/vsbpdf.js"
PDF_VIEWER_PATH = "/system/resource/pdfjs/web/viewer.html"
HTML = "text/html; charset=utf-8"
# What VSB's download servlet says about every file, whatever it is.
DOWNLOAD_TYPE = "application/octet-stream;charset=UTF-8"

DYNCLICKS_JS = """/* VSB dynclicks */
function _showDynClickBatch(ids, clickids, type, owner) {
    var url = "/system/resource/code/news/click/dynclicks.jsp?clickids=" + clickids.join(",") + "&owner=" + owner + "&clicktype=" + type;
    var xhr = new XMLHttpRequest(); xhr.open("GET", url, true);
    xhr.onload = function () { var n = xhr.responseText.split(","); for (var i = 0; i < ids.length; i++) { var e = document.getElementById(ids[i]); if (e) e.innerHTML = n[i]; } };
    xhr.send();
}
function _showDynClicks(type, owner, clickid) { _showDynClickBatch(["dynclicks_" + type + "_" + clickid], [clickid], type, owner); }
function getClickTimes(fileid, owner, type, kind) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/system/resource/code/news/click/getclicktimes.jsp?wbnewsid=" + fileid + "&owner=" + owner + "&type=" + type + "&randomid=n" + kind, true);
    xhr.onload = function () { var e = document.getElementById("nattach" + fileid); if (e) e.innerHTML = xhr.responseText; };
    xhr.send();
}
"""

# The shared script behind an in-body PDF: the page only calls it, so the iframe (and the
# file it names) exist only once a browser has run it.
VSBPDF_JS = f"""/* VSB in-body PDF */
function showVsbpdfIframe(path, width, height, border, caption) {{
    var src = "{PDF_VIEWER_PATH}?file=" + encodeURIComponent(path);
    document.write('<iframe src="' + src + '" width="' + width + '" height="' + height
        + '" frameborder="' + border + '" title="' + (caption || "") + '"></iframe>');
}}
"""

STYLE_CSS = """body{margin:0;font:14px/1.8 "Microsoft YaHei",SimSun;background:#eef2f6}
.head{background:#0b4f8a;color:#fff;height:110px}.head .logo{font-size:32px;line-height:110px;padding-left:30px}
.menu{background:#083b68}.menu a{color:#fff;display:inline-block;padding:0 24px;line-height:44px}
.wrap{width:1100px;margin:0 auto;background:#fff;padding:20px}
.list li{list-style:none;border-bottom:1px dotted #ccc}.list li span{float:right;color:#888}
.pb_sys_common span{margin:0 3px}.v_news_content{font-size:16px}
.foot{text-align:center;color:#555;padding:20px}
"""


@dataclass
class VsbLook:
    """What every page of one VSB site prints about the site."""

    name: str  # 云湖市交通运输局
    domain: str  # canonical host printed in metas, never contacted
    owner: int  # the VSB site id that appears in every counter and download URL
    site_code: str
    sponsor: str
    icp: str
    nav: list[tuple[str, str]] = field(default_factory=list)  # (label, absolute path)


@dataclass
class VsbAttachment:
    """A file behind ``download.jsp``: the name only travels in Content-Disposition."""

    wbfileid: int
    filename: str
    data: bytes


@dataclass
class VsbLocalPdf:
    """A PDF put into the article body: served as itself under ``/__local/``, named only in
    the body's ``showVsbpdfIframe`` call (:func:`local_path` gives VSB's hashed name)."""

    path: str
    data: bytes


@dataclass
class VsbArticle:
    """One article of a column (a 年报 or a look-alike)."""

    article_id: int
    title: str
    published: datetime
    source: str
    body_html: str
    attachments: list[VsbAttachment] = field(default_factory=list)
    local_pdf: VsbLocalPdf | None = None  # shown in the body by script, after body_html


@dataclass
class VsbColumn:
    """A VSB list column: page 1 at ``path + slug + ".htm"``, its articles under ``/info/<tree>/``."""

    path: str  # directory of page 1, e.g. "/zwgk/"
    slug: str  # "zfxxgknb"
    name: str  # 政府信息公开年报
    tree_id: int  # the info/<tree>/ number
    crumbs: list[tuple[str, str]]  # (label, absolute path) from 首页 to this column
    articles: list[VsbArticle] = field(default_factory=list)
    page_size: int = 15
    pager_window: int = 5  # how many page numbers the pager links around the current one

    @property
    def first_page(self) -> str:
        return f"{self.path}{self.slug}.htm"

    def page_path(self, k: int, total: int) -> str:
        """Path of page ``k`` (1-based) of ``total``: VSB numbers pages ≥ 2 backwards."""
        return self.first_page if k == 1 else f"{self.path}{self.slug}/{total - k + 1}.htm"

    def article_path(self, article: VsbArticle) -> str:
        return f"/info/{self.tree_id}/{article.article_id}.htm"


def link(from_path: str, to_path: str) -> str:
    """A relative href from the page at ``from_path`` to ``to_path``, as VSB templates write them."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or "/")


def download_url(look: VsbLook, attachment: VsbAttachment) -> str:
    return (f"{DOWNLOAD_PATH}?urltype=news.DownloadAttachUrl&owner={look.owner}"
            f"&wbfileid={attachment.wbfileid}")


def local_path(seed: str, ext: str = "pdf") -> str:
    """Where VSB stores a file uploaded into a body: ``/__local/<X>/<XX>/<XX>/<32 hex>_<3 hex>.<ext>``,
    upper-case hex, the name of the upload gone (stable: derived from *seed*)."""
    h = hashlib.sha1(seed.encode("utf-8")).hexdigest().upper()
    return f"/__local/{h[0]}/{h[1:3]}/{h[3:5]}/{h[5:37]}_{h[37:]}.{ext}"


def pdf_iframe_call(pdf: VsbLocalPdf) -> str:
    """The body VSB's editor leaves for an in-body PDF: only the call of its shared script."""
    return (f'<p style="text-align:center"><script type="text/javascript">'
            f'showVsbpdfIframe("{pdf.path}", "100%", "800", "0", "");</script></p>')


def page(look: VsbLook, title: str, body: str, here: str, head: str = "") -> str:
    """A whole VSB page around ``body`` (links relative to ``here``)."""
    nav = "".join(f'<a href="{link(here, p)}">{escape(label)}</a>' for label, p in look.nav)
    images = link(here, "/images/") + "/"
    return f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{escape(title)}</title>
<meta name="SiteName" content="{escape(look.name)}">
<meta name="SiteDomain" content="{look.domain}">
<meta name="SiteIDCode" content="{look.site_code}">
{head}
<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="{link(here, '/_sitegray/_sitegray_d.css')}" />
<script language="javascript" src="{link(here, '/_sitegray/_sitegray.js')}"></script>
<link href="{link(here, '/style.css')}" rel="stylesheet" type="text/css" />
{chrome_css("#0b4f8a")}
<script type="text/javascript" src="{link(here, '/system/resource/js/dynclicks.js')}"></script>
</head>
<body>
<div class="topline">{tool_links(look.domain, images)}</div>
<div class="head"><div class="logo">{escape(look.name)}</div></div>
<div class="menu">{nav}</div>
<div class="wrap">
{body}
</div>
{page_end(look.name, look.domain, look.site_code, look.sponsor, look.icp, links_title="友情链接", images=images,
          credit="技术支持：博达软件")}
</body></html>
"""


def crumbs_html(crumbs: list[tuple[str, str]], here: str) -> str:
    """VSB's 当前位置 line (links relative, separated by ``&gt;&gt;``)."""
    parts = " &gt;&gt; ".join(f'<a href="{link(here, p)}">{escape(n)}</a>' for n, p in crumbs)
    return f'<div class="position">当前位置：{parts}</div>'


def publish_page(site: Site, look: VsbLook, path: str, title: str, body: str, modified: datetime,
                 head: str = "") -> None:
    """Add a plain page (home, 信息公开, …) of the site."""
    html = page(look, f"{title}-{look.name}" if title != look.name else title, body, path, head)
    site.add(path, Resource(html.encode("utf-8"), HTML, modified))


def pager(column: VsbColumn, k: int, total: int, count: int, here: str, window: int = 5) -> str:
    """The ``pb_sys_common`` pager of page ``k``: counts, a window of numbers, k/T."""
    def a(target: int, text: str) -> str:
        return f'<a href="{link(here, column.page_path(target, total))}">{text}</a>'

    spans = []
    if k == 1:
        spans += ['<span class="p_first_d p_fun_d">首页</span>', '<span class="p_prev_d p_fun_d">上页</span>']
    else:
        spans += [f'<span class="p_first p_fun">{a(1, "首页")}</span>',
                  f'<span class="p_prev p_fun">{a(k - 1, "上页")}</span>']
    low = max(1, min(k - window // 2, total - window + 1))
    for n in range(low, min(total, low + window - 1) + 1):
        spans.append(f'<span class="p_no_d">{n}</span>' if n == k else f'<span class="p_no">{a(n, str(n))}</span>')
    if low + window - 1 < total:
        spans.append('<span class="p_dot">...</span>')
    if k == total:
        spans += ['<span class="p_next_d p_fun_d">下页</span>', '<span class="p_last_d p_fun_d">尾页</span>']
    else:
        spans += [f'<span class="p_next p_fun">{a(k + 1, "下页")}</span>',
                  f'<span class="p_last p_fun">{a(total, "尾页")}</span>']
    return (f'<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_t">共{count}条</span>'
            f'<span class="p_pages">{"".join(spans)}</span><span class="p_t">{k}/{total}</span>'
            '<span class="p_t">到第</span><span class="p_goto"><script language="javascript">'
            f"function a50893_gopage_fun(){{_simple_list_gotopage_fun({total},'a50893GOPAGE',2)}}</script>"
            f'<input type="text" name="a50893GOPAGE" id="a50893GOPAGE" size="5" /></span>'
            '<span class="p_t">页</span><span class="p_goto"><a href="javascript:;" '
            'onclick="a50893_gopage_fun()">跳转</a></span></div>')


def _ordered(column: VsbColumn) -> list[VsbArticle]:
    return sorted(column.articles, key=lambda a: (a.published, a.article_id), reverse=True)


def publish_column(site: Site, look: VsbLook, column: VsbColumn, sidebar: Callable[[str], str] | None = None) -> int:
    """The column's list pages (newest first) and its articles; returns the page count.

    ``sidebar(here)`` gives the left navigation of the list page at ``here``.
    """
    articles = _ordered(column)
    pages = [articles[i:i + column.page_size] for i in range(0, len(articles), column.page_size)] or [[]]
    total = len(pages)
    newest = articles[0].published if articles else datetime(2019, 1, 1, tzinfo=CST)
    for k, items in enumerate(pages, start=1):
        here = column.page_path(k, total)
        lis = "\n".join(
            f'<li id="line_u7_{i}"><span>{a.published:%Y-%m-%d}</span>'
            f'<a href="{link(here, column.article_path(a))}" target="_blank" title="{escape(a.title)}">'
            f"{escape(a.title)}</a></li>" for i, a in enumerate(items))
        body = f"""{crumbs_html(column.crumbs, here)}
<div class="left">{sidebar(here) if sidebar else ""}</div>
<div class="right"><h2>{escape(column.name)}</h2>
<ul class="list">
{lis}
</ul>
{pager(column, k, total, len(articles), here, column.pager_window)}
</div>"""
        head = f'<meta name="ColumnName" content="{escape(column.name)}">'
        publish_page(site, look, here, column.name, body, newest, head)
    for article in articles:
        publish_article(site, look, column, article)
    return total


def publish_article(site: Site, look: VsbLook, column: VsbColumn, article: VsbArticle) -> None:
    """An ``info/<tree>/<id>.htm`` page, its download.jsp attachments and its in-body PDF."""
    here = column.article_path(article)
    pdf = article.local_pdf
    files = "".join(
        f'<li>附件【<a href="{escape(download_url(look, f))}" target="_blank">{escape(f.filename)}</a>】已下载'
        f'<span id="nattach{f.wbfileid}"><script language="javascript">'
        f'getClickTimes({f.wbfileid},{look.owner},"wbnewsfile","attach")</script></span>次</li>'
        for f in article.attachments)
    body = f"""{crumbs_html(column.crumbs, here)}
<form name="_newscontent_fromname">
<h1 class="title">{escape(article.title)}</h1>
<div class="info">发布时间：{article.published:%Y-%m-%d}　来源：{escape(article.source)}　点击数：<span id="dynclicks_wbnews_{article.article_id}_{column.tree_id}"></span>
<script>_showDynClicks("wbnews", {look.owner}, {article.article_id})</script></div>
<div id="vsb_content"><div class="v_news_content">
{article.body_html}{pdf_iframe_call(pdf) if pdf else ""}
</div></div>
<div id="div_vote_id"></div>
{f'<ul style="list-style-type:none;">{files}</ul>' if files else ''}
</form>"""
    head = "\n".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in [
        ("ColumnName", column.name), ("ArticleTitle", article.title),
        ("PubDate", f"{article.published:%Y-%m-%d %H:%M}"), ("ContentSource", article.source)])
    if pdf:
        head += f'\n<script type="text/javascript" src="{link(here, VSBPDF_JS_PATH)}"></script>'
        site.add(pdf.path, Resource(pdf.data, "application/pdf", article.published))
    publish_page(site, look, here, article.title, body, article.published, head)


def attachment_header(filename: str) -> str:
    """A Content-Disposition value carrying the file name as raw GBK bytes, the way VSB sends it.

    The HTTP layer writes header values as latin-1, so the GBK bytes are smuggled through
    a latin-1 string and reach the wire unchanged.
    """
    return 'attachment; filename="' + filename.encode("gbk").decode("latin-1") + '"'


def install_endpoints(site: Site, look: VsbLook, columns: list[VsbColumn]) -> None:
    """download.jsp and the click counters (a dynamic handler), and the shared scripts."""
    files = {f.wbfileid: (f, a.published) for c in columns for a in c.articles for f in a.attachments}
    since = datetime(2019, 1, 1, tzinfo=CST)
    site.add("/system/resource/js/dynclicks.js",
             Resource(DYNCLICKS_JS.encode("utf-8"), "application/javascript", since))
    site.add(VSBPDF_JS_PATH, Resource(VSBPDF_JS.encode("utf-8"), "application/javascript", since))
    site.add("/style.css", Resource(STYLE_CSS.encode("utf-8"), "text/css", since))
    site.add("/_sitegray/_sitegray_d.css", Resource(b"", "text/css", since))
    site.add("/_sitegray/_sitegray.js", Resource(b"", "application/javascript", since))
    previous = site.dynamic

    def handler(request: Request) -> Resource | None:
        query = {k: v[0] for k, v in parse_qs(request.query).items()}
        if request.path == DOWNLOAD_PATH:
            found = files.get(int(query["wbfileid"])) if query.get("wbfileid", "").isdigit() else None
            if found is None or query.get("owner") != str(look.owner):
                return site.not_found
            attachment, published = found
            return Resource(attachment.data, DOWNLOAD_TYPE, published,
                            headers=(("Content-Disposition", attachment_header(attachment.filename)),))
        if request.path in (CLICKS_PATH, ATTACH_CLICKS_PATH):
            ids = (query.get("clickids") or query.get("wbnewsid") or "0").split(",")
            counts = ",".join(str(97 + int(i) % 613) if i.isdigit() else "0" for i in ids)
            return Resource(counts.encode("ascii"), "text/plain; charset=utf-8", since)
        return previous(request) if previous else None

    site.dynamic = handler
