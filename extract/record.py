"""The structured record of one annual report (../shared/spec/report-schema.md).

This is the public shape of ``nianbao extract --json`` and of every export row; the
names here are the spec's names. Extend, never rename.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

CellValue = int | str | None  # int for counts, decimal string for money (万元), None for blank/placeholder


@dataclass
class Record:
    agency: str | None = None
    year: int | None = None
    template: str | None = None  # "2021" | "2019" | "hybrid" | "legacy" | None when no table was found
    title: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD"
    url: str | None = None
    source_format: str | None = None  # html | pdf | docx | doc | xls | wps | text
    sections: dict[str, str] = field(default_factory=dict)  # s1 … s6
    cells: dict[str, CellValue] = field(default_factory=dict)
    raw_cells: dict[str, str] = field(default_factory=dict)  # printed text of every cell found
    missing: list[str] = field(default_factory=list)  # codes the template has but could not be read
    checks: dict[str, str] = field(default_factory=dict)  # rule -> "ok" | "fail: …" | "n/a"
    flags: list[str] = field(default_factory=list)  # needs_ocr, no_table, truncated_table, not_numeric:<code>, …
    legacy_rows: list[dict[str, str]] = field(default_factory=list)  # pre-2019 附表 rows as key/value
    chapters: list[dict[str, str]] = field(default_factory=list)  # pre-2019 chapters: [{heading, text}]

    def to_dict(self) -> dict[str, Any]:
        """A deep copy as plain dicts and lists: what ``dataclasses.asdict`` returns.

        Written out because ``asdict`` deep-copies every one of a report's ~600 cells
        through ``copy.deepcopy`` and cost ~1 ms a report, a tenth of extracting one.
        """
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


_IMMUTABLE = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """*value* deep-copied the way ``dataclasses.asdict`` copies a field's value.

    Exact types only on the fast path; anything else (a subclass, a nested dataclass)
    goes through ``asdict``'s own rules.
    """
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return copy.deepcopy(value)
