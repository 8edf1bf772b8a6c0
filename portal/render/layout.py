"""The national templates' tables as a neutral layout, shared by every renderer.

The 2019 (国办公开办函〔2019〕60号) and 2021 (国办公开办函〔2021〕30号) templates print
sections 二, 三 and 四 as fixed tables (domain.md §3.2–3.5). HTML, PDF, DOCX, XLSX and DOC
renderers must all print *the same* structure — caption rows, the 3-row header of 三 with
its rowspans, 本年度办理结果 spanning 20/22 rows, the 15-column header of 四 — so it is
described once here, as rows of :class:`Cell` with rowspan/colspan, and each renderer only
decides how a cell looks. A number cell carries its spec code (report-schema.md) and the
printed text ``raw_cells[code]``; a code absent from ``raw_cells`` prints as blank.

Rows list only the cells that *start* in that row (as HTML ``<tr>`` does): positions
covered by a rowspan from above are not repeated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SECTION_HEADINGS: dict[str, str] = {
    "s1": "一、总体情况",
    "s2": "二、主动公开政府信息情况",
    "s3": "三、收到和处理政府信息公开申请情况",
    "s4": "四、政府信息公开行政复议、行政诉讼情况",
    "s5": "五、存在的主要问题及改进情况",
    "s6": "六、其他需要报告的事项",
}


@dataclass
class Cell:
    """One printed table cell; ``code`` is set on number cells only."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    code: str | None = None


@dataclass
class Table:
    """One template table: ``section`` is ``"s2"``, ``"s3"`` or ``"s4"``."""

    section: str
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Number of grid columns (the first row always spans the full width)."""
        return sum(c.colspan for c in self.rows[0]) if self.rows else 0

    def codes(self) -> list[str]:
        """Cell codes in printed (row-major) order."""
        return [c.code for row in self.rows for c in row if c.code]


# ---- section 二 ---------------------------------------------------------------------------

_S2_2021: list[tuple[str, list[str], list[tuple[str, str, list[str]]]]] = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], [
        ("规章", "t2.rules", ["issued", "repealed", "in_force"]),
        ("行政规范性文件", "t2.normative", ["issued", "repealed", "in_force"]),
    ]),
    ("第二十条第（五）项", ["本年处理决定数量"], [
        ("行政许可", "t2.licensing", ["decisions"]),
    ]),
    ("第二十条第（六）项", ["本年处理决定数量"], [
        ("行政处罚", "t2.penalty", ["decisions"]),
        ("行政强制", "t2.coercion", ["decisions"]),
    ]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [
        ("行政事业性收费", "t2.fees", ["amount"]),
    ]),
]

_S2_2019: list[tuple[str, list[str], list[tuple[str, str, list[str]]]]] = [
    ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], [
        ("规章", "t2.rules", ["new_made", "new_published", "total_published"]),
        ("规范性文件", "t2.normative", ["new_made", "new_published", "total_published"]),
    ]),
    ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], [
        ("行政许可", "t2.licensing", ["prev_items", "change", "decisions"]),
        ("其他对外管理服务事项", "t2.other_services", ["prev_items", "change", "decisions"]),
    ]),
    ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], [
        ("行政处罚", "t2.penalty", ["prev_items", "change", "decisions"]),
        ("行政强制", "t2.coercion", ["prev_items", "change", "decisions"]),
    ]),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [
        ("行政事业性收费", "t2.fees", ["prev_items", "change"]),
    ]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [
        ("政府集中采购", "t2.procurement", ["items", "amount"]),
    ]),
]

_S2_VALUE_COLUMNS = 3  # both templates: a label column plus three value columns


def _spread(count: int) -> list[int]:
    """Colspans that stretch ``count`` cells over the three value columns (last one widest)."""
    return [1] * (count - 1) + [_S2_VALUE_COLUMNS - count + 1]


def _section2(raw: dict[str, str], template: str) -> Table:
    blocks = _S2_2019 if template == "2019" else _S2_2021
    rows: list[list[Cell]] = []
    for caption, headers, data_rows in blocks:
        rows.append([Cell(caption, colspan=1 + _S2_VALUE_COLUMNS, header=True)])
        spans = _spread(len(headers))
        rows.append([Cell("信息内容", header=True)]
                    + [Cell(h, colspan=s, header=True) for h, s in zip(headers, spans, strict=True)])
        for label, prefix, fields in data_rows:
            codes = [f"{prefix}.{f}" for f in fields]
            rows.append([Cell(label)] + [Cell(raw.get(c, ""), colspan=s, code=c)
                                         for c, s in zip(codes, _spread(len(codes)), strict=True)])
    return Table("s2", rows)


# ---- section 三 ---------------------------------------------------------------------------

APPLICANT_COLUMNS: list[tuple[str, str]] = [
    ("natural", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"),
    ("social", "社会公益组织"), ("legal", "法律服务机构"), ("other", "其他"), ("total", "总计"),
]

S3_CAPTION = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# (group label or None, item label, row code); groups are printed with a rowspan over their items.
_DENIED = [
    ("1.属于国家秘密", "denied_secret"), ("2.其他法律行政法规禁止公开", "denied_law"),
    ("3.危及“三安全一稳定”", "denied_safety"), ("4.保护第三方合法权益", "denied_third_party"),
    ("5.属于三类内部事务信息", "denied_internal"), ("6.属于四类过程性信息", "denied_process"),
    ("7.属于行政执法案卷", "denied_enforcement"), ("8.属于行政查询事项", "denied_inquiry"),
]
_UNABLE = [
    ("1.本机关不掌握相关政府信息", "unable_not_held"), ("2.没有现成信息需要另行制作", "unable_needs_creation"),
    ("3.补正后申请内容仍不明确", "unable_unclear"),
]
_REJECTED = [
    ("1.信访举报投诉类申请", "rejected_petition"), ("2.重复申请", "rejected_repeated"),
    ("3.要求提供公开出版物", "rejected_publication"), ("4.无正当理由大量反复申请", "rejected_excessive"),
    ("5.要求行政机关确认或重新出具已获取信息", "rejected_confirm"),
]
_OTHER_2021 = [
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_no_correction"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_no_fee"),
    ("3.其他", "other_other"),
]

RESULTS_LABEL = "三、本年度办理结果"


def uses_split_other(report: dict) -> bool:
    """True when （六）其他处理 is printed as three rows (2021) rather than one (2019).

    A 2021-template report that kept the single 2019 row (seen in the wild) is recognised
    by its raw cells: it has ``t3.other.*`` and no ``t3.other_other.*``.
    """
    raw = report.get("raw_cells", {})
    if report.get("template") == "2019":
        return False
    return not (any(k.startswith("t3.other.") for k in raw)
                and not any(k.startswith("t3.other_other.") for k in raw))


def result_groups(split_other: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    """The 本年度办理结果 block as (group label, [(item label, row code)]).

    A group with an empty item label is a single row whose label spans both label columns.
    """
    other = [("（六）其他处理", _OTHER_2021)] if split_other else [("（六）其他处理", [("", "other")])]
    return [
        ("（一）予以公开", [("", "granted")]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("", "partial")]),
        ("（三）不予公开", _DENIED),
        ("（四）无法提供", _UNABLE),
        ("（五）不予处理", _REJECTED),
        *other,
        ("（七）总计", [("", "total")]),
    ]


def applicant_cells(raw: dict[str, str], row_code: str) -> list[Cell]:
    """The seven number cells of row ``row_code`` of table 三, in printed column order."""
    return [Cell(raw.get(f"t3.{row_code}.{col}", ""), code=f"t3.{row_code}.{col}") for col, _ in APPLICANT_COLUMNS]


def section3_header() -> list[list[Cell]]:
    """The three header rows of table 三 (caption cell, 申请人情况, 法人或其他组织)."""
    return [
        [Cell(S3_CAPTION, rowspan=3, colspan=3, header=True), Cell("申请人情况", colspan=7, header=True)],
        [Cell("自然人", rowspan=2, header=True), Cell("法人或其他组织", colspan=5, header=True),
         Cell("总计", rowspan=2, header=True)],
        [Cell(label, header=True) for _, label in APPLICANT_COLUMNS[1:6]],
    ]


def section3_result_rows(raw: dict[str, str], split_other: bool) -> list[list[Cell]]:
    """The rows under 三、本年度办理结果 without the outer label cell (renderers prepend it)."""
    rows: list[list[Cell]] = []
    for group, items in result_groups(split_other):
        if len(items) == 1 and not items[0][0]:
            rows.append([Cell(group, colspan=2)] + applicant_cells(raw, items[0][1]))
            continue
        for i, (label, code) in enumerate(items):
            lead = [Cell(group, rowspan=len(items))] if i == 0 else []
            rows.append(lead + [Cell(label)] + applicant_cells(raw, code))
    return rows


def _section3(report: dict) -> Table:
    raw = report.get("raw_cells", {})
    results = section3_result_rows(raw, uses_split_other(report))
    results[0].insert(0, Cell(RESULTS_LABEL, rowspan=len(results)))
    rows = section3_header()
    rows.append([Cell("一、本年新收政府信息公开申请数量", colspan=3)] + applicant_cells(raw, "new"))
    rows.append([Cell("二、上年结转政府信息公开申请数量", colspan=3)] + applicant_cells(raw, "carryover"))
    rows.extend(results)
    rows.append([Cell("四、结转下年度继续办理", colspan=3)] + applicant_cells(raw, "carried_forward"))
    return Table("s3", rows)


# ---- section 四 ---------------------------------------------------------------------------

S4_GROUPS = ["review", "suit_direct", "suit_after_review"]
S4_OUTCOMES: list[tuple[str, str]] = [
    ("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"), ("total", "总计"),
]


def _section4(raw: dict[str, str]) -> Table:
    outcome_cells = [Cell(label, header=True) for _, label in S4_OUTCOMES]
    rows = [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [Cell(label, rowspan=2, header=True) for _, label in S4_OUTCOMES]
        + [Cell("未经复议直接起诉", colspan=5, header=True), Cell("复议后起诉", colspan=5, header=True)],
        outcome_cells + [Cell(c.text, header=True) for c in outcome_cells],
        [Cell(raw.get(f"t4.{g}.{o}", ""), code=f"t4.{g}.{o}") for g in S4_GROUPS for o, _ in S4_OUTCOMES],
    ]
    return Table("s4", rows)


def report_tables(report: dict) -> list[Table]:
    """The tables of sections 二, 三, 四 as the report's template prints them.

    A ``legacy`` (pre-2019) report has no template tables and yields ``[]``; its own
    indicator rows are in ``report["legacy_rows"]`` (see :func:`legacy_table`).
    """
    template = report.get("template")
    if template not in ("2019", "2021"):
        return []
    raw = report.get("raw_cells", {})
    return [_section2(raw, template), _section3(report), _section4(raw)]


def legacy_table(report: dict) -> Table | None:
    """A pre-2019 report's statistics 附表 as a plain table, or None when it has none.

    ``legacy_rows`` are dicts whose keys are the column headings; the first row's key
    order decides the column order. The table's ``section`` is ``"legacy"``.
    """
    rows = report.get("legacy_rows") or []
    if not rows:
        return None
    keys = list(rows[0].keys())
    for row in rows[1:]:
        keys += [k for k in row if k not in keys]
    table = Table("legacy", [[Cell(k, header=True) for k in keys]])
    table.rows += [[Cell(str(row.get(k, ""))) for k in keys] for row in rows]
    return table
