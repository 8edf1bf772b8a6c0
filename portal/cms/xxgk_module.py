"""The Hanweb xxgk 年报 module of Zhejiang portals: one report per (organisation, year).

domain.md §1.2 pattern 4 and §2.3: reports are not documents of a column but answers of
``/module/xxgk/xxgkAnnualReport.jsp?fbtime=<year>&area=<org code>`` (``fbtime`` = the
year reported on, ``area`` = the organisation's 18-digit unified code). The 信息公开年报
page is a form-like index: a query form (unit and year drop-downs) above a table with a
row per organisation and a cell per year whose link text is only "2023年度" — no title
anywhere on the index. The JSP renders whatever it is asked: a report's page (title in
``<h1>`` under ``div.title``, the body in ``#zoom``), a page pointing to an uploaded PDF
(``/module/download/downfile.jsp?classid=0&filename=<32 hex>.pdf``), or, for a pair that
has no report, the same template saying only 暂无年报 — with status 200.

This module knows those mechanics and nothing about any particular government.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import parse_qs, quote

from portal.cms.hanweb import DOWNLOAD_PATH, HTML_TYPE, SINCE, Attachment, HanwebLook, page, position
from portal.site import Request, Resource

ANNUAL_PATH = "/module/xxgk/xxgkAnnualReport.jsp"
MODULE_TITLE = "信息公开年报"  # the JSP's own <title>, whatever it shows


def annual_href(year: int, area: str) -> str:
    """The module address of one organisation's report of one year (the index links it as is)."""
    return f"{ANNUAL_PATH}?fbtime={year}&area={area}"


@dataclass
class AnnualEntry:
    """What the module shows for one (organisation, year): a report page, a PDF, or nothing.

    ``body_html`` is empty for the 暂无年报 answer; ``attachment`` is set when the report
    is published as an uploaded file (the page then only points to it).
    """

    title: str
    published: datetime
    body_html: str
    attachment: Attachment | None = None


@dataclass
class Organisation:
    """One row of the index: the name the index prints, the full name pages print, the code."""

    label: str
    name: str
    area: str
    group: str
    years: dict[int, AnnualEntry] = field(default_factory=dict)


def _index_form(orgs: list[Organisation], years: list[int]) -> str:
    units = "".join(f'<option value="{o.area}">{escape(o.label)}</option>' for o in orgs)
    choices = "".join(f'<option value="{y}">{y}年度</option>' for y in years)
    return (f'<div class="nb-search"><form action="{ANNUAL_PATH}" method="get" target="_blank">'
            f'<label>单位：<select name="area"><option value="">请选择单位</option>{units}</select></label>'
            f'<label>年度：<select name="fbtime">{choices}</select></label>'
            '<input type="submit" class="btn" value="查 看"></form></div>')


def index_body(orgs: list[Organisation], years: list[int]) -> str:
    """The 信息公开年报 page's content: the query form and the organisation × year table.

    A year an organisation has not published is an empty cell; a year that is linked but
    answers 暂无年报 is linked like any other (the index cannot tell).
    """
    head = "".join(f"<th>{y}</th>" for y in years)
    rows, group = [], None
    for org in orgs:
        if org.group != group:
            group = org.group
            rows.append(f'<tr class="nb-group"><td colspan="{len(years) + 1}">{escape(group)}</td></tr>')
        cells = "".join(f'<td><a href="{escape(annual_href(y, org.area))}" target="_blank">{y}年度</a></td>'
                        if y in org.years else "<td>&nbsp;</td>" for y in years)
        rows.append(f'<tr><td class="nb-org">{escape(org.label)}</td>{cells}</tr>')
    return (f'{_index_form(orgs, years)}<table class="nb-table" width="100%" cellspacing="0" cellpadding="0">'
            f'<tr><th width="28%">单位名称</th>{head}</tr>{"".join(rows)}</table>')


def _module_page(look: HanwebLook, crumbs: list[tuple[str, str]], org: Organisation | None, year: str,
                 entry: AnnualEntry | None) -> str:
    """The JSP's page: crumbs, heading, facts row, and the report (or 暂无年报)."""
    if entry is None or not (entry.body_html or entry.attachment):
        content = '<div class="nb-empty"><p>暂无年报</p></div>'
        heading = ""
    else:
        content = f'<div id="zoom">{entry.body_html}</div>'
        heading = f"<h1>{escape(entry.title)}</h1>"
    facts = ""
    if org is not None:
        when = f"{entry.published:%Y-%m-%d}" if entry is not None and heading else ""
        facts = (f'<table class="nb-info"><tr><td>发布机构：</td><td>{escape(org.name)}</td><td>年度：</td>'
                 f"<td>{escape(year)}</td></tr><tr><td>发布日期：</td><td>{when}</td><td>公开方式：</td>"
                 "<td>主动公开</td></tr></table>")
    unit = [(org.label, "")] if org is not None else []
    body = (f'{position(crumbs + unit)}<div class="nb-detail"><div class="title">{heading}</div>{facts}'
            f"{content}</div>")
    return page(look, MODULE_TITLE, body)


class AnnualModule:
    """The module's endpoints, which are not files: the report JSP and the download servlet."""

    def __init__(self, look: HanwebLook, crumbs: list[tuple[str, str]], orgs: list[Organisation]) -> None:
        self.look = look
        self.crumbs = crumbs
        self.orgs = {org.area: org for org in orgs}
        self.files = {entry.attachment.key: (entry.attachment, entry.published)
                      for org in orgs for entry in org.years.values() if entry.attachment is not None}

    def __call__(self, request: Request) -> Resource | None:
        if request.path == ANNUAL_PATH and request.method in ("GET", "HEAD"):
            return self.annual(request)
        if request.path == DOWNLOAD_PATH:
            return self.download(request)
        return None

    def annual(self, request: Request) -> Resource:
        """The page for ``fbtime``/``area``; any pair without a report gets 暂无年报 (status 200)."""
        query = {k: v[-1] for k, v in parse_qs(request.query).items()}
        org = self.orgs.get(query.get("area", ""))
        year = query.get("fbtime", "")
        entry = org.years.get(int(year)) if org is not None and year.isdigit() else None
        html = _module_page(self.look, self.crumbs, org, year, entry)
        modified = entry.published if entry is not None else SINCE
        return Resource(html.encode("utf-8"), HTML_TYPE, modified)

    def download(self, request: Request) -> Resource:
        """The uploaded file, named in ``Content-Disposition`` by RFC 8187 (UTF-8, percent-encoded)."""
        key = parse_qs(request.query).get("filename", [""])[-1].removesuffix(".pdf")
        found = self.files.get(key)
        if found is None:
            return Resource("<html><body>文件不存在！</body></html>".encode(), HTML_TYPE, SINCE, status=404)
        att, when = found
        disposition = f"attachment; filename*=UTF-8''{quote(att.name)}"
        return Resource(att.data, "application/octet-stream", when, headers=(("Content-Disposition", disposition),))


def pdf_href(att: Attachment) -> str:
    """The download address of an uploaded PDF (the key keeps its extension, as Zhejiang's do)."""
    return f"{DOWNLOAD_PATH}?classid=0&filename={att.key}.pdf"
