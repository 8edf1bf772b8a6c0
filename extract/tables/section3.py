"""Section 三 (收到和处理政府信息公开申请情况): 25 (or 23) rows × 7 columns, by label.

Rows are named by their own label — the most specific label cell of the row (``2.其他法律
行政法规禁止公开``, not the group label ``三、本年度办理结果`` that a rowspan repeats, or
that a page split prints twice). Columns are found in the header rows by their labels
(自然人, 商业企业 … 总计):

- when the grid's columns are real, each value is read from the column its header cell
  covers, so blank cells (many bodies write zero as blank) stay in their columns;
- when they are not (a flattened table), every one of the seven labels must still be in
  the header; the row's value cells are then read in the template's column order, which
  a flattening keeps, and only when there are exactly seven of them;
- a run of digits whose boundaries were lost is cut only if exactly one cut makes the
  row's 总计 equal to the sum of its parts.

No header, no values: the cells stay missing and the table is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extract.codes import T3_COLUMNS, T3_OTHER_SINGLE, T3_OTHER_THREE
from extract.tables.common import (
    Cell,
    Extraction,
    LogicalTable,
    fit_values,
    row_cells,
    split_labels,
    value_in_band,
)
from extract.tables.split import split_run

_COLUMN_RE = re.compile(
    r"(?P<natural>自然人)|(?P<commercial>商业企业)|(?P<research>科研机构)|(?P<social>社会公益组织)"
    r"|(?P<legal>法律服务机构)|(?P<other>其他(?!组织))|(?P<total>总计)"
)
_GROUP_WORDS = re.compile(r"法人或其他组织|申请人情况")

ROWS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern))
    for name, pattern in [
        ("carried_forward", r"结转下年"),
        ("carryover", r"上年结转"),
        ("new", r"本年新收"),
        ("partial", r"部分公开"),
        ("granted", r"予以公开"),
        ("denied_secret", r"国家秘密"),
        ("denied_law", r"法律行政法规禁止|其他法律"),
        ("denied_safety", r"三安全一稳定"),
        ("denied_third_party", r"第三方"),
        ("denied_internal", r"内部事务"),
        ("denied_process", r"过程性"),
        ("denied_enforcement", r"执法案卷"),
        ("denied_inquiry", r"查询事项"),
        ("unable_not_held", r"不掌握"),
        ("unable_needs_creation", r"另行制作|没有现成"),
        ("unable_unclear", r"不明确"),
        ("rejected_petition", r"信访|举报投诉"),
        ("rejected_repeated", r"重复申请"),
        ("rejected_publication", r"出版物"),
        ("rejected_excessive", r"大量反复"),
        ("rejected_confirm", r"重新出具|确认"),
        ("other_no_correction", r"不补正"),
        ("other_no_fee", r"缴纳费用|收费通知"),
        ("other", r"其他处理$"),
        ("other_other", r"其他$"),
        ("total", r"总计$|合计$"),
    ]
]
_ROW_SUM = [(6, [0, 1, 2, 3, 4, 5])]


@dataclass
class Section3Result:
    extraction: Extraction = field(default_factory=Extraction)
    other_layout: str | None = None  # "three" (2021) | "single" (2019) | None
    rows_seen: list[str] = field(default_factory=list)


def row_name(labels: list[Cell]) -> str | None:
    """The row code for a row's label cells: its own label first, then all labels together."""
    return _row_name(tuple(cell.key for cell in labels))


@lru_cache(maxsize=4096)
def _row_name(keys: tuple[str, ...]) -> str | None:
    """:func:`row_name` of the label keys (memoised: every report spells the same few dozen rows)."""
    candidates = [keys[-1]] if keys else []
    candidates.append("".join(keys))
    for key in candidates:
        for name, pattern in ROWS:
            if pattern.search(key):
                return name
    return None


def _column_tokens(cells: list[Cell]) -> list[tuple[str, Cell, int]]:
    """(column, header cell, number of column words in that cell) for each column word.

    A cell counts only if it holds nothing but column words (and the group words above
    them), so a row label such as ``2.其他法律行政法规禁止公开`` is never read as 其他.
    """
    tokens: list[tuple[str, Cell, int]] = []
    for cell in cells:
        found = _column_words(cell.key)
        tokens.extend((name, cell, len(found)) for name in found)
    return tokens


@lru_cache(maxsize=4096)
def _column_words(key: str) -> tuple[str, ...]:
    """The column words of a label key that holds nothing else (and group words); else none."""
    key = _GROUP_WORDS.sub("", key)
    found = tuple(m.lastgroup or "" for m in _COLUMN_RE.finditer(key))
    return found if found and not _COLUMN_RE.sub("", key) else ()


def _column_bands(tokens: list[tuple[str, Cell, int]]) -> dict[str, tuple[int, int]] | None:
    """Each column's grid columns, if the header gives each of the seven one cell of its own."""
    bands: dict[str, tuple[int, int]] = {}
    for name, cell, words in tokens:
        if words != 1 or name in bands:
            return None
        bands[name] = (cell.start, cell.end)
    if set(bands) != set(T3_COLUMNS):
        return None
    spans = sorted(bands.values())
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:], strict=False)):
        return None
    return bands


def map_section3(table: LogicalTable) -> Section3Result:
    result = Section3Result()
    out = result.extraction
    tokens: list[tuple[str, Cell, int]] = []
    header_width: int | None = None
    for r in range(len(table.rows)):
        cells = row_cells(table, r)
        labels, values = split_labels(cells)
        row_tokens = _column_tokens(labels)
        if row_tokens and all(not v.text for v in values):
            tokens.extend(row_tokens)
            header_width = len(table.rows[r])
            continue
        name = row_name(labels)
        if name is None or not values:
            continue
        result.rows_seen.append(name)
        if {t[0] for t in tokens} != set(T3_COLUMNS):
            out.flag("no_header:t3")
            continue
        bands = _column_bands(tokens) if table.aligned and len(table.rows[r]) == header_width else None
        if bands is not None:
            _read_by_columns(out, name, cells, bands)
        else:
            _read_in_order(out, name, values, table.run_together)
    layout_rows = set(result.rows_seen)
    if layout_rows & set(T3_OTHER_THREE):
        result.other_layout = "three"
        if layout_rows & set(T3_OTHER_SINGLE):
            out.flag("mixed_other_rows:t3")
    elif layout_rows & set(T3_OTHER_SINGLE):
        result.other_layout = "single"
    return result


def _read_by_columns(out: Extraction, name: str, cells: list[Cell], bands: dict[str, tuple[int, int]]) -> None:
    for column in T3_COLUMNS:
        found = value_in_band(cells, bands[column])
        code = f"t3.{name}.{column}"
        if found == "conflict":
            out.flag(f"ambiguous_cell:{code}")
        elif isinstance(found, Cell):
            out.put(code, found.text)


def _read_in_order(out: Extraction, name: str, values: list[Cell], run_together: bool) -> None:
    fitted = fit_values(values, len(T3_COLUMNS))
    if fitted is not None:
        for column, cell in zip(T3_COLUMNS, fitted, strict=True):
            out.put(f"t3.{name}.{column}", cell.text)
        return
    if run_together and len(values) == 1:
        solutions = split_run(values[0].text, ["count"] * len(T3_COLUMNS), _ROW_SUM)
        if len(solutions) == 1:
            for column, part in zip(T3_COLUMNS, solutions[0], strict=True):
                out.put(f"t3.{name}.{column}", part)
            return
        out.flag(f"ambiguous_split:t3.{name}={values[0].text}")
        return
    out.flag(f"unmatched_row:t3.{name}")
