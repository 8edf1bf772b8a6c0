"""Label normalisation, in one place, so every matcher compares labels the same way.

Real tables print the same label in many ways: full-width or ASCII punctuation
(（一） / (一)), traditional characters (本年度辦理結果), a line break or spaces inside a
label where Word wrapped the cell (本年度办 理结果, 社会公益 组织), or curly vs straight
quotes. Two functions cover every comparison the extractor makes:

- :func:`normalize_label` — the printed label made canonical but still readable
  (NFKC, simplified characters, no whitespace, one form of each punctuation mark);
- :func:`label_key` — the same with all punctuation removed, for keyword matching
  (``（三）不予公开 1.属于国家秘密`` → ``三不予公开1属于国家秘密``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

# Punctuation NFKC leaves alone but labels print in several ways.
_PUNCT_MAP = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "—": "-",
        "–": "-",
        "－": "-",
        "−": "-",
    }
)
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """Canonical printed form of a label: NFKC, simplified, no whitespace, one punctuation form."""
    text = unicodedata.normalize("NFKC", text)
    text = _T2S.convert(text)
    text = text.translate(_PUNCT_MAP)
    return _WHITESPACE.sub("", text)


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The normalised label with every punctuation mark and symbol removed, for keyword matching."""
    return "".join(ch for ch in normalize_label(text) if unicodedata.category(ch)[0] not in "PSZ")


def to_simplified(text: str) -> str:
    """NFKC + traditional→simplified for running text (whitespace kept, unlike labels)."""
    return _T2S.convert(unicodedata.normalize("NFKC", text))


def clean_text(text: str) -> str:
    """Collapse runs of whitespace (including &nbsp; and ideographic spaces) to one space.

    Most texts are clean already (every table cell passes here from the reader, the row
    reader and the value sink), or clean but for white space at their ends (a cell's text
    as the HTML reader collects it); for those the answer is the stripped text, found by C
    string tests: every white space but the ASCII space is unprintable, so a printable
    text with no double space, stripped, has nothing left to collapse.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    stripped = text.strip()
    if stripped.isprintable() and "  " not in stripped:
        return stripped
    return _WHITESPACE.sub(" ", text.replace("\u00a0", " ").replace("\u3000", " ")).strip()
