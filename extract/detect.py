"""Which format a file is, and which reader reads it.

Evidence in order of trust: the bytes (``%PDF``, a zip holding ``word/`` or ``xl/``, an
OLE2 compound file ``D0CF11E0`` whose stream names say Word or Excel), then the file name
(``.wps`` is an OLE file too), then the Content-Type, then whether the text looks like
markup. Government servers mislabel attachments (``application/octet-stream``,
``text/html`` for a PDF), so the bytes win over the header.

Each format has a reader module ``extract/readers/<reader>.py`` exposing
``read(data: bytes) -> Document``; they are imported lazily so that a missing optional
reader costs a flag (``unreadable: …``), never an import error.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile

from extract.document import Document

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_HTML_HINT = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|div|table|p|span|title)\b", re.IGNORECASE)

# format -> reader module name (xlsx is read by the spreadsheet reader, recorded as "xls")
READERS = {"pdf": "pdf", "docx": "docx", "doc": "doc", "xls": "xls", "xlsx": "xls", "wps": "wps", "html": "html", "text": "text"}
SOURCE_FORMAT = {"xlsx": "xls"}
_EXTENSIONS = {
    ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".xls": "xls", ".xlsx": "xlsx", ".wps": "wps",
    ".et": "xls", ".htm": "html", ".html": "html", ".shtml": "html", ".txt": "text",
}
_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-works": "wps",
    "application/kswps": "wps",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}


def _extension(filename: str | None) -> str | None:
    if not filename:
        return None
    match = re.search(r"(\.[A-Za-z0-9]{2,5})\s*$", filename.split("?")[0])
    return _EXTENSIONS.get(match.group(1).lower()) if match else None


def _zip_format(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def _ole_format(data: bytes, by_name: str | None) -> str:
    if by_name in ("wps", "doc", "xls"):
        return by_name
    if "Workbook".encode("utf-16-le") in data:
        return "xls"
    return "doc"  # "WordDocument" stream, or unknown: the Word reader flags what it cannot read


def detect_format(data: bytes, *, content_type: str | None = None, filename: str | None = None) -> str | None:
    """``pdf``/``docx``/``xlsx``/``doc``/``xls``/``wps``/``html``/``text``, or None if unknown."""
    by_name = _extension(filename)
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data) or (by_name if by_name in ("docx", "xlsx") else None)
    if data.startswith(OLE_MAGIC):
        return _ole_format(data, by_name)
    mime = (content_type or "").split(";")[0].strip().lower()
    by_type = _CONTENT_TYPES.get(mime)
    if _HTML_HINT.search(data[:4096]):
        return "html"
    if by_type in ("html", "text") or by_name in ("html", "text"):
        return by_type or by_name
    if not data.strip():
        return by_type or by_name or "text"
    if b"\x00" in data[:4096]:
        return None
    return "text"


def read_document(data: bytes, fmt: str, *, content_type: str | None = None) -> Document:
    """Run the reader for ``fmt``; a missing or failing reader gives a flagged empty Document."""
    source_format = SOURCE_FORMAT.get(fmt, fmt)
    module_name = READERS.get(fmt)
    if module_name is None:
        return Document(source_format=source_format, flags=[f"unreadable: unsupported format {fmt}"])
    try:
        reader = importlib.import_module(f"extract.readers.{module_name}")
    except ImportError as exc:
        return Document(source_format=source_format, flags=[f"unreadable: no reader for {fmt} ({exc})"])
    try:
        if module_name in ("html", "text"):
            document = reader.read(data, content_type=content_type)
        else:
            document = reader.read(data)
    except Exception as exc:  # a reader bug must not lose the record: flag it  # noqa: BLE001
        return Document(source_format=source_format, flags=[f"unreadable: {fmt} reader failed: {type(exc).__name__}: {exc}"])
    if not isinstance(document, Document):
        return Document(source_format=source_format, flags=[f"unreadable: {fmt} reader returned {type(document).__name__}"])
    return document
