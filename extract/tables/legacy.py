"""Pre-2019 统计表/附表 as key/value rows.

Old reports' tables differ by province (指标名称 | 计量单位 | 2018年度 | 历年累计; 序号 |
统计指标 | 单位 | 统计数 …, domain.md §3.7) and do not map to the spec's codes. They are
kept as printed: the first row with no value-like cell is the header and names the keys;
each later row becomes ``{header: cell}`` (header names lose the spaces a ``<br>`` left) (``c1``, ``c2``… where the header has no name).
Nothing is parsed, so nothing is lost or invented.
"""

from __future__ import annotations

import re

from extract.labels import clean_text
from extract.values import is_value_like


def legacy_rows(grids: list[list[list[str | None]]]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for grid in grids:
        header: list[str] | None = None
        for row in grid:
            texts = [clean_text(cell or "") for cell in row]
            if not any(texts):
                continue
            if header is None and not any(text and is_value_like(text) for text in texts):
                header = [re.sub(r"\s+", "", text) for text in texts]  # "201<br>7年度" → "2017年度"
                continue
            keys = header or []
            record: dict[str, str] = {}
            for i, text in enumerate(texts):
                key = keys[i] if i < len(keys) and keys[i] else f"c{i + 1}"
                if key in record:
                    key = f"{key}#{i + 1}"
                record[key] = text
            rows.append(record)
    return rows
