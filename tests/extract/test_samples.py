"""The four shared samples (flattened text) extract to exactly their hand-transcribed truth.

Every cell value and every raw cell, the template, the sections and the checks; for the
report-level facts, what the bare text states (``from_text``), since the samples lost
their page titles.
"""

from __future__ import annotations

import pytest
from extract_truth import REPORTS_DIR, load_truth, sample_path

from extract.api import extract_path

SAMPLES = [r for r in load_truth() if r["id"].startswith("sample_")]


@pytest.fixture(scope="module", params=SAMPLES, ids=lambda r: r["id"])
def case(request):
    report = request.param
    path = sample_path(report)
    assert path.exists(), f"shared sample missing: {path} (../shared/ must sit beside the repository)"
    return report, extract_path(path)


def test_there_are_four_samples() -> None:
    assert len(SAMPLES) == 4, sorted(p.name for p in REPORTS_DIR.glob("sample_*.json"))


def test_every_cell_and_raw_cell(case) -> None:
    report, record = case
    assert record.raw_cells == report["raw_cells"]
    assert record.cells == report["cells"]
    assert record.missing == []
    assert not [f for f in record.flags if f.startswith(("not_numeric", "ambiguous", "conflict", "unmatched"))]


def test_template_and_facts_the_text_states(case) -> None:
    report, record = case
    assert record.template == report["template"]
    assert record.source_format == "text"
    facts = report["from_text"]
    assert (record.agency, record.year, record.title, record.published) == (
        facts["agency"], facts["year"], facts["title"], facts["published"],
    )


def test_sections_verbatim(case) -> None:
    report, record = case
    for key, text in report["sections"].items():
        assert record.sections.get(key, "") == text, key


def test_checks(case) -> None:
    report, record = case
    assert record.checks == report["expected_checks"]


def test_run_together_sample_is_split_by_structure() -> None:
    """003 prints 规章000 and 000000000000000: the only splits give one-digit cells."""
    report = next(r for r in SAMPLES if r["id"] == "sample_003")
    assert sample_path(report).exists(), "shared sample missing (../shared/ must sit beside the repository)"
    record = extract_path(sample_path(report))
    assert [record.raw_cells[f"t2.rules.{f}"] for f in ("issued", "repealed", "in_force")] == ["0", "0", "0"]
    assert sum(1 for code in record.cells if code.startswith("t4.")) == 15
