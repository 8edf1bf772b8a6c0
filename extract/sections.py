"""The six sections' text (一 总体情况 … 六 其他需要报告的事项), found by their headings.

Headings are recognised by their words, not their numbers, because published reports
get the numbering wrong (domain.md §4.5: chapters shifted 一…五 instead of 二…六, "四、"
used for the 申请 section). A line is a heading when it is short, carries a top-level
numeral prefix (``二、``, ``三.``) or nothing but the heading words, and names one of the
six sections; sub-headings such as ``（一）主动公开方面`` never are. Sections must appear in
order, so a later line that happens to name an earlier section stays body text.

Pre-2019 reports have their own chapters (概述, 主动公开, 回应解读, 依申请公开, …) that do
not map onto s1…s6; :func:`legacy_chapters` returns them as printed, heading and text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.labels import label_key, to_simplified

_NUMERALS = "一二三四五六七八九十"
_TOP_NUMBER = re.compile(rf"^\s*(?:第)?([{_NUMERALS}]{{1,3}})\s*(?:[、.．,，:：]|章|部分)\s*")
_PAREN_NUMBER = re.compile(r"^\s*[(（]")

# Checked in this order: the later sections' words are the more specific.
_SECTION_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("s6", re.compile(r"其他需要报告|其他需报告|其他事项")),
    ("s5", re.compile(r"存在的?主要问题|存在问题|问题及改进|问题和改进|改进情况|改进措施")),
    ("s4", re.compile(r"行政复议|行政诉讼")),
    ("s3", re.compile(r"收到和处理|依申请公开|申请情况")),
    ("s2", re.compile(r"主动公开")),
    ("s1", re.compile(r"总体情况|基本情况|概述")),
]
MAX_HEADING_KEY = 32
# Headings printed without a numeral are accepted only in their template wording.
_UNNUMBERED_HEADINGS = {
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议行政诉讼情况",
    "存在的主要问题及改进情况", "其他需要报告的事项",
}


@lru_cache(maxsize=2048)  # each paragraph is asked by the sections, the metadata and the table locator
def heading_section(line: str) -> str | None:
    """``"s1"``…``"s6"`` if the line is one of the six section headings, else None."""
    text = to_simplified(line).strip()
    if not text or "。" in text or _PAREN_NUMBER.match(text):
        return None
    numbered = _TOP_NUMBER.match(text)
    body = text[numbered.end() :] if numbered else text
    key = label_key(body)
    if not key or len(key) > MAX_HEADING_KEY:
        return None
    for section, words in _SECTION_WORDS:
        if words.search(key):
            return section if numbered or key in _UNNUMBERED_HEADINGS else None
    return None


CLOSING_DATE = re.compile(
    r"^\s*([0-9〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([0-9一二三四五六七八九十]{1,3})\s*月"
    r"\s*([0-9一二三四五六七八九十]{1,3})\s*日\s*$"
)
_PAGE_CHROME = re.compile(
    r"^\s*(?:扫一扫|分享|文件下载|相关阅读|相关链接|相关文件|打印|关闭|【|责任编辑|浏览|字号|上一篇|下一篇|返回顶部|收藏)"
)
MAX_SIGNATURE = 40


def is_signature(line: str) -> bool:
    """A short line with no sentence punctuation: the body's name above the closing date."""
    text = line.strip()
    return 0 < len(text) <= MAX_SIGNATURE and not re.search(r"[。，,；;：:！？]", text)


def _trim_closing(lines: list[str]) -> list[str]:
    """Drop page chrome and the signature/date lines that follow the last section."""
    end = len(lines)
    while end and _PAGE_CHROME.match(lines[end - 1]):
        end -= 1
    if end and CLOSING_DATE.match(lines[end - 1]):
        end -= 1
        if end and is_signature(lines[end - 1]):
            end -= 1
    return lines[:end]


def split_sections(paragraphs: list[str]) -> dict[str, str]:
    """Text of each section found, keyed ``s1``…``s6``; paragraphs joined by newlines.

    The last section ends before the closing signature and date and any page chrome
    (扫一扫…, 文件下载, 相关阅读): they are not report text.
    """
    found: dict[str, list[str]] = {}
    current: str | None = None
    for paragraph in paragraphs:
        section = heading_section(paragraph)
        if section is not None and (current is None or section > current):
            current = section
            found[current] = []
            continue
        if current is not None and paragraph.strip():
            found[current].append(paragraph.strip())
    if current is not None:
        found[current] = _trim_closing(found[current])
    return {key: "\n".join(lines) for key, lines in found.items()}


def numeral_value(numeral: str) -> int | None:
    """一…九十九 as an int (enough for chapter numbers)."""
    digits = {ch: i + 1 for i, ch in enumerate(_NUMERALS[:9])}
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return digits.get(tens, 0) * 10 + (digits.get(ones, 0) if ones else 0)
    return digits.get(numeral)


_APPENDIX = re.compile(r"^\s*(?:附表|附件|附：)")


def legacy_chapters(paragraphs: list[str]) -> list[dict[str, str]]:
    """Pre-2019 chapters in printed order: each ``N、`` heading (numbers rising) starts one.

    A chapter ends at the next heading, at an appendix caption (附表：…) or, for the last
    one, before the closing signature/date and page chrome.
    """
    chapters: list[dict[str, str]] = []
    lines: list[str] = []
    last_number = 0
    open_chapter = False

    def close() -> None:
        if chapters:
            chapters[-1]["text"] = "\n".join(_trim_closing(lines))

    for paragraph in paragraphs:
        text = to_simplified(paragraph).strip()
        match = _TOP_NUMBER.match(text)
        number = numeral_value(match.group(1)) if match else None
        if number is not None and number > last_number and len(text) <= 40 and "。" not in text:
            close()
            last_number, lines, open_chapter = number, [], True
            chapters.append({"heading": paragraph.strip(), "text": ""})
            continue
        if _APPENDIX.match(text):
            open_chapter = False
        elif open_chapter and text:
            lines.append(paragraph.strip())
    close()
    return chapters
