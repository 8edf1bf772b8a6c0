"""What 青溪县人民政府 publishes in its 政府信息公开年报 column: the plan, as data.

青溪县 (云湖市) is a made-up county; its portal runs TRS WCM (see ``trs_county``). This
module only decides *which* reports and look-alikes appear in which year/category
column, under which titles and dates, and with which rendering quirks. Every content
file is published once under its own agency (its truth hand-checked); the remaining
departments and townships re-issue content files through :func:`portal.catalog.derive`
so that the 2024 部门 column is long enough to need three list pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.catalog import content_ids, derive, load, original, template_for_year

COUNTY = "青溪县"

# 2024 部门: a county's usual line-up (名称 as they sign their reports).
DEPARTMENTS = [
    "发展和改革局", "教育体育局", "科学技术和工业信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
    "商务局", "文化和旅游局", "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局",
    "统计局", "医疗保障局", "林业局", "行政审批局", "信访局", "城市管理综合执法局", "乡村振兴局",
    "数据资源管理局",
]
TOWNSHIPS = ["城关镇", "青石镇", "溪口镇", "白沙乡", "杨柳乡", "东岭乡", "龙潭镇", "桥头街道"]

# How many derived reports each (year, category) column gets besides the originals.
VOLUME = {2024: (28, 8), 2023: (9, 4), 2022: (6, 3), 2021: (4, 2), 2020: (4, 2), 2019: (3, 2)}

# Title forms seen in the wild (domain.md §1.4); the plain form is the commonest.
TITLE_FORMS = [
    "{a}{y}年政府信息公开工作年度报告",
    "{a}{y}年度政府信息公开工作年度报告",
    "{a}{y}年政府信息公开工作年度报告",
    "{a}{y}年政府信息公开工作的年度报告",
    "{a} {y} 年政府信息公开工作年度报告",
    "{a}{y}年政府信息公开工作年度报告",
    "{a}{y}年政府信息公开工作报告",
    "{a}关于{y}年政府信息公开年度工作报告",
]

# Content files published as themselves: id → (category, how it is published).
ORIGINALS = {
    "sample_000": ("bm", "html"),
    "sample_001": ("xzjd", "html"),
    "sample_002": ("bm", "html"),
    "sample_003": ("bm", "html"),
    "own_2019_bureau": ("bm", "html"),
    "own_2019_county": ("bm", "html-gb2312"),
    "own_2021_inconsistent": ("bm", "html-split-labels"),
    "own_2021_placeholders": ("bm", "html"),
    "own_2021_township": ("xzjd", "pdf"),
    "own_2022_township": ("xzjd", "html"),
    "own_2023_bureau": ("bm", "html-page-split"),
}

# Short names a source uses for itself, rewritten together with its agency when derived.
ALIASES = {"sample_001": ["二台乡"], "own_2021_township": ["城关镇"], "own_2022_township": ["新华街道"]}
TOWNSHIP_SOURCES = {"sample_001", "own_2021_township", "own_2022_township"}


@dataclass
class Entry:
    """One report to publish: the content (already derived) and how to render it."""

    report: dict
    category: str  # "bm" | "xzjd" | "wnnb"
    mode: str = "html"  # html | html-gb2312 | html-split-labels | html-page-split | pdf


@dataclass
class NoiseDoc:
    """A non-report item filed in a report column."""

    year: int  # the year column it is filed in
    category: str
    title: str
    published: str  # "YYYY-MM-DD"
    paragraphs: list[str] = field(default_factory=list)


NOISE = [
    NoiseDoc(2024, "bm", "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", "2025-01-06", [
        "各乡镇人民政府、街道办事处，县政府各部门：",
        "根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室关于年度报告格式的要求，"
        "现就做好2024年度政府信息公开工作年度报告编制发布工作通知如下：",
        "一、各单位应于2025年1月31日前在县政府门户网站“政府信息公开年报”栏目发布本单位年度报告。",
        "二、年度报告须严格按照统一格式编制，表格数据应当准确，第三部分表格须满足勾稽关系。",
        "三、县政务公开办将对各单位年度报告发布情况进行检查，并纳入年度政务公开考核。",
        "青溪县人民政府办公室", "2025年1月6日",
    ]),
    NoiseDoc(2024, "bm", "青溪县2024年政务公开工作要点", "2024-04-12", [
        "为深入贯彻落实国家和省、市关于全面推进政务公开工作的部署，结合我县实际，制定本要点。",
        "一、围绕稳经济促发展加强政策发布解读。二、围绕保障和改善民生加强信息公开。三、强化政府信息管理和平台建设。",
        "各单位要将政府信息公开工作年度报告按时编制发布情况作为重点任务抓好落实。",
    ]),
    NoiseDoc(2024, "bm", "图解：青溪县2024年度政府信息公开工作年度报告解读", "2025-02-10", [
        "一图读懂青溪县2024年度政府信息公开工作年度报告。",
        "2024年，全县主动公开政府信息3000余条，依法办理政府信息公开申请，政务公开专区服务群众超过5000人次。",
        "年度报告全文请查阅“政府信息公开年报”栏目。",
    ]),
]


def _published(year: int, i: int) -> str:
    """A January/February date of the following year, spread over the month."""
    day = 3 + (i * 5) % 26
    month = 1 if i % 6 else 2
    return f"{year + 1}-{month:02d}-{min(day, 28):02d}"


def _sources(template: str, township: bool) -> list[str]:
    ids = [c for c in content_ids() if load(c)["template"] == template]
    picked = [c for c in ids if (c in TOWNSHIP_SOURCES) == township]
    return picked or ids


def _derived(year: int, category: str, count: int, start: int, taken: set[str]) -> list[Entry]:
    """``count`` re-issued reports by county bodies that have no report of ``year`` yet."""
    township = category == "xzjd"
    names = TOWNSHIPS if township else DEPARTMENTS
    sources = _sources(template_for_year(year), township)
    rotated = names[year % len(names):] + names[:year % len(names)]
    free = [n for n in rotated if not any(n in a for a in taken)][:count]
    entries = []
    for i, short in enumerate(free):
        k = start + i
        agency = f"{COUNTY}{short}" + ("人民政府" if township and not short.endswith("街道") else "")
        if short.endswith("街道"):
            agency += "办事处"
        source = load(sources[k % len(sources)])
        title_agency = f"{COUNTY}{short}" if township else agency
        title = TITLE_FORMS[k % len(TITLE_FORMS)].format(a=title_agency, y=year)
        report = derive(source, agency=agency, title=title, published=_published(year, k), year=year,
                        suffix=f"{COUNTY}{short}{year}", aliases={a: short for a in ALIASES.get(source["id"], [])})
        mode = "html-split-labels" if k % 9 == 4 else "html"
        entries.append(Entry(report, category, mode))
    return entries


def plan() -> dict[int, list[Entry]]:
    """Every report of the 年报 column, by report year (legacy years go to 往年年报)."""
    by_year: dict[int, list[Entry]] = {}
    for cid, (category, mode) in ORIGINALS.items():
        if cid in content_ids():
            report = original(cid)
            by_year.setdefault(report["year"], []).append(Entry(report, category, mode))
    for cid in content_ids():
        report = load(cid)
        if report["template"] == "legacy" and cid not in ORIGINALS:
            by_year.setdefault(report["year"], []).append(Entry(original(cid), "wnnb", "html-gb2312"))
    for year, (n_bm, n_xz) in VOLUME.items():
        entries = by_year.setdefault(year, [])
        taken = {e.report["agency"] for e in entries}
        entries += _derived(year, "bm", n_bm, year * 7, taken) + _derived(year, "xzjd", n_xz, year * 3, taken)
    return by_year
