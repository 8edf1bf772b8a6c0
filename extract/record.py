"""The structured record of one annual report (../shared/spec/report-schema.md).

This is the public shape of ``nianbao extract --json`` and of every export row; the
names here are the spec's names. Extend, never rename.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)
