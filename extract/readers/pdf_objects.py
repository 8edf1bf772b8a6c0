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
    height, initial_doctop = page.height, page.initial_doctop
    mb_x0, mb_top = page.mediabox[:2]
    colour_spaces: dict[str, str] = {}
    objects: dict[str, list[dict]] = {}

    def char(obj: LTChar) -> dict | None:
        if not hasattr(obj, "ncs") or hasattr(obj, "scs") or isinstance(obj.fontname, bytes):
            return None  # not the char pdfminer makes today: pdfplumber's general path
        attr = {}
        for key, value in obj.__dict__.items():
            if key in ALL_ATTRS:
                attr[key] = value if _plain(value) else resolve_all(value)
        attr["object_type"] = "char"
        attr["page_number"] = page.page_number
        name = obj.ncs.name
        if isinstance(name, str):
            if name not in colour_spaces:
                colour_spaces[name] = resolve_and_decode(name)
            attr["ncs"] = colour_spaces[name]
        else:
            attr["ncs"] = resolve_and_decode(name)
        attr["text"] = obj.get_text()
        state = obj.graphicstate
        attr["stroking_color"] = state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
        attr["non_stroking_color"] = state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
        attr["top"] = (height - attr["y1"]) + mb_top
        attr["bottom"] = (height - attr["y0"]) + mb_top
        attr["doctop"] = initial_doctop + attr["top"]
        if mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr

    def visit(layout_objects: list) -> None:
        for obj in layout_objects:
            if isinstance(obj, LTContainer):  # a figure: its contents, not itself (no laparams)
                visit(obj._objs)
                continue
            attr = char(obj) if type(obj) is LTChar else None
            if attr is None:
                attr = page.process_object(obj)
            if attr["object_type"] != "anno":
                objects.setdefault(attr["object_type"], []).append(attr)

    visit(page.layout._objs)
    page._objects = objects
