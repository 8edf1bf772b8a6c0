"""Huge and pathological documents through the whole extraction pipeline, in bounded memory.

``tests/extract_formats/test_hostile.py`` covers each reader; here the complete
``extract_bytes`` path gets what the readers let through: a 100 000-row HTML table, the
same as flattened text, tables nested thousands deep and 50 000 unclosed tags. Each runs
in a child process under a 2 GiB address-space limit (a runaway parse dies there instead
of taking the machine); the timeout only guards against a hang, it measures nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, resource.RLIM_INFINITY))
from extract.api import extract_bytes
case = sys.argv[1]
if case == "html_rows":
    rows = "".join(f"<tr><td>第{i}行</td><td>{i}</td><td>{i % 7}</td></tr>" for i in range(100_000))
    data, ctype = f"<html><body><p>一、总体情况</p><table>{rows}</table></body></html>".encode(), "text/html; charset=utf-8"
elif case == "text_rows":
    data, ctype = "\n".join(f"第{i}行 | {i} |" for i in range(100_000)).encode(), "text/plain; charset=utf-8"
elif case == "nested_tables":
    depth = 5000
    data, ctype = ("<table><tr><td>" * depth + "规章 | 0" + "</td></tr></table>" * depth).encode(), "text/html"
elif case == "unclosed_tags":
    data, ctype = ("<div><span><p>" * 50_000 + "二、主动公开政府信息情况").encode(), "text/html"
record = extract_bytes(data, content_type=ctype)
print(json.dumps({"flags": record.flags, "cells": len(record.cells), "missing": len(record.missing)}))
"""


@pytest.mark.parametrize("case", ["html_rows", "text_rows", "nested_tables", "unclosed_tags"])
def test_pathological_document_gives_a_flagged_record(case):
    result = subprocess.run([sys.executable, "-c", CHILD, case], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    record = json.loads(result.stdout.splitlines()[-1])
    assert record["cells"] == 0  # none of these is a report table
    assert record["flags"], "a document with no report in it must say so"
    assert record["missing"] > 0


def test_a_spreadsheet_that_aborts_calamine_is_flagged_and_the_process_survives():
    """Found by bench/fuzz_extractors.py: our own rendered .xls with a few damaged bytes
    (kept in data/) makes calamine allocate gigabytes and abort. Read in-process this
    killed the fuzzer (and would kill a crawl); the reader now isolates calamine."""
    from extract.readers import xls

    data = (Path(__file__).parent / "data" / "xls_calamine_abort.bin").read_bytes()
    document = xls.read(data)
    assert document.blocks == []
    assert document.flags[0].startswith("unreadable: xls: the reader crashed")
