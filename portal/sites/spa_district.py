"""临湖区人民政府: a district portal whose 年报 list exists only after its script runs.

Some portals (domain.md §2.7: Tianjin, Zhengzhou, Nanjing …) render their columns on the
client with no list a crawler can read and no API it could reasonably call. This site
reproduces that, so the crawler's browser path (research/dependencies.md §2) is tested
against something real:

* the column page ``/xxgk/nb/`` holds an empty ``<ul id="nbList">`` and an init call
  ``LhList.mount("nbList", {chan, seed})``; ``/static/js/lh-list.js`` computes a token
  from the channel and seed (FNV-1a), asks ``/api/list.do?chan=…&page=1&_t=<token>``
  (403 without the right token), un-XORs the base64 payload with the token, builds each
  detail URL from a reversed key and inserts the ``<li>`` items with
  ``document.createElement`` a moment later;
* the list is paged as JS-built lists are (domain.md §2.7): :data:`PAGE_SIZE` items,
  then a pager the script builds after the list — 首页 / 上一页 / page numbers / 下一页 /
  尾页, all ``href="javascript:;"``, the unusable ones marked ``class="disabled"`` — and
  "共X页". A click asks the API for that page and re-renders the ``<ul>`` in place: the
  URL never changes and no link leads to a next page, so one rendering shows page 1
  only, and the oldest reports are on the last page;
* details are ordinary Word-pasted HTML pages (``/xxgk/nb/content/<docid>.html``); the
  list also carries look-alikes (a notice about compiling reports, 工作要点, 图解).

Everything is built from data, so every build is byte-identical.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from html import escape
from urllib.parse import parse_qs

from portal.catalog import derive, load
from portal.clock import CST, office_time, stable
from portal.render.html import render_report_html
from portal.site import NoiseItem, Request, Resource, Site, TruthReport

KEY = "linhu"
SITE_NAME = "临湖区人民政府"
HTML = "text/html; charset=utf-8"
JSON_TYPE = "application/json;charset=UTF-8"
COLUMN_PATH = "/xxgk/nb/"
API_PATH = "/api/list.do"
SCRIPT_PATH = "/static/js/lh-list.js"
CHANNEL = "xxgknb"
SEED = "a71c3e"
# Items per list page: the column's ten items make three pages, the last holding two reports.
PAGE_SIZE = 4

# (content id, agency, report year, published, title)
REPORTS = [
    ("sample_001", SITE_NAME, 2024, "2025-01-24", "临湖区人民政府2024年政府信息公开工作年度报告"),
    ("own_2023_bureau", SITE_NAME, 2023, "2024-01-26", "临湖区人民政府2023年度政府信息公开工作年度报告"),
    ("own_2022_township", "临湖区教育局", 2022, "2023-01-18", "临湖区教育局2022年政府信息公开工作年度报告"),
    ("sample_002", "临湖区卫生健康局", 2021, "2022-01-21", "临湖区卫生健康局关于2021年政府信息公开年度工作报告"),
    ("own_2021_township", "临湖区湖滨街道办事处", 2021, "2022-01-14",
     "临湖区湖滨街道办事处 2021 年政府信息公开工作年度报告"),
    ("own_2019_bureau", "临湖区财政局", 2020, "2021-01-29", "临湖区财政局2020年政府信息公开工作的年度报告"),
    ("own_2019_county", SITE_NAME, 2019, "2020-03-20", "临湖区人民政府2019年政府信息公开工作年度报告"),
]
NOISE = [
    ("关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", "2025-01-06"),
    ("临湖区2024年政务公开工作要点", "2024-04-12"),
    ("图解：临湖区人民政府2023年政府信息公开工作年度报告", "2024-01-30"),
]

LIST_SCRIPT = """/* lh-list.js: 栏目列表渲染（分页） */
(function (w, d) {
  "use strict";
  function tok(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return ("0000000" + h.toString(16)).slice(-8);
  }
  function unpack(b64, key) {
    var raw = w.atob(b64), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i) ^ key.charCodeAt(i % key.length); }
    return JSON.parse(new TextDecoder("utf-8").decode(out));
  }
  function item(r) {
    var li = d.createElement("li"), a = d.createElement("a"), s = d.createElement("span");
    a.href = "/xxgk/nb/content/" + r.k.split("").reverse().join("") + ".html";
    a.title = r.n; a.target = "_blank"; a.textContent = r.n;
    s.className = "date"; s.textContent = r.t;
    li.appendChild(a); li.appendChild(s);
    return li;
  }
  function control(bar, text, page, off) {
    var a = d.createElement("a");
    a.href = "javascript:;"; a.textContent = text;
    if (off) { a.className = "disabled"; } else { a.setAttribute("data-page", String(page)); }
    bar.appendChild(a);
  }
  function pager(bar, cur, pages) {
    bar.innerHTML = "";
    control(bar, "首页", 1, cur === 1);
    control(bar, "上一页", cur - 1, cur === 1);
    for (var p = 1; p <= pages; p++) {
      if (p === cur) {
        var s = d.createElement("span"); s.className = "current"; s.textContent = String(p); bar.appendChild(s);
      } else { control(bar, String(p), p, false); }
    }
    control(bar, "下一页", cur + 1, cur === pages);
    control(bar, "尾页", pages, cur === pages);
    var total = d.createElement("span");
    total.className = "total"; total.textContent = "共" + pages + "页";
    bar.appendChild(total);
  }
  w.LhList = {
    mount: function (id, o) {
      var el = d.getElementById(id), t = tok(o.chan + "|" + o.seed), busy = false;
      var bar = d.createElement("div");
      bar.id = id + "Pager"; bar.className = "page-bar";
      el.parentNode.insertBefore(bar, el.nextSibling);
      function load(page) {
        var xhr = new XMLHttpRequest();
        busy = true;
        xhr.open("GET", "/api/list.do?chan=" + encodeURIComponent(o.chan) + "&page=" + page + "&_t=" + t);
        xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        xhr.onload = function () {
          if (xhr.status !== 200) { busy = false; el.setAttribute("data-error", String(xhr.status)); return; }
          var res = JSON.parse(xhr.responseText), rows = unpack(res.data, t);
          w.setTimeout(function () {
            el.innerHTML = "";
            rows.forEach(function (r) { el.appendChild(item(r)); });
            var tip = d.getElementById(id + "Loading");
            if (tip) { tip.parentNode.removeChild(tip); }
            pager(bar, res.page, res.pages);
            busy = false;
          }, 200);
        };
        xhr.onerror = function () { busy = false; };
        xhr.send();
      }
      bar.addEventListener("click", function (e) {
        var a = e.target.closest ? e.target.closest("a[data-page]") : null;
        if (!a || busy) { return; }
        e.preventDefault();
        load(parseInt(a.getAttribute("data-page"), 10));
      });
      load(1);
    }
  };
})(window, document);
"""


def token(channel: str, seed: str) -> str:
    """The script's FNV-1a token of ``channel|seed`` (8 hex digits), computed the same way."""
    h = 0x811C9DC5
    for ch in f"{channel}|{seed}":
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def pack(rows: list[dict], key: str) -> str:
    """Rows as the API sends them: UTF-8 JSON XOR-ed with the token, base64."""
    raw = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(bytes(b ^ ord(key[i % len(key)]) for i, b in enumerate(raw))).decode("ascii")


def _frame(title: str, body: str, head: str = "") -> str:
    nav = "".join(f'<li><a href="{href}">{name}</a></li>' for name, href in [
        ("首页", "/"), ("政务公开", "/xxgk/"), ("政务服务", "/zwfw/"), ("互动交流", "/hdjl/")])
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="{SITE_NAME}">
{head}<title>{escape(title)}</title>
</head>
<body>
<div class="header"><div class="logo">{SITE_NAME}</div><ul class="nav">{nav}</ul></div>
<div class="main">
{body}
</div>
<div class="footer"><p>主办：临湖区人民政府办公室　网站标识码：4401990001</p></div>
</body></html>
"""


def _location(crumbs: list[tuple[str, str | None]]) -> str:
    parts = [f'<a href="{href}">{escape(name)}</a>' if href else escape(name) for name, href in crumbs]
    return f'<div class="location">当前位置：{" &gt; ".join(parts)}</div>'


class _Doc:
    """One item of the list: a report or a look-alike, with its page."""

    def __init__(self, docid: int, title: str, published: datetime, body_html: str, source: str) -> None:
        self.docid, self.title, self.published, self.body_html, self.source = docid, title, published, body_html, source

    @property
    def path(self) -> str:
        return f"{COLUMN_PATH}content/{self.docid}.html"

    def row(self) -> dict:
        return {"k": str(self.docid)[::-1], "n": self.title, "t": f"{self.published:%Y-%m-%d}"}

    def page(self) -> str:
        metas = "".join(f'<meta name="{n}" content="{escape(v)}">\n' for n, v in [
            ("ArticleTitle", self.title), ("PubDate", f"{self.published:%Y-%m-%d %H:%M}"),
            ("ContentSource", self.source), ("ColumnName", "政府信息公开年报")])
        body = (_location([("首页", "/"), ("政务公开", "/xxgk/"), ("政府信息公开年报", COLUMN_PATH)])
                + f'<div class="article"><h1 class="article-title">{escape(self.title)}</h1>'
                f'<div class="article-info">发布时间：{self.published:%Y-%m-%d}　来源：{escape(self.source)}</div>'
                f'<div class="article-content">\n{self.body_html}\n</div></div>')
        return _frame(f"{self.title}_{SITE_NAME}", body, metas)


def _docs() -> tuple[list[tuple[_Doc, dict]], list[_Doc]]:
    reports, noise = [], []
    docid = 70_412
    items: list[tuple[str, str, dict | None, str]] = []
    for content_id, agency, year, published, title in REPORTS:
        report = derive(load(content_id), agency=agency, title=title, published=published, year=year,
                        suffix=f"{KEY}-{agency}{year}")
        items.append((title, published, report, agency))
    for title, published in NOISE:
        items.append((title, published, None, "临湖区人民政府办公室"))
    for title, published, report, source in sorted(items, key=lambda i: (i[1], i[0])):
        docid += 53 + stable(title) % 700
        when = office_time(published, title)
        if report is None:
            body = "".join(f'<p style="text-indent:2em">{escape(p)}</p>' for p in (
                f"{title}。", "请各单位高度重视，认真抓好贯彻落实。", "临湖区人民政府办公室"))
            noise.append(_Doc(docid, title, when, body, source))
        else:
            reports.append((_Doc(docid, title, when, render_report_html(report), source), report))
    return reports, noise


def _column_page() -> str:
    body = (_location([("首页", "/"), ("政务公开", "/xxgk/"), ("政府信息公开年报", None)])
            + '<div class="list-box"><h2 class="list-title">政府信息公开年报</h2>\n'
            '<ul id="nbList" class="news-list"></ul>\n'
            '<p id="nbListLoading" class="loading">正在加载…</p>\n'
            '<noscript><p>本栏目需要启用JavaScript浏览。</p></noscript></div>\n'
            f'<script src="{SCRIPT_PATH}"></script>\n'
            f'<script>LhList.mount("nbList", {{chan: "{CHANNEL}", seed: "{SEED}"}});</script>')
    return _frame(f"政府信息公开年报_{SITE_NAME}", body)


def _api(rows: list[dict], modified: datetime):
    """The list endpoint: only a request carrying the script's token gets a page of packed rows.

    ``page`` counts from 1 (absent: 1); a page outside the list is refused with 400, as
    list APIs answer a bad parameter, rather than served as an empty page.
    """
    key = token(CHANNEL, SEED)
    pages = max(1, -(-len(rows) // PAGE_SIZE))

    def refuse(status: int, message: str) -> Resource:
        body = json.dumps({"code": status, "msg": message}, ensure_ascii=False).encode("utf-8")
        return Resource(body, JSON_TYPE, modified, status=status)

    def handle(request: Request) -> Resource | None:
        if request.path != API_PATH:
            return None
        params = {k: v[0] for k, v in parse_qs(request.query).items()}
        if params.get("chan") != CHANNEL or params.get("_t") != key:
            return refuse(403, "非法请求")
        page_text = params.get("page", "1")
        page = int(page_text) if page_text.isascii() and page_text.isdigit() else 0
        if not 1 <= page <= pages:
            return refuse(400, "页码错误")
        chunk = rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
        data = {"code": 0, "total": len(rows), "page": page, "pages": pages, "size": PAGE_SIZE,
                "data": pack(chunk, key)}
        return Resource(json.dumps(data, ensure_ascii=False).encode("utf-8"), JSON_TYPE, modified)

    return handle


def _simple(site: Site, path: str, title: str, crumbs: list[tuple[str, str | None]], inner: str,
            modified: datetime) -> None:
    body = _location(crumbs) + f'<div class="content-box"><h2>{escape(title)}</h2>{inner}</div>'
    site.add(path + "index.html", Resource(_frame(f"{title}_{SITE_NAME}", body).encode("utf-8"), HTML, modified))


def build(epoch: int = 1) -> Site:
    """The district portal (the same in every epoch)."""
    if epoch < 1:
        raise ValueError(f"epoch must be 1 or more, not {epoch}")
    site = Site(key=KEY, name=SITE_NAME, platform="spa", domain="www.linhu.gov.cn", server="nginx",
                gzip_types=("text/html", "application/javascript", "application/json"))
    reports, noise = _docs()
    docs = [d for d, _ in reports] + noise
    newest = max(d.published for d in docs)
    since = datetime(2019, 1, 1, tzinfo=CST)
    for doc in docs:
        site.add(doc.path, Resource(doc.page().encode("utf-8"), HTML, doc.published))
    rows = [d.row() for d in sorted(docs, key=lambda d: d.published, reverse=True)]
    site.dynamic = _api(rows, newest)
    site.add(COLUMN_PATH + "index.html", Resource(_column_page().encode("utf-8"), HTML, newest))
    site.add(SCRIPT_PATH, Resource(LIST_SCRIPT.encode("utf-8"), "application/javascript; charset=utf-8", since))
    home = ('<div class="home-box"><h3><a href="/xxgk/">政务公开</a></h3><ul>'
            '<li><a href="/xxgk/">政府信息公开</a></li><li><a href="/xxgk/zcwj/">政策文件</a></li></ul></div>'
            '<div class="home-box"><h3>临湖要闻</h3><ul><li><a href="/xwzx/">临湖区召开优化营商环境推进会</a></li></ul></div>')
    site.add("/index.html", Resource(_frame(SITE_NAME, home).encode("utf-8"), HTML, newest))
    home_crumb = [("首页", "/")]
    _simple(site, "/xxgk/", "政务公开", home_crumb + [("政务公开", None)],
            '<ul><li><a href="/xxgk/zn/">政府信息公开指南</a></li><li><a href="/xxgk/zcwj/">政策文件</a></li>'
            f'<li><a href="{COLUMN_PATH}">政府信息公开年报</a></li></ul>', newest)
    for path, title, text in [("/xxgk/zn/", "政府信息公开指南", "公民、法人或者其他组织可以通过在线、信函等方式提出申请。"),
                              ("/xxgk/zcwj/", "政策文件", "暂无信息。"), ("/xwzx/", "临湖要闻", "临湖区召开优化营商环境推进会。"),
                              ("/zwfw/", "政务服务", "请通过政务服务网办理相关事项。"), ("/hdjl/", "互动交流", "区长信箱、在线访谈。")]:
        _simple(site, path, title, home_crumb + [(title, None)], f"<p>{text}</p>", since)
    site.add("/robots.txt", Resource(b"User-agent: *\nDisallow: /search/\n", "text/plain; charset=utf-8", since))
    for doc, report in reports:
        site.reports.append(TruthReport.of(report, doc.path, doc.path, "html"))
    site.noise += [NoiseItem(d.path, d.title) for d in noise]
    site.not_found = Resource(_frame("404", "<h2>页面不存在</h2>").encode("utf-8"), HTML, since, status=404)
    return site
