"""Kingsoft WPS Writer (.wps) → :class:`~extract.document.Document`.

Since WPS Office 2005 a .wps file is an OLE compound document whose text stream follows
Word 97's layout, so it goes through the same converters as .doc (LibreOffice, then
antiword, then catdoc; see :mod:`extract.readers.doc`). Older WPS formats (the DOS-era
and WPS 97 ``.wps``) are not OLE files; those, and anything no converter can read, end
as ``unreadable: wps: …`` with the reason, never as a guess.
"""

from __future__ import annotations

from extract.document import Document
from extract.readers.doc import read_word97


def read(data: bytes) -> Document:
    """Read a .wps; never raises (problems become ``flags``)."""
    return read_word97(data, "wps")
