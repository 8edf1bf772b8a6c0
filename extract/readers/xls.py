"""Spreadsheets (.xls, .xlsx, .ods) → :class:`~extract.document.Document` with python-calamine.

Each worksheet becomes one table (its name a paragraph before it, since offices name
sheets after the section: "三、收到和处理政府信息公开申请情况"). Merged ranges — which
calamine reports for xlsx and xls — fill every position they cover.

calamine returns typed values: a number cell comes back as ``1234.0`` or ``1234`` and is
printed back as the text a person typed (``"1234"``; ``24252.311082`` keeps its
decimals, via the shortest round-trip representation). What the cell's number *format*
displayed (``0.0000``) is not available, so ``0.0000`` typed as a number reads as ``"0"``;
a value typed as text keeps its text.

Bounded: zip containers get the DOCX reader's zip-bomb/entity checks, at most
``MAX_ROWS`` rows per sheet are read (``truncated`` flag beyond that), and calamine runs
in a child process capped in memory and time (a damaged file can make it abort).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import math
import re
import resource
import subprocess
import sys
import zipfile

from extract.document import Block, Document, Grid
from extract.readers.docx import MAX_BYTES, zip_problem

MAX_ROWS = 10_000
MAX_COLS = 256
CHILD_MEMORY = 2 * 1024**3  # address space of the calamine child
CHILD_TIMEOUT = 120
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TITLE = re.compile(rb"<dc:title[^>]*>(.*?)</dc:title>", re.DOTALL)


def cell_text(value: object) -> str:
    """The printed text of one calamine value, inventing nothing."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _sheet_rows(sheet) -> tuple[list[list[str]], list]:  # noqa: ANN001 (calamine sheet)
    """At most ``MAX_ROWS + 1`` rows of a sheet as printed text, and its merged ranges."""
    rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
    return [[cell_text(v) for v in r[:MAX_COLS]] for r in rows], list(sheet.merged_cell_ranges or [])


def _sheet_grid(name: str, rows: list[list[str]], merged: list, doc: Document) -> Grid:
    if len(rows) > MAX_ROWS:
        rows = rows[:MAX_ROWS]
        doc.flags.append("truncated")
        doc.meta["truncated"] = f"sheet {name!r} has more than {MAX_ROWS} rows; read the first {MAX_ROWS}"
    width = min(max((len(r) for r in rows), default=0), MAX_COLS)
    grid: Grid = [list(r[:width]) + [""] * (width - len(r)) for r in rows]
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(grid) or c0 >= width:
            continue
        text = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                grid[r][c] = text
    while grid and not any(grid[-1]):
        grid.pop()  # trailing empty rows are formatting, not data
    return grid


def _read_sheets(data: bytes) -> list[tuple[str, list[list[str]], list]]:
    """Every sheet as (name, rows, merged ranges), parsed by calamine in *this* process."""
    import python_calamine

    with python_calamine.load_workbook(io.BytesIO(data)) as workbook:
        return [(name, *_sheet_rows(workbook.get_sheet_by_name(name))) for name in workbook.sheet_names]


def _read_sheets_isolated(data: bytes) -> list[tuple[str, list[list[str]], list]]:
    """:func:`_read_sheets` in a child process with capped memory and time.

    A damaged file can make calamine (Rust) allocate gigabytes or abort the process — a
    9 KB fuzzed .xls asked for 4 GiB and then 24 GB — which no ``except`` can catch and
    which would kill the crawler. The child dies instead; its failure becomes a flag.
    """
    proc = subprocess.run([sys.executable, "-m", "extract.readers.xls"], input=data, capture_output=True,
                          timeout=CHILD_TIMEOUT, check=False)
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.decode("utf-8", "replace").splitlines()
                 if line.strip() and not line.startswith((" ", "stack backtrace", "note:"))]
        raise _ChildFailed(f"exit {proc.returncode}: {lines[-1] if lines else 'no message'}")
    return [(name, rows, [tuple(map(tuple, m)) for m in merged]) for name, rows, merged in json.loads(proc.stdout)]


class _ChildFailed(RuntimeError):
    """The isolated calamine child crashed, ran out of memory or time."""


def _container_problem(data: bytes) -> str | None:
    if data.startswith(b"PK"):
        return zip_problem(data, "xls")
    if len(data) > MAX_BYTES:
        return f"unreadable: xls: {len(data) / 2**20:.1f} MB exceeds the {MAX_BYTES // 2**20} MB limit"
    if not data.startswith(_OLE_MAGIC):
        return "unreadable: xls: neither an OLE (.xls) nor a zip (.xlsx/.ods) container"
    return None


def _zip_title(data: bytes) -> str | None:
    if not data.startswith(b"PK"):
        return None
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "docProps/core.xml" not in zf.namelist():
            return None
        found = _TITLE.search(zf.read("docProps/core.xml"))
    return html.unescape(found.group(1).decode("utf-8", "replace")).strip() if found else None


def read(data: bytes) -> Document:
    """Read a workbook; never raises (problems become ``flags``)."""
    doc = Document(source_format="xls")
    problem = _container_problem(data)
    if problem:
        doc.flags.append(problem)
        return doc
    try:
        title = _zip_title(data)
        if title:
            doc.meta["title"] = title
        sheets = _read_sheets_isolated(data)
    except subprocess.TimeoutExpired:
        doc.flags.append(f"unreadable: xls: the reader took longer than {CHILD_TIMEOUT} s")
        return doc
    except _ChildFailed as exc:
        doc.flags.append(f"unreadable: xls: the reader crashed ({exc})"[:300])
        return doc
    except Exception as exc:  # a zip that does not open, JSON the child could not write …
        doc.flags.append(f"unreadable: xls: {type(exc).__name__}: {exc}"[:300])
        return doc
    for name, rows, merged in sheets:
        grid = _sheet_grid(name, rows, merged, doc)
        if grid:
            doc.blocks += [Block(text=name), Block(grid=grid)]
    if not doc.blocks:
        doc.flags.append("unreadable: xls: every sheet is empty")
    return doc


def _child() -> None:
    """``python -m extract.readers.xls``: workbook bytes on stdin → sheets as JSON on stdout."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, hard))
    sheets = _read_sheets(sys.stdin.buffer.read())
    sys.stdout.write(json.dumps(sheets, ensure_ascii=False))


if __name__ == "__main__":
    _child()
