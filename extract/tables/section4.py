"""Section 四 (行政复议、行政诉讼): 3 groups × 5 outcomes, one number row, by label.

The header names the groups (行政复议; 行政诉讼 split into 未经复议直接起诉 and 复议后起诉)
and under each the five outcomes (结果维持 结果纠正 其他结果 尚未审结 总计). Each value
column gets its group from the group cell above it and its outcome from its own header
cell. When the grid's columns are not real (a flattened table), the outcome labels are
taken in reading order — the review group's five, then the two lawsuit groups' in the
order their group labels were printed.

Flattening can cut labels (``结果`` for 结果纠正, ``尚未`` for 尚未审结): a cut label is
accepted when, within its group, the labels read in order fit the template's order
(维持, 纠正, 其他, 尚未审结, 总计) one by one. A label column such as 案件数量 and an empty
spacer row are ignored; two different number rows are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.codes import T4_GROUPS, T4_OUTCOMES
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

_TOKEN_RE = re.compile(
    r"(?P<suit_direct>未经复议直接起诉|直接起诉)|(?P<suit_after_review>复议后起诉)|(?P<review>行政复议)"
    r"|(?P<suit>行政诉讼)|(?P<upheld>结果维持|维持)|(?P<corrected>结果纠正|纠正)|(?P<other>其他结果|其他)"
    r"|(?P<pending>尚未审结|审结|尚未)|(?P<total>总计|合计)|(?P<cut_result>结果)"
)
_GROUPS = set(T4_GROUPS)
_CANDIDATES = {name: {name} for name in T4_OUTCOMES} | {"cut_result": {"upheld", "corrected"}}
_GROUP_SUMS = [(4, [0, 1, 2, 3]), (9, [5, 6, 7, 8]), (14, [10, 11, 12, 13])]


@dataclass
class Slot:
    """One value column: its group, the outcomes its label allows, and where it sits."""

    group: str
    outcomes: set[str]
    cell: Cell


@dataclass
class Section4Result:
    extraction: Extraction = field(default_factory=Extraction)


def _tokens(cells: list[Cell]) -> list[tuple[str, Cell, int]]:
    found: list[tuple[str, Cell, int]] = []
    for cell in cells:
        names = [m.lastgroup or "" for m in _TOKEN_RE.finditer(cell.key)]
        found.extend((name, cell, len(names)) for name in names)
    return found


def _resolve(slots: list[Slot]) -> list[str] | None:
    """Outcome codes for one group's five slots in printed order, or None if labels disagree."""
    if len(slots) != len(T4_OUTCOMES):
        return None
    if all(outcome in slot.outcomes for outcome, slot in zip(T4_OUTCOMES, slots, strict=True)):
        return list(T4_OUTCOMES)
    exact = [next(iter(slot.outcomes)) for slot in slots if len(slot.outcomes) == 1]
    if len(exact) == len(slots) and set(exact) == set(T4_OUTCOMES):
        return exact
    return None


def _aligned_slots(tokens: list[tuple[str, Cell, int]]) -> list[Slot]:
    groups = [(name, cell) for name, cell, _ in tokens if name in _GROUPS]
    by_band: dict[tuple[int, int], Slot] = {}
    for name, cell, words in tokens:
        if name in _GROUPS or name == "suit" or words != 1:
            continue
        owner = [g for g, gcell in groups if gcell.start <= cell.start and cell.end <= gcell.end]
        if len(set(owner)) == 1:
            by_band[(cell.start, cell.end)] = Slot(owner[0], _CANDIDATES[name], cell)
    return sorted(by_band.values(), key=lambda s: s.cell.start)


def _reading_slots(tokens: list[tuple[str, Cell, int]]) -> list[Slot]:
    order = [name for name, _, _ in tokens if name in _GROUPS]
    if order != T4_GROUPS:
        return []
    outcomes = [(name, cell) for name, cell, _ in tokens if name in _CANDIDATES]
    if len(outcomes) != len(T4_GROUPS) * len(T4_OUTCOMES):
        return []
    return [
        Slot(T4_GROUPS[i // len(T4_OUTCOMES)], _CANDIDATES[name], cell) for i, (name, cell) in enumerate(outcomes)
    ]


def _codes(slots: list[Slot]) -> list[str] | None:
    codes: list[str] = []
    for group in T4_GROUPS:
        outcomes = _resolve([slot for slot in slots if slot.group == group])
        if outcomes is None:
            return None
        codes.extend(f"t4.{group}.{outcome}" for outcome in outcomes)
    return codes


def map_section4(table: LogicalTable) -> Section4Result:
    result = Section4Result()
    out = result.extraction
    tokens: list[tuple[str, Cell, int]] = []
    number_rows: list[list[Cell]] = []
    for r in range(len(table.rows)):
        labels, values = split_labels(row_cells(table, r))
        row_tokens = _tokens(labels)
        if row_tokens:
            tokens.extend(row_tokens)
        elif tokens and values:
            number_rows.append(values)
    slots = _aligned_slots(tokens) if table.aligned else _reading_slots(tokens)
    ordered = [s for group in T4_GROUPS for s in slots if s.group == group]
    codes = _codes(ordered)
    if codes is None:
        out.flag("unmatched_header:t4")
        return result
    printed = [row for row in number_rows if any(cell.text for cell in row)]
    candidates = printed or number_rows[:1]
    if not candidates:
        out.flag("no_values:t4")
        return result
    if len({tuple(c.text for c in row) for row in candidates}) > 1:
        out.flag("ambiguous_rows:t4")
        return result
    values = candidates[0]
    if table.aligned:
        for code, slot in zip(codes, ordered, strict=True):
            found = value_in_band(values, (slot.cell.start, slot.cell.end))
            if found == "conflict":
                out.flag(f"ambiguous_cell:{code}")
            elif isinstance(found, Cell):
                out.put(code, found.text)
        return result
    _read_in_order(out, codes, values, table.run_together)
    return result


def _read_in_order(out: Extraction, codes: list[str], values: list[Cell], run_together: bool) -> None:
    fitted = fit_values(values, len(codes))
    if fitted is not None:
        for code, cell in zip(codes, fitted, strict=True):
            out.put(code, cell.text)
        return
    if run_together and len(values) == 1:
        solutions = split_run(values[0].text, ["count"] * len(codes), _GROUP_SUMS if _canonical(codes) else None)
        if len(solutions) == 1:
            for code, part in zip(codes, solutions[0], strict=True):
                out.put(code, part)
            return
        out.flag(f"ambiguous_split:t4={values[0].text}")
        return
    out.flag("unmatched_row:t4")


def _canonical(codes: list[str]) -> bool:
    return codes == [f"t4.{g}.{o}" for g in T4_GROUPS for o in T4_OUTCOMES]
