"""Report-title classification for the crawler, on a hand-labelled list (≥100 titles)."""

from __future__ import annotations

import pytest
from titles_labelled import NOT_REPORTS, REPORTS

from extract.titles import agency_from_title, is_report_title, report_year


def test_the_list_is_large_enough() -> None:
    assert len(REPORTS) + len(NOT_REPORTS) >= 100


@pytest.mark.parametrize(("title", "year", "agency"), REPORTS, ids=[t for t, _, _ in REPORTS])
def test_reports_are_recognised(title: str, year: int, agency: str | None) -> None:
    assert is_report_title(title)
    assert report_year(title) == year
    assert agency_from_title(title) == agency


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_look_alikes_are_rejected(title: str) -> None:
    assert not is_report_title(title)
