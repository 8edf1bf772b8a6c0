"""TRS WCM static publishing: how a TRS site lays out columns, list pages and documents.

TRS WCM publishes every channel (栏目) as static files (domain.md §2.1): page 1 of a list is
``index.html``, page k is ``index_{k-1}.html``; the pager is *not* in the HTML but an
inline ``createPageHTML(total, current0, "index", "html")`` call whose function, in a
shared ``/js/page.js``, ``document.write``s the links. Documents live next to their list
as ``./YYYYMM/tYYYYMMDD_<docid>.html`` and carry the national metadata ``<meta>`` tags;
attachments are ``P0<yyyymmdd><digits>.pdf`` files in the same directory.

This module knows those mechanics and nothing about any particular government: a site
module describes its columns and documents (:class:`Column`, :class:`Doc`) and calls
:func:`publish_column`. The look of the pages comes from :mod:`portal.cms.trs_pages`.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from portal.cms.trs_pages import QR_PNG, STYLE_CSS, SiteLook, page
from portal.site import Resource, Site

PAGE_JS = r"""/* TRS WCM 发布分页 (共用) */
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
    if (_nPageCount == null || _nPageCount <= 1) {
        return;
    }
    var nCurrIndex = _nCurrIndex || 0;
    function pageUrl(i) {
        return i == 0 ? _sPageName + "." + _sPageExt : _sPageName + "_" + i + "." + _sPageExt;
    }
    document.write("<div class=\"page-box\">");
    document.write("<span class=\"total\">共" + _nPageCount + "页</span>");
    if (nCurrIndex == 0) {
        document.write("<span class=\"disabled\">首页</span><span class=\"disabled\">上一页</span>");
    } else {
        document.write("<a href=\"" + pageUrl(0) + "\">首页</a>");
        document.write("<a href=\"" + pageUrl(nCurrIndex - 1) + "\">上一页</a>");
    }
    if (nCurrIndex == _nPageCount - 1) {
        document.write("<span class=\"disabled\">下一页</span><span class=\"disabled\">尾页</span>");
    } else {
        document.write("<a href=\"" + pageUrl(nCurrIndex + 1) + "\">下一页</a>");
        document.write("<a href=\"" + pageUrl(_nPageCount - 1) + "\">尾页</a>");
    }
    document.write("转到<select onchange=\"window.location.href=this.value\">");
    for (var i = 0; i < _nPageCount; i++) {
        document.write("<option value=\"" + pageUrl(i) + "\"" + (i == nCurrIndex ? " selected" : "") + ">第" + (i + 1) + "页</option>");
    }
    document.write("</select></div>");
}
"""


# The style block TRS WCM's editor writes at the top of every document body, inside
# ``div.TRS_Editor`` itself: extractors reading the container must skip it.
_EDITOR_RULE = "{margin-top:0px;margin-bottom:12px;line-height:1.5;font-family:宋体;font-size:12pt;}"
EDITOR_STYLE = ('<style type="text/css">'
                + "".join(f".TRS_Editor {tag}{_EDITOR_RULE}" for tag in ("P", "DIV", "TD", "TH", "SPAN", "FONT", "UL", "LI"))
                + ".TRS_Editor A{font-size:12pt;}</style>")


def editor_body(body_html: str) -> str:
    """The content of ``div.TRS_Editor`` as TRS publishes it: its style block, then the document."""
    return f'{EDITOR_STYLE}<div class="Custom_UnionStyle">{body_html}</div>'


ATTACHMENT_TYPES = {
    "pdf": "application/pdf", "doc": "application/msword", "wps": "application/kswps",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Doc:
    """One published document (a 年报, or a noise item) in a column."""

    title: str
    published: datetime
    docid: int
    body_html: str  # the TRS_Editor content
    source: str  # ContentSource: the publishing body
    description: str = ""
    keywords: str = "政府信息公开,年度报告"
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)  # (file name, bytes, link text)
    encoding: str = "utf-8"  # "gb2312": an old page served (and declared) as GB2312

    def filename(self) -> str:
        return f"{self.published:%Y%m}/t{self.published:%Y%m%d}_{self.docid}.html"

    def attachment_filename(self, index: int = 0) -> str:
        """``P0`` + publish date + 12 digits, as TRS names uploaded files (the upload's extension kept)."""
        digits = int(hashlib.sha1(f"{self.docid}:{index}".encode()).hexdigest(), 16) % 10**12
        return f"P0{self.published:%Y%m%d}{digits:012d}.{self.attachment_ext(index)}"

    def attachment_ext(self, index: int = 0) -> str:
        """The extension of the uploaded file (``pdf`` when its name has none)."""
        name = self.attachments[index][0] if index < len(self.attachments) else ""
        return name.rsplit(".", 1)[-1].lower() if "." in name else "pdf"


@dataclass
class Column:
    """A TRS channel: its directory, display name, channel id and what it lists."""

    path: str  # "/zwgk/zfxxgk/zfxxgknb/2024n/bm/"
    name: str
    chnl_id: int
    crumbs: list[tuple[str, str]]  # (name, path) from 首页 down to this column, inclusive
    docs: list[Doc] = field(default_factory=list)
    column_type: str = "政府信息公开年报"

    def doc_path(self, doc: Doc) -> str:
        return self.path + doc.filename()


def relative(from_dir: str, to_path: str) -> str:
    """A relative link from a directory to a path, the way TRS templates write them."""
    rel = posixpath.relpath(to_path, from_dir)
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel if rel.startswith("../") else "./" + rel.removeprefix("./")


def list_page_name(index: int, ext: str = "html") -> str:
    return f"index.{ext}" if index == 0 else f"index_{index}.{ext}"


def pager_script(total: int, index: int, ext: str = "html") -> str:
    return ('<script type="text/javascript">\n//wcm分页\n'
            f'createPageHTML({total}, {index}, "index", "{ext}");\n</script>')


def breadcrumb(crumbs: list[tuple[str, str]], here: str) -> str:
    links = " › ".join(f'<a href="{relative(here, p)}">{escape(n)}</a>' for n, p in crumbs)
    return f'<div class="breadcrumb">当前位置：{links}</div>'


def pub_time(doc: Doc) -> str:
    """``PubDate`` as TRS prints it: minutes, no seconds."""
    return f"{doc.published:%Y-%m-%d %H:%M}"


def list_item(href: str, title: str, day: datetime, max_chars: int = 30) -> str:
    """A list entry; long titles are cut in the text but kept whole in ``title``."""
    shown = title if len(title) <= max_chars else title[:max_chars] + "…"
    return (f'<li><a href="{href}" title="{escape(title)}" target="_blank">{escape(shown)}</a>'
            f"<span>{day:%Y-%m-%d}</span></li>")


def _meta_tags(look: SiteLook, column: Column, doc: Doc) -> str:
    url = f"http://{look.domain}{column.doc_path(doc)}"
    metas = [
        ("SiteName", look.name), ("SiteDomain", look.domain), ("SiteIDCode", look.site_code),
        ("ColumnName", column.name), ("ColumnType", column.column_type), ("ArticleTitle", doc.title),
        ("PubDate", pub_time(doc)), ("ContentSource", doc.source), ("Keywords", doc.keywords),
        ("Author", doc.source), ("Description", doc.description or doc.title), ("Url", url),
        ("DocId", str(doc.docid)), ("ChnlId", str(column.chnl_id)), ("SiteId", str(look.site_id)),
    ]
    return "\n".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in metas)


def _encode(html: str, encoding: str) -> tuple[bytes, str]:
    if encoding == "gb2312":
        # Declared GB2312 but written by a GBK-era editor: gb18030 is a superset that never
        # loses a character and equals GB2312 wherever GB2312 has the character.
        return html.encode("gb18030"), "text/html; charset=gb2312"
    return html.encode("utf-8"), "text/html; charset=utf-8"


def publish_document(site: Site, look: SiteLook, column: Column, doc: Doc) -> None:
    """The detail page and its attachments."""
    path = column.doc_path(doc)
    here = posixpath.dirname(path) + "/"
    files = "".join(f'<p><a href="./{doc.attachment_filename(i)}" target="_blank">{escape(text)}</a></p>'
                    for i, (_, _, text) in enumerate(doc.attachments))
    rel_links = "".join(f'<li><a href="{escape(u)}" target="_blank">{escape(n)}</a></li>' for n, u in look.related)
    body = f"""{breadcrumb(column.crumbs, here)}
<div class="article">
<h1 class="article-title">{escape(doc.title)}</h1>
<div class="article-info"><span>发布时间：{pub_time(doc)}</span><span>来源：{escape(doc.source)}</span>
<span>浏览次数：<em id="visitCount">{doc.docid % 977 + 23}</em></span>
<span class="font-size">【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span></div>
<div class="article-content">
<div class="TRS_Editor">{editor_body(doc.body_html)}</div>
</div>
{f'<div class="attachments">附件：{files}</div>' if files else ''}
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="qrcode"><img src="/images/qrcode.png" alt="扫一扫在手机打开当前页"><p>扫一扫在手机打开当前页</p></div>
</div>
<div class="related"><h3>相关链接</h3><ul>{rel_links}</ul></div>"""
    charset = "gb2312" if doc.encoding == "gb2312" else "utf-8"
    html = page(look, doc.title, body, head=_meta_tags(look, column, doc), charset=charset)
    data, ctype = _encode(html, doc.encoding)
    site.add(path, Resource(data, ctype, doc.published))
    for i, (_, blob, _) in enumerate(doc.attachments):
        site.add(here + doc.attachment_filename(i),
                 Resource(blob, ATTACHMENT_TYPES.get(doc.attachment_ext(i), "application/octet-stream"), doc.published))


def publish_column(site: Site, look: SiteLook, column: Column, sidebar: str, page_size: int = 15) -> int:
    """The column's list pages (newest first) and all its documents; returns the page count."""
    docs = sorted(column.docs, key=lambda d: (d.published, d.docid), reverse=True)
    pages = [docs[i:i + page_size] for i in range(0, len(docs), page_size)] or [[]]
    newest = docs[0].published if docs else datetime(2019, 1, 1, tzinfo=look.tz)
    for index, items in enumerate(pages):
        lis = "\n".join(list_item("./" + d.filename(), d.title, d.published) for d in items)
        body = f"""{breadcrumb(column.crumbs, column.path)}
<div class="list-wrap">
<div class="left-nav">{sidebar}</div>
<div class="list-box">
<h2 class="list-title">{escape(column.name)}</h2>
<ul class="list-ul">
{lis}
</ul>
<div class="pager">{pager_script(len(pages), index)}</div>
</div>
</div>"""
        html = page(look, f"{column.name}_{look.name}", body)
        site.add(column.path + list_page_name(index), Resource(html.encode("utf-8"), "text/html; charset=utf-8",
                                                                newest))
    for doc in docs:
        publish_document(site, look, column, doc)
    return len(pages)


def publish_static(site: Site, look: SiteLook) -> None:
    """The shared assets every TRS page refers to (pager script, stylesheet, QR image)."""
    since = datetime(2019, 1, 1, 8, 0, tzinfo=look.tz)
    site.add("/js/page.js", Resource(PAGE_JS.encode("utf-8"), "application/javascript; charset=utf-8", since))
    site.add("/css/style.css", Resource(STYLE_CSS.encode("utf-8"), "text/css; charset=utf-8", since))
    site.add("/images/qrcode.png", Resource(QR_PNG, "image/png", since))


def publish_simple(site: Site, look: SiteLook, path: str, title: str, crumbs: list[tuple[str, str]], inner: str,
                   modified: datetime, index: str = "index.html") -> None:
    """A plain channel page (an overview, a guide): breadcrumb, heading and *inner* HTML."""
    body = f'{breadcrumb(crumbs, path)}<div class="content-box"><h2>{escape(title)}</h2>{inner}</div>'
    site.add(path + index, Resource(page(look, f"{title}_{look.name}", body).encode("utf-8"),
                                    "text/html; charset=utf-8", modified))


def link_list(here: str, targets: list[tuple[str, str]]) -> str:
    """``<ul>`` of links from the page in *here* to each ``(name, site path)``."""
    return "<ul>" + "".join(f'<li><a href="{relative(here, p)}">{escape(n)}</a></li>' for n, p in targets) + "</ul>"
