"""The extraction tests' inputs: the hand-written truth files, the shared samples, the fixtures.

The truth (``portal/content/reports/*.json``) was transcribed by reading, never by
running an extractor; the tests compare what the extractor reads against it. A module of
its own name, not ``conftest``: test modules import these, and ``tests/extract_formats``
has a ``conftest`` too, so ``from conftest import …`` found whichever was imported first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REPORTS_DIR = REPO / "portal" / "content" / "reports"
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_truth() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(REPORTS_DIR.glob("*.json"))]


def sample_path(report: dict) -> Path:
    """The shared sample a ``sample_*`` truth file was transcribed from."""
    return SHARED / report["source"].removeprefix("shared/")


_FAILURE = re.compile(r"^(\S+) (-?\d+) != (-?\d+) \(diff (-?\d+)\)$")


def parse_failures(verdict: str) -> list[tuple[str, int, int]]:
    """``fail: natural 22 != 27 (diff -5); …`` → [("natural", 22, 27), …]; checks the diff too."""
    assert verdict.startswith("fail: "), verdict
    parsed = []
    for part in verdict.removeprefix("fail: ").split("; "):
        match = _FAILURE.match(part)
        assert match, part
        where, stated, computed, diff = match.groups()
        assert int(diff) == int(stated) - int(computed)
        parsed.append((where, int(stated), int(computed)))
    return parsed


def truth_failures(report: dict, key: str, rule: str) -> list[tuple[str, int, int]]:
    """The truth's failing comparisons of ``rule`` as (where, stated, computed); null stated → 0."""
    out = []
    for item in report.get(key, {}).get(rule, []):
        where = item.get("column") or item.get("row") or item.get("group")
        out.append((where, item["stated"] or 0, item["computed"] or 0))
    return out

