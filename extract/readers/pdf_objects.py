"""A page's objects as pdfplumber builds them, with the chars built the short way.

After pdfminer's own parsing, the largest cost of reading a PDF was pdfplumber turning
each of a page's hundreds of ``LTChar`` into a dict (``Page.process_object``): for every
attribute of every char it runs the generic ``resolve_all`` (written for PDF object
references, which a char's coordinates never are), a regex on the class name and a
PDFDocEncoding decode of the colour space name. :func:`fill_objects` builds the same dict
— same keys, same order, same values — directly, and hands everything else (rects,
lines, curves, images, and any char it is not sure of) to pdfplumber itself. It stores
the result where pdfplumber caches it (``Page._objects``), so ``page.chars``,
``find_tables``, ``filter`` and ``extract_text_lines`` all work on it unchanged.

``tests/extract_formats/test_pdf_objects.py`` compares the dicts with pdfplumber's own
for whole rendered reports, so a pdfplumber upgrade that changes them fails a test
instead of changing what is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pdfminer.layout import LTChar, LTContainer
from pdfplumber.page import ALL_ATTRS
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

_PLAIN = (float, int, bool, str, type(None))  # values resolve_all returns as they are


def _plain(value: Any) -> bool:
    if isinstance(value, _PLAIN):
        return True
    return isinstance(value, tuple) and all(isinstance(v, (float, int)) for v in value)  # a char's matrix


def fill_objects(page) -> None:  # noqa: ANN001 (pdfplumber.page.Page)
    """Set ``page._objects`` to what ``Page.parse_objects`` would return, built faster."""
    if page.pdf.laparams is not None or page.pdf.unicode_norm is not None:
        return  # layout containers or normalised text: leave it all to pdfplumber
    place = _Placement(page.page_number, page.height, page.initial_doctop, *page.mediabox[:2])
    objects: dict[str, list[dict]] = {}
    pending = list(reversed(page.layout._objs))
    while pending:  # depth first, in order, as pdfplumber's iter_layout_objects
        obj = pending.pop()
        if isinstance(obj, LTContainer):  # a figure: its contents, not itself (no laparams)
            pending.extend(reversed(obj._objs))
            continue
        attr = _char(obj, place) if type(obj) is LTChar else None
        if attr is None:
            attr = page.process_object(obj)
        if attr["object_type"] != "anno":
            objects.setdefault(attr["object_type"], []).append(attr)
    page._objects = objects


@dataclass(frozen=True)
class _Placement:
    """What a char's dict takes from its page."""

    page_number: int
    height: float
    initial_doctop: float
    mb_x0: float
    mb_top: float


@lru_cache(maxsize=64)
def _colour_space(name: str) -> str:
    return resolve_and_decode(name)


def _char(obj: LTChar, place: _Placement) -> dict | None:
    """``Page.process_object(obj)`` for a plain char, or None to let pdfplumber do it."""
    if not hasattr(obj, "ncs") or hasattr(obj, "scs") or isinstance(obj.fontname, bytes):
        return None  # not the char pdfminer makes today: pdfplumber's general path
    attr = {}
    for key, value in obj.__dict__.items():
        if key in ALL_ATTRS:
            attr[key] = value if _plain(value) else resolve_all(value)
    attr["object_type"] = "char"
    attr["page_number"] = place.page_number
    name = obj.ncs.name
    attr["ncs"] = _colour_space(name) if isinstance(name, str) else resolve_and_decode(name)
    attr["text"] = obj.get_text()
    state = obj.graphicstate
    attr["stroking_color"] = state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
    attr["non_stroking_color"] = state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
    attr["top"] = (place.height - attr["y1"]) + place.mb_top
    attr["bottom"] = (place.height - attr["y0"]) + place.mb_top
    attr["doctop"] = place.initial_doctop + attr["top"]
    if place.mb_x0 != 0:
        attr["x0"] = attr["x0"] + place.mb_x0
        attr["x1"] = attr["x1"] + place.mb_x0
    return attr
