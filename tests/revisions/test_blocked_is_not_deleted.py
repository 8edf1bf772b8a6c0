"""A report whose site answers with an anti-bot challenge, a block or an error is not
"deleted": the answer says nothing about the document (issue 5: challenge pages never
become changed or deleted reports)."""

import json

import pytest

from archive.db import open_db
from archive.report_rows import save_report
from archive.revisions import track_run

SITE = "http://127.0.0.1:8001"
PAGE = f"{SITE}/zwgk/zfxxgknb/202501/t20250120_1.html"


def capture(db, run_id, url, status, page_kind=None, truncated=None):
    return db["captures"].insert({"run_id": run_id, "url": url, "method": "GET", "status": status,
                                  "warc_file": "x.warc.gz", "offset": 0, "length": 1, "record_id": "<urn:uuid:x>",
                                  "record_type": "response", "page_kind": page_kind, "truncated": truncated}).last_pk


@pytest.fixture
def db(tmp_path):
    db = open_db(tmp_path / "n.db")
    for run_id in (1, 2):
        db["runs"].insert({"id": run_id, "status": "finished", "seeds": json.dumps([SITE + "/"])})
    capture_id = capture(db, 1, PAGE, 200, "report")
    record = {"agency": "青溪县城关镇人民政府", "year": 2024, "url": PAGE, "cells": {"t3.new.natural": 3},
              "sections": {"s1": "总体情况"}}
    save_report(db, record, capture_id=capture_id, run_id=1, page_url=PAGE)
    assert track_run(db, tmp_path, 1, complete=True)["new"] == 1
    return db


@pytest.mark.parametrize("status,page_kind,truncated", [(412, "challenge", None), (521, "challenge", None),
                                                         (503, None, None), (403, None, None),
                                                         (200, None, "length")])
def test_an_inconclusive_answer_leaves_the_report_unverified(db, tmp_path, status, page_kind, truncated):
    capture(db, 2, PAGE, status, page_kind, truncated)
    counts = track_run(db, tmp_path, 2, complete=True)
    assert counts["deleted"] == 0 and counts["unverified"] == 1
    [state] = db.query("SELECT state, evidence FROM report_states WHERE run_id = 2")
    assert json.loads(state["evidence"])["kind"] == "inconclusive"


def test_a_challenged_column_is_no_evidence_for_an_unfetched_report(db, tmp_path):
    capture(db, 2, f"{SITE}/zwgk/zfxxgknb/index.html", 412, "challenge")
    assert track_run(db, tmp_path, 2, complete=True)["unverified"] == 1


def test_a_404_still_deletes(db, tmp_path):
    capture(db, 2, PAGE, 404)
    counts = track_run(db, tmp_path, 2, complete=True)
    assert counts["deleted"] == 1
    [state] = db.query("SELECT evidence FROM report_states WHERE run_id = 2")
    assert json.loads(state["evidence"])["kind"] == "http_404"


def test_an_unverified_report_is_still_known_to_the_next_run(db, tmp_path):
    capture(db, 2, PAGE, 412, "challenge")
    track_run(db, tmp_path, 2, complete=True)
    db["runs"].insert({"id": 3, "status": "finished", "seeds": json.dumps([SITE + "/"])})
    capture(db, 3, PAGE, 404)
    assert track_run(db, tmp_path, 3, complete=True)["deleted"] == 1
