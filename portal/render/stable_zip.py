"""Re-pack an OOXML zip with fixed timestamps so the same content gives the same bytes.

python-docx and openpyxl stamp every zip member with the wall-clock time, so a DOCX or
XLSX rendered twice differs. The portal must serve identical attachments on every run
(archives and digests compare across runs), so both renderers pass their output through
:func:`stable_zip`. Member order and content are kept as written.
"""

from __future__ import annotations

import io
import zipfile

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip header can hold


def stable_zip(data: bytes) -> bytes:
    """``data`` (a zip) with every member's date set to 1980-01-01 and fixed attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
