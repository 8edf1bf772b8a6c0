"""Fixtures for the extraction tests (their helpers live in ``extract_truth``)."""

from __future__ import annotations

import pytest
from extract_truth import load_truth


@pytest.fixture(scope="session")
def truth() -> list[dict]:
    reports = load_truth()
    assert reports, "portal/content/reports holds no truth files"
    return reports
