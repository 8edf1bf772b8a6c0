"""Cell text → the spec's value, exactly, or a clear refusal.

The numbers are the product, so this module never guesses:

- a blank cell or a placeholder (``—``, ``-``, ``--``, ``/``, ``无``, ``不适用``, ``N/A``) is
  ``None`` — many bodies write zero as a blank, but some mean "not applicable", and only
  the raw text (kept by the caller in ``raw_cells``) can tell;
- counts are non-negative integers (``"1,234"`` → 1234, full-width ``"１２"`` → 12,
  ``"零"`` → 0, a trailing unit such as ``"3件"`` → 3);
- the 2019 template's 本年增/减 column is signed (``"+19"`` → 19, ``"-417"`` → -417);
- money is a decimal *string* in 万元, never a float: ``"0.0000"`` stays ``"0.0000"``, a cell
  printed in 元 is converted with decimal arithmetic (``"251000元"`` → ``"25.1"``);
- anything else is ``not_numeric``: the caller keeps the raw text, leaves the code out of
  ``cells``, lists it in ``missing`` and flags ``not_numeric:<code>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from extract.labels import to_simplified
from extract.record import CellValue

Kind = Literal["count", "signed", "money"]
Status = Literal["number", "blank", "not_numeric"]

_PLACEHOLDER = re.compile(r"^(?:[-—–―─_/\\~～]+|无|暂无|不适用|N/?A|NA|null|none)$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:[^\d.,]*)$")
_COUNT = re.compile(r"^(\d+)(?:件|个|条|项|次|宗|起|份|人)?$")
_SIGNED = re.compile(r"^([+-]?)(\d+)(?:件|个|条|项)?$")
_MONEY = re.compile(r"^(\d+(?:\.\d+)?)(万元|万|元)?$")
_ZERO_WORDS = {"零": "0", "〇": "0"}
_SPACES = re.compile(r"(?<!\d)\s+|\s+(?!\d)")  # "1 2" stays two numbers
# Tables repeat the same few texts ("0", "", "—") thousands of times and the mappings read
# each cell more than once (label or value? then which kind?), so the readings below are
# memoised; they are pure functions of their arguments and return immutable values.
_CACHE_SIZE = 8192


@dataclass(frozen=True)
class Parsed:
    """The outcome of reading one cell: its value and whether it was a number, blank or neither."""

    value: CellValue
    status: Status


BLANK = Parsed(None, "blank")
NOT_NUMERIC = Parsed(None, "not_numeric")


@lru_cache(maxsize=_CACHE_SIZE)
def canonical_text(raw: str) -> str:
    """The cell text with full-width forms folded (NFKC), minus signs unified, spaces removed."""
    text = to_simplified(raw)  # NFKC (full-width digits) and 無/不適用 → 无/不适用
    text = text.replace("\u2212", "-").replace("\ufe63", "-")
    text = _SPACES.sub("", text.strip())
    return _ZERO_WORDS.get(text, text)


def is_placeholder(raw: str) -> bool:
    """True for a blank cell or one of the placeholders that stand for "nothing printed"."""
    text = canonical_text(raw)
    return text == "" or bool(_PLACEHOLDER.match(text))


def _drop_thousands(text: str) -> str:
    return text.replace(",", "") if _THOUSANDS.match(text) else text


@lru_cache(maxsize=_CACHE_SIZE)
def parse_value(raw: str | None, kind: Kind = "count", default_unit: str | None = None) -> Parsed:
    """Read one cell's printed text as the spec says a value of ``kind`` is read.

    ``default_unit`` is the money unit the column header declares (``"元"`` for a header
    saying 单位：元); a unit printed in the cell itself wins.
    """
    if raw is None:
        return BLANK
    text = canonical_text(raw)
    if text == "" or _PLACEHOLDER.match(text):
        return BLANK
    text = _drop_thousands(text)
    if kind == "count":
        match = _COUNT.match(text)
        return Parsed(int(match.group(1)), "number") if match else NOT_NUMERIC
    if kind == "signed":
        match = _SIGNED.match(text)
        if not match:
            return NOT_NUMERIC
        number = int(match.group(2))
        return Parsed(-number if match.group(1) == "-" else number, "number")
    match = _MONEY.match(text)
    if not match:
        return NOT_NUMERIC
    amount, unit = match.groups()
    if (unit or default_unit) == "元":
        return Parsed(yuan_to_wanyuan(amount), "number")
    return Parsed(amount, "number")


def yuan_to_wanyuan(amount: str) -> str:
    """Exact 元 → 万元 conversion on the decimal string ("251000" → "25.1", "0" → "0")."""
    try:
        value = Decimal(amount).scaleb(-4)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not a decimal amount: {amount!r}") from None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


@lru_cache(maxsize=_CACHE_SIZE)
def is_value_like(raw: str | None) -> bool:
    """True if the cell could be a table value of any kind (blank, placeholder or number).

    Used to tell a row's label cells from its value cells; never to read the value.
    """
    if raw is None:
        return True
    return any(parse_value(raw, kind).status != "not_numeric" for kind in ("count", "signed", "money"))
