"""Public entry points: bytes, a file, or a read Document → the spec's :class:`Record`.

These never raise on bad input. Garbage, binary served as HTML, empty or truncated files
give a Record whose ``flags`` say what went wrong (``unreadable: …``, ``no_table``,
``truncated``), whose ``missing`` lists the codes the report should have had, and whose
``checks`` say ``n/a`` where nothing could be checked.

The pipeline: detect the format and read it (``detect``), split the text into sections
(``sections``), read the title/agency/year/date (``metadata``), find and map the three
template tables by their labels (``tables``), decide the template (``template``), list
what is missing (``codes``) and run the consistency rules (``checks``).
"""

from __future__ import annotations

from pathlib import Path

from extract.checks import RULES, run_checks
from extract.codes import expected_codes
from extract.detect import detect_format, read_document
from extract.document import Document
from extract.metadata import extract_metadata
from extract.record import Record
from extract.sections import legacy_chapters, split_sections
from extract.tables.common import Extraction
from extract.tables.legacy import legacy_rows
from extract.tables.locate import locate_tables
from extract.tables.section2 import map_section2
from extract.tables.section3 import map_section3
from extract.tables.section4 import map_section4
from extract.template import decide_template, implied_template


def extract_bytes(
    data: bytes, *, content_type: str | None = None, filename: str | None = None, url: str | None = None
) -> Record:
    """Extract the record from a report's bytes, whatever its format."""
    try:
        fmt = detect_format(data, content_type=content_type, filename=filename)
    except Exception as exc:  # noqa: BLE001 - detection must not lose the record
        fmt = None
        detection_error = f"unreadable: format detection failed: {exc}"
    else:
        detection_error = None
    if fmt is None:
        document = Document(source_format="unknown", flags=[detection_error or "unreadable: unknown format"])
    else:
        document = read_document(data, fmt, content_type=content_type)
    return document_to_record(document, url=url, filename=filename)


def extract_path(path: str | Path) -> Record:
    """Extract the record from a local file (its name helps format detection)."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        record = Record(source_format=None, flags=[f"unreadable: {exc.strerror or exc}"])
        record.missing = expected_codes("2021", None)
        record.checks = {rule: "n/a" for rule in RULES}
        return record
    return extract_bytes(data, filename=file.name)


def document_to_record(doc: Document, *, url: str | None = None, filename: str | None = None) -> Record:
    """Map a read :class:`Document` to the record: metadata, sections, cells, checks.

    ``filename`` is a title source of last resort (spreadsheets and attachments often
    carry no title inside but are named after the report); see ``extract.metadata``.
    """
    record = Record(url=url, source_format=doc.source_format, flags=list(doc.flags))
    paragraphs = [p for p in doc.paragraphs if p.strip()]
    record.sections = split_sections(paragraphs)
    meta = extract_metadata(doc, record.sections, filename=filename)
    record.title, record.agency, record.year, record.published = meta.title, meta.agency, meta.year, meta.published

    tables, other_grids = locate_tables(doc)
    extraction = Extraction()
    t2_template = None
    other_layout = None
    if "t2" in tables:
        result2 = map_section2(tables["t2"])
        extraction.merge(result2.extraction)
        t2_template = result2.template
    if "t3" in tables:
        result3 = map_section3(tables["t3"])
        extraction.merge(result3.extraction)
        other_layout = result3.other_layout
    if "t4" in tables:
        extraction.merge(map_section4(tables["t4"]).extraction)

    record.template = decide_template(t2_template, other_layout, bool(tables), record.year)
    record.cells, record.raw_cells = extraction.cells, extraction.raw_cells
    record.flags.extend(f for f in extraction.flags if f not in record.flags)

    if record.template == "legacy":
        record.sections = {}
        record.chapters = legacy_chapters(paragraphs)
        record.legacy_rows = legacy_rows(other_grids)
        record.checks = {rule: "n/a" for rule in RULES}
        return record

    if not tables:
        record.flags.append("no_table")
    t2_expected = t2_template or implied_template(record.year)
    other_layout = other_layout or ("single" if t2_expected == "2019" else "three")
    expected = expected_codes(t2_expected, other_layout)
    record.missing = [code for code in expected if code not in record.cells]
    for section in ("t2", "t3", "t4"):
        if section in tables and any(code.startswith(section + ".") for code in record.missing):
            record.flags.append(f"incomplete_table:{section}")
    if tables and not all(s in tables for s in ("t2", "t3", "t4")):
        record.flags.extend(f"no_table:{s}" for s in ("t2", "t3", "t4") if s not in tables)
    record.checks = run_checks(record.cells, other_layout)
    return record
