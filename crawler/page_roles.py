"""Words and shapes that tell what a page or link is on a government portal.

Kept apart from the spider so the rules can be read (and tested) on their own: which
link labels lead towards the 政府信息公开 area, which name the 年报 column, which URLs are
detail pages (domain.md §1.1, §1.3).
"""

from __future__ import annotations

import re

NAV_WORDS = ("政务公开", "政府信息公开", "信息公开", "公开目录", "法定主动公开", "政务信息公开")
# The column's display names (domain.md §1.1), matched on a label without a year in it.
COLUMN_LABEL = re.compile(r"(政府信息公开|政务公开|信息公开|政务信息公开)?(工作)?(年度报告|年报)(专栏)?$")
YEAR = re.compile(r"(19|20)\d{2}")
DETAIL_URL = re.compile(
    r"/t\d{8}_\w+\.s?html?$"  # TRS ./YYYYMM/tYYYYMMDD_id.html
    r"|/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$"  # Hanweb JCMS
    r"|/art/\d{4}/art_[0-9a-f]{32}\.html$"  # newer Zhejiang Hanweb
    r"|post_\d+\.html$"  # Guangdong NFCMS / gkmlpt
    r"|/info/\d+/\d+\.htm$"  # VSB
    r"|/[0-9a-f]{24,32}\.s?html?$"  # Xi'an / Shanghai / Suqian ids
    r"|Content-\d+\.html$",
    re.I,
)
BODY_CONTAINERS = (
    "div.TRS_Editor", "div.trs_editor_view", "#vsb_content", ".v_news_content", "#zoom",
    "div.article", "div.content", "#content", ".news_cont_d_wrap", "article",
)


def is_nav_label(label: str) -> bool:
    """A link label leading towards the 政务公开 / 政府信息公开 area."""
    return any(word in label for word in NAV_WORDS) and len(label) <= 20


def is_column_label(label: str) -> bool:
    """A label naming the 年报 column itself (政府信息公开年报 …), not one report."""
    label = re.sub(r"\s+", "", label)
    return bool(label) and len(label) <= 20 and not YEAR.search(label) and bool(COLUMN_LABEL.search(label))


def is_detail_url(url: str) -> bool:
    return bool(DETAIL_URL.search(url.split("?", 1)[0]))
