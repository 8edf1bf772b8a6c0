"""Guangdong's 政府信息公开目录 platform (gkmlpt): an SPA shell, a JSON list API, post pages.

What a gkmlpt instance serves (domain.md §2.6), for any site module to reuse:

* ``<base>gkmlpt/index`` — an SPA shell whose only data is ``window._CONFIG = {SID, TREE}``:
  the column tree as ``{id, name, parent, post_count}`` nodes; the column shown is chosen
  by the URL hash (``#2711``), which never reaches the server. The list markup is a
  template (``{{item.url}}``) filled by script, so the HTML holds no article link;
* ``<base>gkmlpt/api/all/<columnId>?page=<n>&sid=<sid>`` — the only place the lists
  exist: ``{classify, articles, total}``, 100 articles per page, newest first, each with
  an absolute ``url`` on the host that was asked;
* ``<base>gkmlpt/content/<id // 10**6>/<id // 1000>/post_<id>.html`` — a document page:
  ``window._CONFIG.DETAIL`` (content HTML, attachments) plus the same content rendered,
  under the 索引号/分类/发布机构 metadata table;
* ``/attachment/0/<n // 1000>/<n>/<post id>.<ext>`` — attachment files.

A site describes its instances with :class:`Instance`, :class:`Column` and
:class:`Article` and calls :func:`publish_instance`; several instances (a city and its
departments) can share one host.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import parse_qs

from portal.cms.chrome import chrome_css, tool_links
from portal.cms.page_end import page_end
from portal.cms.trs_pages import CST
from portal.site import Request, Resource, Site

PER_PAGE = 100
HTML = "text/html; charset=utf-8"
JSON = "application/json;charset=UTF-8"
CONTENT_TYPES = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Attachment:
    """A file attached to a post, stored under ``/attachment/0/…``."""

    attachment_id: int
    name: str  # the name shown, with its extension
    data: bytes

    @property
    def ext(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower()


@dataclass
class Article:
    """One post: a 年报, a look-alike or an ordinary 政务 document."""

    post_id: int
    title: str
    published: datetime
    publisher: str
    identifier: str  # 索引号, e.g. 11441200007205788X/2024-00012
    content_html: str
    attachments: list[Attachment] = field(default_factory=list)
    document_number: str = ""  # 文号

    @property
    def path(self) -> str:
        return f"gkmlpt/content/{self.post_id // 1_000_000}/{self.post_id // 1000}/post_{self.post_id}.html"


@dataclass
class Column:
    """A node of the TREE; ``articles`` are the posts filed directly in it."""

    column_id: int
    name: str
    parent: int = 0
    articles: list[Article] = field(default_factory=list)


@dataclass(frozen=True)
class Host:
    """The portal the instances are part of: what every page's header and footer print."""

    name: str  # 南岭市人民政府
    domain: str  # canonical host printed in the footer, never contacted
    site_code: str  # 网站标识码
    icp: str


@dataclass
class Instance:
    """One organisation's gkmlpt under ``base`` ("/" for the city, "/nlfgj/" for a department)."""

    base: str
    sid: str
    org: str  # 南岭市发展和改革局
    host: Host
    columns: list[Column] = field(default_factory=list)

    def article_path(self, article: Article) -> str:
        return self.base + article.path

    def column_of(self, article: Article) -> Column:
        return next(c for c in self.columns if article in c.articles)


def attachment_path(article: Article, attachment: Attachment) -> str:
    return (f"/attachment/0/{attachment.attachment_id // 1000}/{attachment.attachment_id}/"
            f"{article.post_id}.{attachment.ext}")


def script_json(value: object) -> str:
    """JSON safe inside ``<script>``: no ``</`` can close the element early."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def shell_page(host: Host, title: str, body: str, head: str = "") -> str:
    """The page frame gkmlpt pages share: the portal's header, the body, the portal's footer."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{escape(title)}</title>
{head}
<link rel="stylesheet" href="/gkmlpt/static/css/gkmlpt.css">
{chrome_css("#c00")}
</head>
<body>
<div class="gk-top">{tool_links(host.domain)}</div>
<div class="gk-header"><div class="gk-logo">{escape(host.name)}</div><div class="gk-sub">政府信息公开</div></div>
{body}
{page_end(host.name, host.domain, host.site_code, f"{host.name}办公室", host.icp, footer_class="gk-footer")}
</body></html>
"""


def _tree(instance: Instance) -> list[dict]:
    return [{"id": c.column_id, "name": c.name, "parent": c.parent, "post_count": len(c.articles)}
            for c in instance.columns]


def _shell(instance: Instance) -> str:
    config = {"SID": instance.sid, "ORG": instance.org, "TREE": _tree(instance)}
    body = f"""<div id="gkmlpt-app">
<div class="gk-org">{escape(instance.org)}</div>
<div class="gk-tree"><ul><li v-for="node in tree"><a href="#{{{{node.id}}}}">{{{{node.name}}}}</a></li></ul></div>
<div class="gk-list"><table><tr v-for="item in articles"><td><a href="{{{{item.url}}}}" target="_blank">{{{{item.title}}}}</a></td>
<td>{{{{item.identifier}}}}</td><td>{{{{item.date | date}}}}</td></tr></table>
<div class="gk-pager"><a href="javascript:;" v-on:click="page(prev)">上一页</a><a href="javascript:;" v-on:click="page(next)">下一页</a></div></div>
</div>
<script>window._CONFIG = {script_json(config)};</script>
<script src="/gkmlpt/static/js/gkmlpt.js"></script>"""
    return shell_page(instance.host, f"{instance.org}政府信息公开目录", body)


def _article_json(instance: Instance, article: Article, host: str) -> dict:
    ts = int(article.published.timestamp())
    column = instance.column_of(article)
    return {"id": article.post_id, "title": article.title, "date": ts, "created_at": ts - 3600,
            "first_publish_time": ts, "publisher": article.publisher, "classify_main_name": column.name,
            "url": f"http://{host}{instance.article_path(article)}", "post_url": instance.article_path(article),
            "identifier": article.identifier, "document_number": article.document_number}


def _detail(instance: Instance, article: Article) -> str:
    column = instance.column_of(article)
    files = [{"name": a.name, "url": attachment_path(article, a)} for a in article.attachments]
    detail = {"id": article.post_id, "title": article.title, "content": article.content_html,
              "attachments": files, "identifier": article.identifier, "publisher": article.publisher,
              "date": int(article.published.timestamp()), "classify_main_name": column.name}
    links = "".join(f'<p><a href="{f["url"]}" target="_blank">{escape(f["name"])}</a></p>' for f in files)
    meta = "\n".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in [
        ("ArticleTitle", article.title), ("PubDate", f"{article.published:%Y-%m-%d %H:%M}"),
        ("ContentSource", article.publisher), ("ColumnName", column.name)])
    body = f"""<div class="gk-detail">
<table class="gk-meta"><tr><th>索引号：</th><td>{escape(article.identifier)}</td><th>分类：</th><td>{escape(column.name)}</td></tr>
<tr><th>发布机构：</th><td>{escape(article.publisher)}</td><th>成文日期：</th><td>{article.published:%Y-%m-%d}</td></tr>
<tr><th>名称：</th><td colspan="3">{escape(article.title)}</td></tr>
<tr><th>文号：</th><td>{escape(article.document_number)}</td><th>发布日期：</th><td>{article.published:%Y-%m-%d}</td></tr></table>
<h1 class="gk-title">{escape(article.title)}</h1>
<div class="article-content">
{article.content_html}
</div>
{f'<div class="gk-attachments">附件：{links}</div>' if links else ''}
<div class="gk-tools"><a href="javascript:window.print()">打印</a> <a href="javascript:window.close()">关闭</a></div>
</div>
<script>window._CONFIG = {script_json({"SID": instance.sid, "ORG": instance.org})};
window._CONFIG.DETAIL = {script_json(detail)};</script>"""
    return shell_page(instance.host, f"{article.title}-{instance.host.name}", body, meta)


def _api(instance: Instance, column_id: str, query: str, host: str) -> Resource:
    """``api/all/<column>``: one page of 100 articles, newest first."""
    params = {k: v[0] for k, v in parse_qs(query).items()}
    column = next((c for c in instance.columns if str(c.column_id) == column_id), None)
    page = int(params["page"]) if params.get("page", "1").isdigit() else 0
    modified = max((a.published for c in instance.columns for a in c.articles), default=datetime(2020, 1, 1, tzinfo=CST))
    if params.get("sid") != instance.sid or column is None or page < 1:
        error = {"code": 400, "msg": "参数错误"}
        return Resource(json.dumps(error, ensure_ascii=False).encode(), JSON, modified, status=400)
    ordered = sorted(column.articles, key=lambda a: (a.published, a.post_id), reverse=True)
    chunk = ordered[(page - 1) * PER_PAGE: page * PER_PAGE]
    data = {"classify": {"id": column.column_id, "name": column.name, "parent": column.parent,
                         "post_count": len(ordered), "page_count": max(1, math.ceil(len(ordered) / PER_PAGE))},
            "articles": [_article_json(instance, a, host) for a in chunk], "total": len(ordered), "page": page}
    return Resource(json.dumps(data, ensure_ascii=False).encode("utf-8"), JSON, modified)


def publish_instance(site: Site, instance: Instance) -> None:
    """The shell, every post page and attachment, and the list API of ``instance``."""
    articles = [a for c in instance.columns for a in c.articles]
    newest = max(a.published for a in articles)
    site.add(instance.base + "gkmlpt/index", Resource(_shell(instance).encode("utf-8"), HTML, newest))
    for article in articles:
        site.add(instance.article_path(article), Resource(_detail(instance, article).encode("utf-8"), HTML,
                                                          article.published))
        for attachment in article.attachments:
            site.add(attachment_path(article, attachment),
                     Resource(attachment.data, CONTENT_TYPES.get(attachment.ext, "application/octet-stream"),
                              article.published))
    if "application/json" not in site.gzip_types:
        site.gzip_types = (*site.gzip_types, "application/json")
    prefix = instance.base + "gkmlpt/api/all/"
    previous = site.dynamic

    def handler(request: Request) -> Resource | None:
        if request.path.startswith(prefix) and request.method in ("GET", "HEAD"):
            host = request.headers.get("host", "localhost")
            return _api(instance, request.path[len(prefix):], request.query, host)
        return previous(request) if previous else None

    site.dynamic = handler


def publish_static(site: Site, since: datetime) -> None:
    """The platform's shared script and stylesheet (what the shell loads)."""
    script = ("/* gkmlpt */(function(){var c=window._CONFIG||{};var col=(location.hash||'#').slice(1);"
              "var x=new XMLHttpRequest();x.open('GET','api/all/'+col+'?page=1&sid='+c.SID);x.send();})();")
    site.add("/gkmlpt/static/js/gkmlpt.js", Resource(script.encode(), "application/javascript", since))
    site.add("/gkmlpt/static/css/gkmlpt.css",
             Resource(b".gk-header{background:#c00;color:#fff}.gk-meta th{text-align:right}", "text/css", since))
