"""Shared, generic test fixtures: keep this file small.

``pywb_venv`` skips a test (with the reason) when the separate pywb virtualenv is absent;
CI installs it, so there the tests always run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archive.pywb import PywbUnavailable, pywb_bin, pywb_venv

PYTHON = Path(sys.executable)


@pytest.fixture(scope="session")
def pywb_venv_path() -> Path:
    """The pywb venv; skips when it is not installed (``NIANBAO_PYWB_VENV`` or ``.venv-pywb``)."""
    try:
        pywb_bin("wayback")
        pywb_bin("wb-manager")
    except PywbUnavailable as exc:
        pytest.skip(f"pywb venv missing: {exc}")
    return pywb_venv()


@pytest.fixture(scope="session")
def venv_bin() -> Path:
    """The bin directory of the interpreter running the tests (warcio, cdxj-indexer CLIs)."""
    return PYTHON.parent
