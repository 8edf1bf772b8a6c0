"""Word 97 (.doc) → :class:`~extract.document.Document`, via external converters.

Nothing in Python parses Word 97 tables, so three tools are tried, best first:

1. LibreOffice (``soffice --headless --convert-to docx``), then the DOCX reader: real
   table objects with their merged cells; the only route that keeps table 三 intact
   (antiword drops rows of tables with vertical merges, catdoc loses the row structure);
2. ``antiword -m UTF-8.txt -w 0``: paragraphs, and tables rendered as ``|cell|cell|``
   lines, turned into grids by the positions of the bars (a cell spanning several columns
   fills them all). A cell whose text wrapped onto a second line yields an extra row;
3. ``catdoc``: text only; tab-separated lines become table rows.

Every subprocess has a timeout and a memory limit, works in a temporary directory that
is always removed, and a failure of one tool moves on to the next. When none can read
the file the Document says so plainly (``unreadable: doc: …``).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from extract.document import Block, Document, Grid
from extract.readers import docx as docx_reader
from extract.readers.cell_text import join_wrapped

MAX_BYTES = 50 * 1024 * 1024
TOOL_TIMEOUT = 30  # seconds for antiword/catdoc
SOFFICE_TIMEOUT = 120  # a cold LibreOffice start is ~2 s; loaded CI machines are slower
MEMORY_LIMIT = 1024 * 1024 * 1024  # address space of antiword/catdoc
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the directory entry Word and WPS Office write


def _limit_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(cmd: list[str], timeout: int, limit_memory: bool = True) -> tuple[int, bytes, bytes]:
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                          preexec_fn=_limit_memory if limit_memory else None)
    return proc.returncode, proc.stdout, proc.stderr


def _width(text: str) -> int:
    """Display width as antiword lays it out: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _bar_positions(line: str) -> list[int]:
    positions, col = [], 0
    for ch in line:
        if ch == "|":
            positions.append(col)
        col += _width(ch)
    return positions


def parse_antiword(text: str) -> list[Block]:
    """Paragraphs and ``|cell|cell|`` tables from antiword's text output."""
    blocks: list[Block] = []
    para: list[str] = []
    table: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block(text=join_wrapped(para)))
            para.clear()
        if table:
            blocks.append(Block(grid=_bars_to_grid(table)))
            table.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            if para:
                flush()
            table.append(line)
        elif not line.strip():
            flush()
        else:
            if table:
                flush()
            para.append(line)
    flush()
    return blocks


def _bars_to_grid(lines: list[str]) -> Grid:
    """Rows of bar-separated cells; a cell covers every table column between its bars."""
    bounds: list[int] = []
    for p in sorted({p for line in lines for p in _bar_positions(line)}):
        if not bounds or p - bounds[-1] > 2:  # antiword pads spanning cells a column short or long
            bounds.append(p)
    grid: Grid = []
    for line in lines:
        bars = _bar_positions(line)
        cells = line.split("|")[1:-1]
        row: list[str | None] = []
        for cell, start, end in zip(cells, bars, bars[1:], strict=False):
            span = sum(1 for b in bounds if start - 2 <= b < end - 2)
            row.extend([cell.strip()] * max(span, 1))
        grid.append(row + [None] * (len(bounds) - 1 - len(row)))
    return grid


def parse_catdoc(text: str) -> list[Block]:
    """Paragraphs, and consecutive tab-separated lines as table rows, from catdoc output."""
    blocks: list[Block] = []
    for line in text.splitlines():
        if "\t" in line:
            row: list[str | None] = [c.strip() for c in line.split("\t")]
            last = blocks[-1] if blocks else None
            if last is not None and last.grid is not None:
                last.grid.append(row)
            else:
                blocks.append(Block(grid=[row]))
        elif line.strip():
            blocks.append(Block(text=line.strip()))
    width = {id(b): max(len(r) for r in b.grid) for b in blocks if b.grid}
    for b in blocks:
        if b.grid:
            b.grid = [r + [None] * (width[id(b)] - len(r)) for r in b.grid]
    return blocks


def _via_soffice(path: Path, work: Path) -> tuple[list[Block], dict[str, str]] | str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "LibreOffice not installed"
    out = work / "converted"
    cmd = [soffice, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
           "--infilter=MS Word 97", "--convert-to", "docx", "--outdir", str(out), str(path)]
    _, _, stderr = _run(cmd, SOFFICE_TIMEOUT, limit_memory=False)  # soffice reserves a large address space
    produced = sorted(out.glob("*.docx")) if out.exists() else []
    if not produced:
        return f"LibreOffice could not convert it ({stderr.decode('utf-8', 'replace').strip()[-200:]})"
    converted = docx_reader.read(produced[0].read_bytes())
    if converted.flags:
        return f"LibreOffice output unreadable ({'; '.join(converted.flags)})"
    return converted.blocks, converted.meta


def _via_text_tool(cmd: list[str], parse) -> tuple[list[Block], dict[str, str]] | str:  # noqa: ANN001
    if shutil.which(cmd[0]) is None:
        return f"{cmd[0]} not installed"
    rc, stdout, stderr = _run(cmd, TOOL_TIMEOUT)
    text = stdout.decode("utf-8", "replace")
    if rc != 0 or not text.strip():
        return f"{cmd[0]} failed (rc={rc}: {stderr.decode('utf-8', 'replace').strip()[:200]})"
    return parse(text), {}


def read_word97(data: bytes, fmt: str) -> Document:
    """Read Word-97-style OLE documents (.doc, and .wps from WPS Office) as ``fmt``."""
    doc = Document(source_format=fmt)
    if len(data) > MAX_BYTES:
        doc.flags.append(f"unreadable: {fmt}: {len(data) / 2**20:.1f} MB exceeds the {MAX_BYTES // 2**20} MB limit")
        return doc
    if not data.startswith(OLE_MAGIC):
        doc.flags.append(f"unreadable: {fmt}: not an OLE compound file (Word 97/WPS); the bytes start {data[:8]!r}")
        return doc
    if _WORD_STREAM not in data:
        doc.flags.append(f"unreadable: {fmt}: OLE file without a WordDocument stream (not a Word 97/WPS text file)")
        return doc
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        work = Path(tmp)
        path = work / f"input.{fmt}"
        path.write_bytes(data)
        attempts = [
            ("libreoffice", lambda: _via_soffice(path, work)),
            ("antiword", lambda: _via_text_tool(["antiword", "-m", "UTF-8.txt", "-w", "0", str(path)], parse_antiword)),
            ("catdoc", lambda: _via_text_tool(["catdoc", "-w", "-d", "utf-8", str(path)], parse_catdoc)),
        ]
        for name, attempt in attempts:
            try:
                result = attempt()
            except (subprocess.TimeoutExpired, OSError) as exc:
                result = f"{name}: {type(exc).__name__}"
            if isinstance(result, str):
                failures.append(result)
                continue
            doc.blocks, meta = result
            doc.meta.update(meta)
            doc.meta["converter"] = name
            return doc
    doc.flags.append(f"unreadable: {fmt}: no converter could read it: " + "; ".join(failures))
    return doc


def read(data: bytes) -> Document:
    """Read a .doc; never raises (problems become ``flags``)."""
    return read_word97(data, "doc")
