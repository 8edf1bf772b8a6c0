"""桃源区人民政府: a made-up district portal whose server misbehaves in every way we know of.

Served only by ``Portal(faults=True)``. Its 年报 column lists reports that each sit behind
one fault. Some faults pass (a retry, a longer wait or a second look at the bytes gets
the report): those reports are in ``Site.reports`` and a crawl must archive every one.
Others never pass — a body always cut short, a challenge page, robots.txt, a redirect
loop, a size cap, a private address — and are listed by :func:`build` in its
``unreachable`` list with the reason a crawl should record (the refusal reasons of
``crawler.middlewares``). The column also carries traps: an endless calendar, links that
grow a new ``jsessionid`` on every page view, a link to another portal site.

Wire-level faults are registered on the :class:`~portal.faults.FaultInjector`; content
faults (lying charset labels, redirects, challenges, robots.txt) are resources here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import datetime
from html import escape

from portal.catalog import derive, load
from portal.clock import CST
from portal.faults import Fault, FaultInjector
from portal.render.html import render_report_html
from portal.render.pdf import render_report_pdf
from portal.site import Request, Resource, Site, TruthReport

KEY = "faults"
NAME = "云湖市桃源区人民政府"
COLUMN = "/zwgk/nb/"
PRIVATE_TARGET = "http://10.255.0.7/zwgk/nb/"
SINCE = datetime(2024, 1, 1, 8, 0, tzinfo=CST)


@dataclass(frozen=True)
class Plan:
    """One listed report: its content, its fault, and why it is unreachable (if it is)."""

    slug: int  # document id
    source: str  # content file id
    agency: str
    fault: str
    unreachable: str = ""  # refusal reason a crawl must record; "" = reachable


PLANS = [
    Plan(300101, "own_2022_township", "桃源区桃花街道办事处", "none"),
    Plan(300102, "own_2023_bureau", "桃源区生态环境分局", "none"),
    Plan(300103, "sample_000", "桃源区国资办", "status"),
    Plan(300104, "sample_002", "桃源区行政服务中心", "reset"),
    Plan(300105, "own_2021_township", "桃源区杏林镇人民政府", "stall"),
    Plan(300106, "own_2022_township", "桃源区柳岸街道办事处", "trickle"),
    Plan(300107, "own_2023_bureau", "桃源区水利局", "truncate_once"),
    Plan(300108, "own_2021_township", "桃源区石门镇人民政府", "pdf_truncate_once"),
    Plan(300109, "own_2022_township", "桃源区溪南街道办事处", "gbk_labelled_utf8"),
    Plan(300110, "own_2023_bureau", "桃源区文化和旅游局", "utf8_labelled_gbk"),
    Plan(300111, "own_2023_bureau", "桃源区审计局", "truncate_always", "truncated"),
    Plan(300112, "sample_000", "桃源区统计局", "redirect_loop", "redirect_loop"),
    Plan(300113, "sample_002", "桃源区医疗保障局", "challenge_412", "challenge"),
    Plan(300114, "own_2022_township", "桃源区桃源街道办事处", "challenge_521", "challenge"),
    Plan(300115, "own_2023_bureau", "桃源区信访局", "robots", "robots"),
    Plan(300116, "own_2023_bureau", "桃源区林业局", "oversize", "oversize"),
    Plan(300117, "own_2022_township", "桃源区东岗街道办事处", "bomb", "oversize"),
    Plan(300118, "sample_000", "桃源区应急管理局", "private_redirect", "private_address"),
]

RUISHU_412 = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<script type="text/javascript">$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=48211;$_ts.cd="qEqrrpAlcGxqDa";
$_ts.lcd=function(){var _$hP=document.cookie;document.cookie="FSSBBIl1UgzbN7N80T=5"+_$hP.length+";path=/";
window.location.reload();};$_ts.lcd();</script></head><body></body></html>"""
JIASULE_521 = """<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')+
('a')+('n')+('c')+('e')+('_s=1714031283.204|-1|'+'mYWyCc7%2FbE%3D')+';max-age=3600;path=/';
location.href=location.pathname+location.search</script></body></html>"""


def shell(title: str, body: str, charset: str = "utf-8", head: str = "") -> str:
    """The district template: header, navigation, the page's own part, footer."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{escape(title)}_{NAME}</title>{head}</head>
<body><div class="header"><a href="/index.html">{NAME}</a></div>
<ul class="nav"><li><a href="/index.html">首页</a></li><li><a href="/zwgk/index.html">政务公开</a></li>
<li><a href="/hdjl/index.html">互动交流</a></li></ul>
<div class="main">{body}</div>
<div class="footer">主办：{NAME}办公室　网站标识码：4309020001</div></body></html>"""


def detail_path(plan: Plan) -> str:
    folder = "private/" if plan.fault == "robots" else ""
    return f"{COLUMN}{folder}202401/t202401{plan.slug % 100 + 1:02d}_{plan.slug}.html"


def report_of(plan: Plan) -> dict:
    source = load(plan.source)
    year = source["year"]
    published = datetime(year + 1, 1, 10 + plan.slug % 15, tzinfo=CST)
    return derive(source, agency=plan.agency, title=f"{plan.agency}{year}年政府信息公开工作年度报告",
                  published=published.date().isoformat(), suffix=f"faults{plan.slug}") | {"content_id": plan.source}


def detail_page(report: dict, attachment: str | None, charset: str = "utf-8") -> str:
    body_html = render_report_html(report) if attachment is None else (
        f'<p>{escape(report["title"])}详见附件。</p><p><a href="{attachment}">{escape(report["title"])}.pdf</a></p>')
    head = f'<meta name="ArticleTitle" content="{escape(report["title"])}">'
    return shell(report["title"], f"""<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="article"><h1>{escape(report["title"])}</h1><div class="info">发布日期：{report["published"]}</div>
<div class="content">{body_html}</div></div>""", charset, head)


def column_page(items: list[tuple[str, str]], page: int, pages: int, session: int) -> str:
    """A list page; every link carries this view's session id, as a leaky Java CMS does."""
    sid = f";jsessionid={session:08X}"
    lis = "\n".join(f'<li><a href="{href}{sid}" title="{escape(t)}">{escape(t)}</a></li>' for href, t in items)
    pager = " ".join(f'<a href="{COLUMN}{"index" if i == 0 else f"index_{i}"}.html{sid}">{i + 1}</a>'
                     for i in range(pages))
    calendar = f'<div class="calendar"><a href="{COLUMN}calendar.html?ym=2024-01">按月浏览</a></div>'
    return shell("政府信息公开年报", f"""<div class="crumb">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<h2>政府信息公开年报</h2><ul class="list">{lis}</ul><div class="pager">{pager}</div>{calendar}""",
                 head='<meta name="ColumnName" content="政府信息公开年报">')


def calendar_page(year: int, month: int) -> str:
    """An endless month view: previous/next month and year are always there."""
    def ym(y: int, m: int) -> str:
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
        return f"{COLUMN}calendar.html?ym={y:04d}-{m:02d}"
    links = " ".join(f'<a href="{ym(y, m)}">{label}</a>' for label, y, m in (
        ("上一年", year - 1, month), ("上月", year, month - 1), ("下月", year, month + 1), ("下一年", year + 1, month)))
    return shell(f"{year}年{month}月", f"<h2>{year}年{month}月 发布信息</h2><p>本月无信息。</p><p>{links}</p>")


def build(injector: FaultInjector, other_site_roots: list[str] | None = None) -> tuple[Site, list[dict]]:
    """The fault site and its unreachable reports (``{"path", "title", "reason", "fault"}``)."""
    site = Site(key=KEY, name=NAME, platform="generic", domain="www.taoyuan.gov.cn", server="Apache-Coyote/1.1")
    html = "text/html; charset=utf-8"
    site.add("/robots.txt", Resource(f"User-agent: *\nDisallow: {COLUMN}private/\n".encode(), "text/plain", SINCE))
    site.add("/index.html", Resource(shell("首页", '<a href="/zwgk/index.html">政务公开</a>').encode(), html, SINCE))
    site.add("/zwgk/index.html", Resource(shell("政务公开", f'<a href="{COLUMN}index.html">政府信息公开年报</a>').encode(),
                                          html, SINCE))
    listed: list[tuple[str, str]] = []
    unreachable: list[dict] = []
    for plan in PLANS:
        report = report_of(plan)
        path = detail_path(plan)
        listed.append((path, report["title"]))
        doc_path, source_format = publish(site, injector, plan, report, path)
        if plan.unreachable:
            unreachable.append({"path": doc_path, "title": report["title"], "reason": plan.unreachable,
                                "fault": plan.fault})
            continue
        site.reports.append(TruthReport(
            page_path=path, doc_path=doc_path, source_format=source_format, content_id=plan.source,
            agency=report["agency"], year=report["year"], template=report["template"], title=report["title"],
            published=report["published"], cells=report.get("cells", {}), raw_cells=report.get("raw_cells", {}),
            expected_checks=report.get("expected_checks", {})))
    half = (len(listed) + 1) // 2
    pages = [listed[:half], listed[half:]]
    # Another portal's report, listed on page 1: off-site, must never be fetched. The list
    # is read per request, so roots known only once the portal runs still appear.
    roots = other_site_roots if other_site_roots is not None else []
    offsite = OffsiteItems(roots)
    sessions = itertools.count(0x5A17)
    site.dynamic = lambda request: dynamic(request, [pages[0] + offsite.items(), pages[1]], sessions, site.resources)
    return site, unreachable


def publish(site: Site, injector: FaultInjector, plan: Plan, report: dict, path: str) -> tuple[str, str]:
    """Add one report's resources and faults; returns (document path, source format)."""
    html = "text/html; charset=utf-8"
    published = datetime.fromisoformat(report["published"]).replace(tzinfo=CST)
    fault = plan.fault
    if fault == "pdf_truncate_once":
        pdf_path = path.replace(".html", ".pdf").replace("/t2024", "/P02024")
        site.add(path, Resource(detail_page(report, pdf_path).encode(), html, published))
        site.add(pdf_path, Resource(render_report_pdf(report), "application/pdf", published))
        injector.add(KEY, pdf_path, Fault("truncate", times=1))
        return pdf_path, "pdf"
    if fault == "gbk_labelled_utf8":  # GBK bytes, header and meta both claim UTF-8
        body = detail_page(report, None, charset="utf-8").encode("gb18030")
        site.add(path, Resource(body, html, published))
    elif fault == "utf8_labelled_gbk":  # UTF-8 bytes under a GBK header and meta
        body = detail_page(report, None, charset="gbk").encode("utf-8")
        site.add(path, Resource(body, "text/html; charset=GBK", published))
    elif fault == "redirect_loop":
        back = path.replace(".html", "_1.html")
        site.add(path, Resource(b"", html, published, status=302, headers=(("Location", back),)))
        site.add(back, Resource(b"", html, published, status=302, headers=(("Location", path),)))
    elif fault in ("challenge_412", "challenge_521"):
        status, text = (412, RUISHU_412) if fault == "challenge_412" else (521, JIASULE_521)
        site.add(path, Resource(text.encode(), html, published, status=status))
    elif fault == "private_redirect":
        site.add(path, Resource(b"", html, published, status=302,
                                headers=(("Location", PRIVATE_TARGET + path.rsplit("/", 1)[1]),)))
    else:
        site.add(path, Resource(detail_page(report, None).encode(), html, published))
    wire = {"status": Fault("status", times=2), "reset": Fault("reset", times=1), "stall": Fault("stall", times=1),
            "trickle": Fault("trickle", times=None), "truncate_once": Fault("truncate", times=1),
            "truncate_always": Fault("truncate", times=None), "oversize": Fault("oversize", times=None),
            "bomb": Fault("bomb", times=None)}.get(fault)
    if wire is not None:
        injector.add(KEY, path, wire)
    return path, "html"


class OffsiteItems:
    """List entries pointing at other portal sites, read when a list page is served."""

    def __init__(self, roots: list[str]) -> None:
        self.roots = roots

    def items(self) -> list[tuple[str, str]]:
        return [(root + "zwgk/nb/202401/t20240101_1.html", "青溪县2024年政府信息公开工作年度报告") for root in self.roots]


_SESSION = re.compile(r";jsessionid=[^/?#]*", re.I)
_YM = re.compile(r"(?:^|&)ym=(\d{4})-(\d{2})(?:&|$)")


def dynamic(request: Request, pages: list[list[tuple[str, str]]], sessions,
            resources: dict[str, Resource]) -> Resource | None:
    """List pages (fresh session id per view), the calendar; a ``;jsessionid`` is ignored, as Tomcat does."""
    path = _SESSION.sub("", request.path)
    html = "text/html; charset=utf-8"
    names = {f"{COLUMN}index.html": 0, COLUMN: 0, f"{COLUMN}index_1.html": 1}
    if path in names and request.method in ("GET", "HEAD"):
        page = names[path]
        return Resource(column_page(pages[page], page, len(pages), next(sessions)).encode(), html, SINCE)
    if path == f"{COLUMN}calendar.html":
        found = _YM.search(request.query)
        if not found or not 1 <= int(found.group(2)) <= 12:
            return None
        return Resource(calendar_page(int(found.group(1)), int(found.group(2))).encode(), html, SINCE)
    return resources.get(path) if path != request.path else None


class FaultSetup:
    """What ``Portal(faults=…)`` adds: the injector, the fault site, the truth about the unreachable.

    The other sites are perturbed with recoverable one-off faults (``portal.faults.perturb``);
    ``other_roots`` is filled by the portal once the other sites have ports, and the fault
    site's column then links one of their reports (an off-site link a crawl must not follow).
    """

    def __init__(self, sites: list[Site], injector: FaultInjector | None = None, seed: int = 5) -> None:
        from portal.faults import perturb

        self.injector = injector or FaultInjector()
        self.perturbed = perturb(self.injector, sites, seed=seed)
        self.other_roots: list[str] = []
        self.site, self._unreachable = build(self.injector, self.other_roots)

    def unreachable(self, root: str) -> list[dict]:
        """The fault site's unreachable reports as absolute URLs, with the reason a crawl records."""
        root = root.rstrip("/")
        return [{"site": KEY, "url": root + u["path"], "title": u["title"], "reason": u["reason"],
                 "fault": u["fault"]} for u in self._unreachable]
