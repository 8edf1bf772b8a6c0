"""The stable cell codes of ../shared/spec/report-schema.md, in printed order, and their kinds.

Every other module takes code names from here, so a code is spelled once. ``expected_codes``
says which codes a report of a given template should have: the basis of ``missing``.
"""

from __future__ import annotations

from functools import lru_cache

from extract.values import Kind

T2_2021 = [
    "t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force",
    "t2.normative.issued", "t2.normative.repealed", "t2.normative.in_force",
    "t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions",
    "t2.fees.amount",
]
T2_2019 = [
    "t2.rules.new_made", "t2.rules.new_published", "t2.rules.total_published",
    "t2.normative.new_made", "t2.normative.new_published", "t2.normative.total_published",
    "t2.licensing.prev_items", "t2.licensing.change", "t2.licensing.decisions",
    "t2.other_services.prev_items", "t2.other_services.change", "t2.other_services.decisions",
    "t2.penalty.prev_items", "t2.penalty.change", "t2.penalty.decisions",
    "t2.coercion.prev_items", "t2.coercion.change", "t2.coercion.decisions",
    "t2.fees.prev_items", "t2.fees.change",
    "t2.procurement.items", "t2.procurement.amount",
]

T3_COLUMNS = ["natural", "commercial", "research", "social", "legal", "other", "total"]
T3_PART_COLUMNS = T3_COLUMNS[:-1]
T3_HEAD_ROWS = ["new", "carryover"]
T3_RESULT_ROWS_COMMON = [
    "granted", "partial",
    "denied_secret", "denied_law", "denied_safety", "denied_third_party",
    "denied_internal", "denied_process", "denied_enforcement", "denied_inquiry",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "rejected_petition", "rejected_repeated", "rejected_publication", "rejected_excessive", "rejected_confirm",
]
T3_OTHER_THREE = ["other_no_correction", "other_no_fee", "other_other"]
T3_OTHER_SINGLE = ["other"]
T3_TAIL_ROWS = ["total", "carried_forward"]

T4_GROUPS = ["review", "suit_direct", "suit_after_review"]
T4_OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]
T4 = [f"t4.{group}.{outcome}" for group in T4_GROUPS for outcome in T4_OUTCOMES]


def t3_result_rows(other_layout: str) -> list[str]:
    """The result rows (granted … 其他处理) for a （六） layout: ``"three"`` (2021) or ``"single"``."""
    return T3_RESULT_ROWS_COMMON + (T3_OTHER_THREE if other_layout == "three" else T3_OTHER_SINGLE)


def t3_rows(other_layout: str) -> list[str]:
    return T3_HEAD_ROWS + t3_result_rows(other_layout) + T3_TAIL_ROWS


def t3_codes(other_layout: str) -> list[str]:
    return [f"t3.{row}.{column}" for row in t3_rows(other_layout) for column in T3_COLUMNS]


def expected_codes(t2_template: str | None, t3_other_layout: str | None) -> list[str]:
    """All codes a report should carry, given its section 二 template and its （六） layout."""
    t2 = T2_2019 if t2_template == "2019" else T2_2021
    return t2 + t3_codes(t3_other_layout or "three") + T4


@lru_cache(maxsize=4096)
def kind_of(code: str) -> Kind:
    """How a code's value is read: signed deltas, money in 万元, or a count (memoised: asked per value)."""
    if code.endswith(".change"):
        return "signed"
    if code.endswith(".amount"):
        return "money"
    return "count"


ALL_T2 = set(T2_2021) | set(T2_2019)
