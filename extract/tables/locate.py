"""Which of a document's tables is section 二, 三 or 四 — by their labels, not their place.

Section headings are unreliable (numbering errors, headings inside the table, PDF tables
without headings), so each grid is classified by the template words it contains. A grid
with too few words of its own (the second half of a table split by a page break, or the
lone number row of table 四 printed under a separate header table) continues the class of
the table just before it, provided nothing but a few non-heading lines stands between
them. All grids of one class are merged, in order, into one :class:`LogicalTable`.
"""

from __future__ import annotations

from extract.document import Document
from extract.labels import label_key
from extract.sections import heading_section
from extract.tables.common import LogicalTable

SECTION_WORDS: dict[str, list[str]] = {
    "t2": ["信息内容", "第二十条", "规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "事业性收费",
           "制发件数", "处理决定数量", "新制作数量", "集中采购"],
    "t3": ["申请人情况", "自然人", "商业企业", "科研机构", "本年新收", "上年结转", "予以公开", "不予公开",
           "无法提供", "不予处理", "结转下年"],
    "t4": ["行政复议", "行政诉讼", "结果维持", "结果纠正", "尚未审结", "未经复议", "复议后起诉"],
}
MIN_WORDS = 3
MAX_LINES_BETWEEN_PARTS = 3
ORIGIN_STRIDE = 1_000_000


def classify_grid(grid: list[list[str | None]]) -> str | None:
    """``"t2"``/``"t3"``/``"t4"`` when the grid carries enough of one section's words."""
    text = "".join([label_key(cell) for row in grid for cell in row if cell])
    scores = {section: sum(1 for word in words if word in text) for section, words in SECTION_WORDS.items()}
    best = max(scores, key=lambda s: scores[s])
    return best if scores[best] >= MIN_WORDS else None


def locate_tables(doc: Document) -> tuple[dict[str, LogicalTable], list[list[list[str | None]]]]:
    """Logical tables by section, and the grids that belong to none (kept for legacy rows)."""
    tables: dict[str, LogicalTable] = {}
    others: list[list[list[str | None]]] = []
    previous: str | None = None
    lines_since_table = 0
    for index, block in enumerate(doc.blocks):
        if block.grid is None:
            text = block.text or ""
            if heading_section(text) is not None:
                previous = None
            elif text.strip():
                lines_since_table += 1
                if lines_since_table > MAX_LINES_BETWEEN_PARTS:
                    previous = None
            continue
        section = classify_grid(block.grid) or previous
        lines_since_table = 0
        if section is None:
            others.append(block.grid)
            continue
        table = tables.setdefault(
            section, LogicalTable(aligned=doc.columns_aligned, run_together=doc.cells_run_together)
        )
        table.add_grid(block.grid, block.origins, offset=index * ORIGIN_STRIDE)
        previous = section
    return tables, others
