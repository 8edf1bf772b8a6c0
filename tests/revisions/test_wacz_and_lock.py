"""`nianbao wacz` packages a run that py-wacz validates and pywb imports; a second run is refused."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from timeline_kit import nianbao

from archive.db import open_db
from archive.history import run_warc_files
from archive.pywb import pywb_bin
from archive.revisits import resolve_original
from nianbao.config import DataLayout
from nianbao.resume import data_dir_lock


@pytest.fixture(scope="module")
def run_wacz(timeline, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wacz") / "run3.wacz"
    result = nianbao("wacz", "--run", "3", "-o", str(path), "--data", str(timeline.data))
    assert result.returncode == 0, result.stderr
    return path


def test_wacz_validates(run_wacz):
    result = subprocess.run([str(Path(sys.executable).parent / "wacz"), "validate", "-f", str(run_wacz)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "valid" in result.stdout, result.stdout + result.stderr


def test_wacz_holds_pages_index_and_the_originals_of_its_revisits(run_wacz, timeline):
    with zipfile.ZipFile(run_wacz) as package:
        names = set(package.namelist())
        pages = [json.loads(line) for line in package.read("pages/pages.jsonl").decode().splitlines()]
    assert {"indexes/index.cdx.gz", "datapackage.json", "datapackage-digest.json"} <= names
    assert pages[0]["format"] == "json-pages-1.0"
    new_report = next(r for r in pages[1:] if "t20250318_" in r["url"])
    assert new_report["title"].endswith("年度报告")
    archived = {n.removeprefix("archive/") for n in names if n.startswith("archive/")}
    db = open_db(timeline.data / "nianbao.db")
    own = set(run_warc_files(db, 3))
    originals = {resolve_original(db, row)["warc_file"]
                 for row in db.query("SELECT * FROM captures WHERE run_id = 3 AND record_type = 'revisit'")}
    assert originals - own, "run 3's revisits point into earlier runs"
    assert own | originals <= archived, "the files holding the originals of run 3's revisits must travel with it"


@pytest.mark.pywb
def test_pywb_imports_the_wacz(run_wacz, pywb_venv_path, tmp_path):
    manager = str(pywb_bin("wb-manager"))
    subprocess.run([manager, "init", "imported"], cwd=tmp_path, check=True, capture_output=True)
    result = subprocess.run([manager, "add", "--unpack-wacz", "imported", str(run_wacz)], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "collections" / "imported" / "indexes").glob("*.cdx*"))


def test_a_second_run_at_the_same_time_is_refused(tmp_path):
    layout = DataLayout(tmp_path / "data")
    with data_dir_lock(layout):
        result = nianbao("crawl", "http://127.0.0.1:9/", "--data", str(layout.root), "--quiet", timeout=120)
    assert result.returncode == 3
    assert "refused" in result.stderr and "another nianbao crawl" in result.stderr
