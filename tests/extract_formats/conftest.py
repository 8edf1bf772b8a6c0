"""Fixtures for the format readers: the labelled corpus, rendered once per session.

Rendering DOC/WPS goes through LibreOffice (seconds per file), so every report is
rendered once per format and shared by all tests.
"""

from __future__ import annotations

import pytest
from formats_corpus import available_formats, load_reports


@pytest.fixture(scope="session")
def reports() -> dict[str, dict]:
    found = {r["id"]: r for r in load_reports()}
    assert found, "portal/content/reports/*.json holds no template report"
    return found


class _Corpus:
    """Lazily rendered bytes per (report id, format); DOC bytes double as the WPS file."""

    def __init__(self, reports: dict[str, dict]) -> None:
        self.reports = reports
        self.formats = available_formats()
        self._cache: dict[tuple[str, str], bytes] = {}

    def bytes(self, report_id: str, fmt: str) -> bytes:
        key = (report_id, "doc" if fmt == "wps" else fmt)
        if key not in self._cache:
            self._cache[key] = self.formats[key[1]][0](self.reports[report_id])
        return self._cache[key]


@pytest.fixture(scope="session")
def corpus(reports: dict[str, dict]) -> _Corpus:
    return _Corpus(reports)
