"""A report as a legacy Word 97 (.doc) attachment, and as a Kingsoft WPS (.wps) file.

Old offices still publish .doc, and WPS Office users publish .wps — an OLE compound file
whose text stream follows Word 97's layout. Nothing in Python writes Word 97, so the
DOCX rendering (:func:`~portal.render.docx.render_report_docx`) is converted by
LibreOffice (``soffice --headless --convert-to doc``), the same way a clerk's "save as"
produces one. The .wps variant is that Word 97 file under the name and MIME type WPS
Office gives it; a reader must cope with either.

Requires LibreOffice (Debian ``libreoffice-writer-nogui``); :func:`doc_available` says
whether it is installed. Each conversion uses its own throw-away profile directory so
concurrent runs do not fight over LibreOffice's profile lock. Output bytes vary between
conversions (LibreOffice stamps the file), so the portal renders these once and caches.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from portal.render.docx import render_report_docx

CONVERT_TIMEOUT = 120  # seconds; a cold LibreOffice start takes ~2 s, a loaded CI box far more


def soffice_path() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_available() -> bool:
    return soffice_path() is not None


def convert_with_soffice(data: bytes, source_suffix: str, target: str) -> bytes:
    """Convert ``data`` (a file ending ``source_suffix``) to LibreOffice filter ``target``.

    Raises ``RuntimeError`` with LibreOffice's own output when the conversion fails.
    """
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="nianbao-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"report{source_suffix}"
        source.write_bytes(data)
        out_dir = work / "out"
        cmd = [soffice, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(out_dir), str(source)]
        proc = subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
        produced = sorted(out_dir.glob("report.*")) if out_dir.exists() else []
        if not produced:
            raise RuntimeError(f"soffice --convert-to {target} produced nothing (rc={proc.returncode}): "
                               f"{proc.stderr.decode('utf-8', 'replace')[-500:]}")
        return produced[0].read_bytes()


def render_report_doc(report: dict) -> bytes:
    """The report as a Word 97 .doc (LibreOffice's "MS Word 97" export of the DOCX)."""
    return convert_with_soffice(render_report_docx(report), ".docx", "doc:MS Word 97")


def render_report_wps(report: dict) -> bytes:
    """The report as a .wps file: Word 97 binary content, as WPS Office writes it."""
    return render_report_doc(report)
