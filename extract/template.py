"""Which national template a report follows, decided from the labels its tables print.

- 2019 (国办公开办函〔2019〕60号): section 二's columns 本年新制作数量 / 本年新公开数量 /
  对外公开总数量 / 上一年项目数量 / 本年增/减, the rows 其他对外管理服务事项 and
  第二十条第（九）项 政府集中采购; section 三 has a single （六）其他处理 row.
- 2021 (国办公开办函〔2021〕30号): columns 本年制发件数 / 本年废止件数 / 现行有效件数 and
  本年收费金额; section 三 has three rows under （六）.
- hybrid: the two disagree (2021 columns in 二 with the single （六） row in 三, or the
  reverse) — the record says so and carries the codes of each part as printed.
- legacy: no template table at all and a report year before 2019.

The publish date is never used: old templates are used after a change and vice versa.
"""

from __future__ import annotations

from collections.abc import Iterable

FIELDS_2019 = {"new_made", "new_published", "total_published", "prev_items", "change", "items"}
FIELDS_2021 = {"issued", "repealed", "in_force"}
ROWS_2019 = {"other_services", "procurement"}


def section2_template(field_names: Iterable[str], codes: Iterable[str]) -> str | None:
    """``"2019"``/``"2021"`` from the column and row labels section 二 printed, or None."""
    names = set(field_names)
    rows = {code.split(".")[1] for code in codes}
    votes_2019 = len(names & FIELDS_2019) + len(rows & ROWS_2019)
    votes_2021 = len(names & FIELDS_2021) + (1 if "t2.fees.amount" in set(codes) else 0)
    if votes_2019 > votes_2021:
        return "2019"
    if votes_2021 > votes_2019:
        return "2021"
    return None


def section3_template(other_layout: str | None) -> str | None:
    """（六） printed as three rows → 2021; as one row → 2019."""
    return {"three": "2021", "single": "2019"}.get(other_layout or "")


def decide_template(t2: str | None, t3_other_layout: str | None, has_tables: bool, year: int | None) -> str | None:
    """The record's ``template``: 2021, 2019, hybrid, legacy, or None when nothing tells."""
    t3 = section3_template(t3_other_layout)
    if t2 and t3:
        return t2 if t2 == t3 else "hybrid"
    if t2 or t3:
        return t2 or t3
    if has_tables:
        return "2019" if year is not None and year < 2021 else "2021"
    if year is not None and year < 2019:
        return "legacy"
    return None


def implied_template(year: int | None) -> str:
    """The template a report of ``year`` should follow (for listing what is missing)."""
    return "2019" if year is not None and year < 2021 else "2021"
