"""Bytes → text for the text-like formats (HTML, flattened text).

Order of trust: a byte-order mark, then the charset the server declared (Content-Type),
then the one the document declares (``<meta charset>``, passed by the HTML reader), then
strict UTF-8, then charset-normalizer's guess. A declared ``gb2312``/``gbk`` is read as
``gb18030``, its superset, because real "GB2312" pages carry GBK-only characters
(domain.md §4.4). A declaration that does not decode cleanly is not believed; the last
resort decodes with replacement characters and flags ``decode_errors``. A server's
``iso-8859-1`` is believed last: it decodes any bytes, and servers send it for GBK pages.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "csgb2312", "gb18030"}
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_WEAK_DECLARATIONS = {"latin-1", "iso8859-1", "ascii", "cp1252"}
_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, normalised."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return normalize_charset(match.group(1)) if match else None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(
    data: bytes, content_type: str | None = None, declared: str | None = None
) -> tuple[str, list[str]]:
    """Decode ``data``; return the text and any flags (``decode_errors``)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is not None:
                return text, []
    header = charset_from_content_type(content_type)
    candidates = [header, normalize_charset(declared), "utf-8"]
    if header in _WEAK_DECLARATIONS:  # servers label GBK error pages iso-8859-1; it decodes anything
        candidates = [normalize_charset(declared), "utf-8", header]
    for encoding in candidates:
        if encoding:
            text = _strict(data, encoding)
            if text is not None:
                return text, []
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    guess = normalize_charset(best.encoding) if best is not None else None
    if guess:
        text = _strict(data, guess)
        if text is not None:
            return text, []
    fallback = next((c for c in candidates if c), "gb18030")
    return data.decode(fallback, errors="replace"), ["decode_errors"]
