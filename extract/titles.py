"""Is a link or page title an annual report's? Which year, which agency? (for the crawler too)

Titles vary (domain.md §1.4): 年度报告 / 年报 / 工作报告 / 年度工作报告, "工作的年度报告",
"XX关于2021年…的", 政务信息公开 or bare 信息公开, spaces around the year, the year with or
without 度. Look-alikes share most of those words and must be rejected: the notices that
ask for reports (关于做好…年度报告编制发布工作的通知), 政务公开工作要点, 年报解读 / 图解,
企业年报, summary pages (年报汇总), 统计年报, 部门决算/预算, and the reviews, reminders and
replies written about reports (审核情况的通报, 整改情况, 留言回复) and the like.

A title without a year is not accepted: a column name such as "政府信息公开年报" is not one
report.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.labels import to_simplified

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DISCLOSURE = re.compile(r"(?:政府|政务)?信息公开|政务公开")
_REPORT = re.compile(r"年度报告|年报|工作报告|年度工作报告")
_REJECT = re.compile(
    r"通知|要点|解读|图解|图示|一图|读懂|企业年报|年报汇总|报告汇总|汇总|统计年报|决算|预算|编制|报送"
    r"|征集|公示|考核|评估|检查|督查|培训|会议|目录|指南|更正|勘误|说明会|英文|English|专栏|链接|的函|请示|批复"
    # reviews, reminders and replies about reports (tests/extract/data/titles_labelled.tsv)
    r"|通报|提醒|审核|审查|抽查|评议|整改|回复|留言|发布会|公告|提纲|编写|图说"
)
_SITE_SEPARATORS = re.compile(r"\s*(?:[-_|｜—]+|——)\s*")
_SITE_TAIL = re.compile(r"(?:人民政府|政府|门户|网站|网|官网|政务网|首页)$")
_AGENCY_TAIL = re.compile(r"(?:关于|的)$")


def _simplify(title: str) -> str:
    return re.sub(r"\s+", " ", to_simplified(title)).strip()


def strip_site_suffix(title: str) -> str:
    """Drop "-XX县人民政府门户网站"-style site names around a page title; keep the report part."""
    text = _simplify(title)
    parts = [p for p in _SITE_SEPARATORS.split(text) if p]
    if len(parts) <= 1:
        return text
    reportish = [p for p in parts if _REPORT.search(p) or _YEAR.search(p)]
    if reportish:
        return reportish[0]
    return next((p for p in parts if not _SITE_TAIL.search(p)), parts[0])


@lru_cache(maxsize=4096)
def is_report_title(title: str) -> bool:
    """True for the title of one government information disclosure annual report.

    Memoised: the crawler asks for every link label of every page, and a site's navigation
    and sidebars repeat the same labels on all of them.
    """
    text = strip_site_suffix(title).replace(" ", "")
    if not _YEAR.search(text) or not _DISCLOSURE.search(text) or not _REPORT.search(text):
        return False
    if _REJECT.search(text):
        return False
    disclosure = _DISCLOSURE.search(text)
    report = _REPORT.search(text)
    return bool(disclosure and report and disclosure.start() < report.start())


def report_year(title: str) -> int | None:
    """The year a report title names (the first ``YYYY年``), or None."""
    match = _YEAR.search(_simplify(title))
    return int(match.group(1)) if match else None


def agency_from_title(title: str) -> str | None:
    """The publishing body named before the year (or between year and 信息公开), or None."""
    text = strip_site_suffix(title).replace(" ", "")
    match = _YEAR.search(text)
    if not match:
        return None
    before = _AGENCY_TAIL.sub("", text[: match.start()]).strip(" ：:，,（(")
    if before:
        return before
    after = re.sub(r"^度", "", text[match.end() :])
    disclosure = _DISCLOSURE.search(after)
    agency = _AGENCY_TAIL.sub("", after[: disclosure.start()]).strip() if disclosure else ""
    return agency or None
