"""Cutting a run of digits back into cells, when a flattening lost the cell boundaries.

``000000000000000`` under the fifteen columns of table 四 splits only one way. A run such
as ``10203120001200000`` does not; the split is accepted only when exactly one cut
satisfies the table's own sums (each group's 总计 equals its parts), which is how a reader
would check it (domain.md §4.1: 1,0,2,0,3 | 12,0,0,0,12 | 0,0,0,0,0). No numbers are
written with leading zeros, so ``012`` is never one cell. Anything else is ambiguous and
the caller flags it: the cells stay missing, never guessed.
"""

from __future__ import annotations

import re
import unicodedata

from extract.values import Kind

_PART = {
    "count": re.compile(r"0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+"),
    "signed": re.compile(r"[+-]?(?:0|[1-9]\d*)"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?"),
}
MAX_SOLUTIONS = 2
Sum = tuple[int, list[int]]  # (index of the total, indices of its parts)


def split_run(run: str, kinds: list[Kind], sums: list[Sum] | None = None) -> list[list[str]]:
    """Every way (at most two) to cut ``run`` into ``len(kinds)`` cells obeying ``sums``.

    One solution means the cells are known; zero or two mean they are not. Parts are
    returned as printed (full-width digits stay full-width).
    """
    canonical = unicodedata.normalize("NFKC", run.strip())
    printed = run.strip() if len(run.strip()) == len(canonical) else canonical
    totals = {total: parts for total, parts in (sums or [])}
    solutions: list[list[str]] = []
    lengths: list[int] = []
    values: list[int | None] = []

    def value_of(part: str) -> int | None:
        digits = part.replace(",", "")
        return int(digits) if re.fullmatch(r"[+-]?\d+", digits) else None

    def search(pos: int, index: int) -> None:
        if len(solutions) >= MAX_SOLUTIONS:
            return
        if index == len(kinds):
            if pos == len(canonical):
                cuts, start = [], 0
                for length in lengths:
                    cuts.append(printed[start : start + length])
                    start += length
                solutions.append(cuts)
            return
        remaining_parts = len(kinds) - index - 1
        if index in totals:
            parts = [values[i] for i in totals[index]]
            if any(p is None for p in parts):
                return
            candidates = [str(sum(p for p in parts if p is not None))]
        else:
            limit = len(canonical) - pos - remaining_parts
            candidates = [canonical[pos : pos + n] for n in range(1, limit + 1)]
        for part in candidates:
            if not canonical.startswith(part, pos) or not _PART[kinds[index]].fullmatch(part):
                continue
            lengths.append(len(part))
            values.append(value_of(part))
            search(pos + len(part), index + 1)
            lengths.pop()
            values.pop()

    search(0, 0)
    return solutions
