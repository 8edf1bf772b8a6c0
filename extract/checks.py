"""The spec's four consistency rules, each ``ok``, ``fail: <where> <lhs> != <rhs> (diff N)`` or ``n/a``.

A failed rule is data, not an error: the record keeps the published values and says
which comparison failed and by how much. Each rule is a set of comparisons (one per
column, row or group); ``<where>`` names it (``natural``, ``granted``, ``review``), ``lhs``
is the side the report states (the 总计 cell; for the balance 一+二), ``rhs`` the side
computed from the parts, ``diff`` = lhs − rhs. Several failures are joined with ``; ``.

How blanks count — the choice, and why. The default is the **strict reading**: a
comparison that involves a cell that is missing (not read) or ``null`` (blank or a
placeholder) is not made. The spec says a blank is not a zero: many bodies write zero as
a blank, but others mean "not applicable" or "not filled in" (Shanghai 2019 leaves the
总计 column blank on detail rows while filling the parts), and only a reader can tell.
A rule is then ``fail`` if any comparison made failed, ``ok`` if at least one was made
and none failed, ``n/a`` if none could be made. ``blank_as_zero=True`` gives the other
reading (every ``null`` is 0; missing cells still skip the comparison) for analysts who
want it; the hand-computed truth files carry both.
"""

from __future__ import annotations

from functools import lru_cache

from extract.codes import T3_COLUMNS, T3_PART_COLUMNS, T4_GROUPS, t3_result_rows
from extract.record import CellValue

RULES = ["t3.balance", "t3.results_sum", "t3.row_total", "t4.totals"]
Side = tuple[str, ...]
Comparison = tuple[str, Side, Side]  # where, lhs codes, rhs codes


def _total(cells: dict[str, CellValue], codes: Side, blank_as_zero: bool) -> int | None:
    total = 0
    for code in codes:
        if code not in cells:
            return None
        value = cells[code]
        if value is None and blank_as_zero:
            value = 0
        if not isinstance(value, int):
            return None
        total += value
    return total


def _compare(where: str, lhs: Side, rhs: Side, cells: dict[str, CellValue], blank_as_zero: bool) -> str | None:
    """``"held"``, a failure text, or None when the comparison cannot be made."""
    left = _total(cells, lhs, blank_as_zero)
    right = _total(cells, rhs, blank_as_zero)
    if left is None or right is None:
        return None
    if left == right:
        return "held"
    return f"{where} {left} != {right} (diff {left - right})"


def _verdict(outcomes: list[str | None]) -> str:
    made = [o for o in outcomes if o is not None]
    failures = [o for o in made if o != "held"]
    if failures:
        return "fail: " + "; ".join(failures)
    return "ok" if made else "n/a"


@lru_cache(maxsize=8)
def _comparisons(other_layout: str) -> tuple[tuple[str, tuple[Comparison, ...]], ...]:
    """Each rule's comparisons for a （六） layout: the same codes for every report, so spelled out once."""
    results = t3_result_rows(other_layout)
    rows = ["new", "carryover", *results, "total", "carried_forward"]
    balance = tuple(
        (c, (f"t3.new.{c}", f"t3.carryover.{c}"), (f"t3.total.{c}", f"t3.carried_forward.{c}")) for c in T3_COLUMNS
    )
    results_sum = tuple((c, (f"t3.total.{c}",), tuple(f"t3.{row}.{c}" for row in results)) for c in T3_COLUMNS)
    row_total = tuple((r, (f"t3.{r}.total",), tuple(f"t3.{r}.{c}" for c in T3_PART_COLUMNS)) for r in rows)
    t4 = tuple(
        (g, (f"t4.{g}.total",), tuple(f"t4.{g}.{o}" for o in ("upheld", "corrected", "other", "pending")))
        for g in T4_GROUPS
    )
    return (("t3.balance", balance), ("t3.results_sum", results_sum), ("t3.row_total", row_total), ("t4.totals", t4))


def run_checks(
    cells: dict[str, CellValue], other_layout: str | None, *, blank_as_zero: bool = False
) -> dict[str, str]:
    """All four rules; ``other_layout`` picks the （六） rows (``"three"`` 2021, ``"single"`` 2019)."""
    return {
        rule: _verdict([_compare(where, lhs, rhs, cells, blank_as_zero) for where, lhs, rhs in comparisons])
        for rule, comparisons in _comparisons(other_layout or "three")
    }
