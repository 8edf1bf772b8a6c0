"""Section 二 (主动公开政府信息情况): rows and columns found by their labels.

The table is a sequence of blocks: a caption row (第二十条第（一）项), a header row
(信息内容 | 本年制发件数 | …) and data rows (规章 | 0 | 0 | 0). Each header row sets the
fields of the data rows under it; a data row's values are matched to those fields

1. in printed order, when the row has as many value cells as the header has fields
   (this survives Shanghai's 5-column grids for 4 logical columns, where ``colspan=2``
   moves from row to row, and flattened rows whose span fillers trail the row);
2. else by column overlap, when the grid's columns are real;
3. else, for a run of digits whose cell boundaries were lost, by the only cut possible.

Anything else leaves the cells missing and flags the row. The codes are built from the
labels (``t2.<row>.<field>``) and must be codes of the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.codes import ALL_T2, kind_of
from extract.tables.common import Cell, Extraction, LogicalTable, fit_values, row_cells, split_labels
from extract.tables.split import split_run
from extract.template import section2_template

# Column header words → field; earlier entries win (上一年项目数量 before 项目数量).
FIELDS: list[tuple[str, str]] = [
    ("issued", r"制发件数|本年制发"),
    ("repealed", r"废止件数|本年废止"),
    ("in_force", r"现行有效"),
    ("new_made", r"新制作"),
    ("new_published", r"新公开"),
    ("total_published", r"对外公开总|公开总数"),
    ("prev_items", r"上一年项目|上年项目"),
    ("change", r"增减"),
    ("decisions", r"处理决定"),
    ("amount", r"收费金额|采购总金额|总金额"),
    ("items", r"采购项目数|项目数量"),
]
_FIELD_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in FIELDS))

# Row label words → row; matched against the key of the row's label cells.
ROWS: list[tuple[str, re.Pattern[str]]] = [
    ("other_services", re.compile(r"其他对外管理服务")),
    ("normative", re.compile(r"规范性文件")),
    ("rules", re.compile(r"规章")),
    ("licensing", re.compile(r"行政许可")),
    ("penalty", re.compile(r"行政处罚")),
    ("coercion", re.compile(r"行政强制")),
    ("fees", re.compile(r"事业性收费")),
    ("procurement", re.compile(r"集中采购")),
]


@dataclass
class HeaderField:
    name: str
    cell: Cell
    unit: str | None


@dataclass
class Section2Result:
    extraction: Extraction = field(default_factory=Extraction)
    template: str | None = None
    codes_seen: set[str] = field(default_factory=set)


def _header_fields(cells: list[Cell]) -> list[HeaderField]:
    fields: list[HeaderField] = []
    for cell in cells:
        for match in _FIELD_RE.finditer(cell.key):
            name = match.lastgroup or ""
            unit = None
            if name == "amount" and "元" in cell.key:
                unit = "万元" if "万元" in cell.key else "元"
            fields.append(HeaderField(name, cell, unit))
    return fields


def _row_name(labels: list[Cell]) -> str | None:
    for cell in reversed(labels):
        for name, pattern in ROWS:
            if pattern.search(cell.key):
                return name
    return None


def _by_overlap(fields: list[HeaderField], values: list[Cell]) -> dict[int, Cell | None]:
    """Field index → its one value cell, by grid-column overlap; None where cells disagree."""
    assigned: dict[int, list[Cell]] = {}
    for value in values:
        overlaps = [
            (min(value.end, f.cell.end) - max(value.start, f.cell.start) + 1, i) for i, f in enumerate(fields)
        ]
        best = max(overlaps, default=(0, -1))
        if best[0] <= 0 or sum(1 for o in overlaps if o[0] == best[0]) > 1:
            continue
        assigned.setdefault(best[1], []).append(value)
    result: dict[int, Cell | None] = {}
    for i, cells in assigned.items():
        printed = [c for c in cells if c.text]
        result[i] = printed[0] if len(printed) == 1 else (cells[0] if not printed else None)
    return result


def map_section2(table: LogicalTable) -> Section2Result:
    result = Section2Result()
    out = result.extraction
    fields: list[HeaderField] = []
    field_names_seen: set[str] = set()
    for r in range(len(table.rows)):
        cells = row_cells(table, r)
        labels, values = split_labels(cells)
        header = _header_fields(labels)
        if header:
            fields = header
            field_names_seen.update(f.name for f in header)
            continue
        row = _row_name(labels)
        if row is None or not values:
            continue
        codes = [f"t2.{row}.{f.name}" for f in fields]
        result.codes_seen.update(c for c in codes if c in ALL_T2)
        if not fields:
            out.flag(f"no_header:t2.{row}")
            continue
        fitted = fit_values(values, len(fields))
        if fitted is not None:
            for code, header_field, value in zip(codes, fields, fitted, strict=True):
                _put(out, code, value.text, header_field.unit)
        elif table.run_together and len(values) == 1:
            _put_split(out, row, codes, fields, values[0].text)
        elif table.aligned:
            for i, value_cell in _by_overlap(fields, values).items():
                if value_cell is None:
                    out.flag(f"ambiguous_cell:{codes[i]}")
                else:
                    _put(out, codes[i], value_cell.text, fields[i].unit)
        else:
            out.flag(f"unmatched_row:t2.{row}")
    result.template = section2_template(field_names_seen, result.codes_seen)
    return result


def _put(out: Extraction, code: str, raw: str, unit: str | None) -> None:
    if code not in ALL_T2:
        out.flag(f"unexpected_cell:{code}={raw}")
        return
    out.put(code, raw, default_unit=unit)


def _put_split(out: Extraction, row: str, codes: list[str], fields: list[HeaderField], run: str) -> None:
    solutions = split_run(run, [kind_of(code) for code in codes])
    if len(solutions) != 1:
        out.flag(f"ambiguous_split:t2.{row}={run}")
        return
    for code, header_field, part in zip(codes, fields, solutions[0], strict=True):
        _put(out, code, part, header_field.unit)
