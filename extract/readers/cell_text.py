"""Re-joining text that a layout broke into lines, shared by the PDF, DOCX and DOC readers.

A PDF or Word cell narrower than its label wraps "社会公益组织" into "社会公益" / "组织";
a PDF paragraph wraps at the right margin. Chinese has no spaces between words, so the
pieces are glued back without a separator — except between two Latin letters or digits
that a line break separated, where a space is what the author typed. Joining here (and
nowhere else) keeps every reader's cells comparable with the HTML reader's.
"""

from __future__ import annotations

import re

_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


def join_wrapped(pieces: list[str]) -> str:
    """Glue wrapped line pieces back into one string (pieces are stripped first)."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and _LATIN_END.search(out) and _LATIN_START.match(piece):
            out += " "
        out += piece
    return out


def join_cell_lines(text: str | None) -> str:
    """A cell's text with its line breaks removed by :func:`join_wrapped`."""
    if not text:
        return ""
    return join_wrapped(text.splitlines())
