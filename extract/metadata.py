"""Report-level facts: title, agency, the year reported on, the date published.

Sources in order of trust, each never the URL (year folders on real sites hold the
publish year or nothing reliable, domain.md §1.2):

- **title**: the page's ArticleTitle meta, the article heading, the ``<title>`` (site
  suffix removed), else the first lines of the text that read as a report title (two
  lines joined when the title is broken: "…管委会关于" / "2021年…年度工作报告"), else the
  file name when it reads as one: spreadsheets and attachments often carry no title
  inside, and offices name the file after the report
  (``青溪县城关镇2021年政府信息公开工作年度报告.xls``).
- **agency**: the title minus site suffixes and minus the "…年度报告" tail; else the
  signature line above the closing date; else the file name's. When the title names a
  township or street without 人民政府/办事处 and the signature is its full form
  (城关镇 / 青溪县城关镇人民政府), the signature is taken; a signing office
  (…人民政府办公室) never replaces its government. Without such a signature the
  township's or street's government is named (城关镇 → 城关镇人民政府, 新华街道 →
  新华街道办事处): their reports are their governments' (domain.md §1), so the record
  names the same body whether or not the file carries a signature.
- **year**: the 统计期限 sentence (本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止,
  统计时限为…, 2021年1月1日至12月31日期间), then the title, then the year the 总体情况
  text names most often, then the file name's.
- **published**: the PubDate meta, then 发布时间/发布日期/时间 in the page text, then the
  closing date line (2025年1月9日, or 二〇二五年一月九日).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

from extract.document import Document
from extract.labels import to_simplified
from extract.sections import CLOSING_DATE, heading_section, is_signature
from extract.titles import agency_from_title, is_report_title, report_year, strip_site_suffix

_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|-|~)\s*(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日"
)
_LABELLED_DATE = re.compile(
    r"(?:发布时间|发布日期|成文日期|发文日期|日期|时间)\s*[:：]?\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3", "四": "4",
              "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_BODY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
TITLE_LINES = 8
_FULL_GOVERNMENT = re.compile(r"(?:人民政府|办事处)$")
_TOWNSHIP = re.compile(r"(?:(?<!乡)镇|乡)$")  # 城关镇, 二台乡; not 乡镇 (all townships)
_STREET = re.compile(r"街道$")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    published: str | None = None


def _cn_number(text: str) -> int | None:
    """Digits or Chinese numerals (二〇二五, 十二, 二十一) as an int."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return int(_CN_DIGITS.get(tens, "1") if tens else "1") * 10 + (int(_CN_DIGITS[ones]) if ones else 0)
    digits = "".join(_CN_DIGITS.get(ch, "") for ch in text)
    return int(digits) if len(digits) == len(text) else None


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if year is None or month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def filename_title(filename: str | None) -> str | None:
    """The file name without folders and extension, when it reads as a report title."""
    if not filename:
        return None
    name = unquote(filename.split("?")[0].replace("\\", "/").rsplit("/", 1)[-1])
    stem = _EXTENSION.sub("", name).strip()
    return stem if stem and is_report_title(stem) else None


def _title(doc: Document, paragraphs: list[str], file_title: str | None) -> str | None:
    for key in ("ArticleTitle", "articletitle", "heading", "title"):
        value = doc.meta.get(key)
        if value and is_report_title(value):
            return strip_site_suffix(value)
    head: list[str] = []
    for paragraph in paragraphs:
        if heading_section(paragraph) is not None or len(head) >= TITLE_LINES:
            break
        head.append(paragraph.strip())
    singles = [line for line in head if _title_like(line)]
    pairs = [a + b for a, b in zip(head, head[1:], strict=False) if not _title_like(a) and _title_like(a + b)]
    # A title naming its agency wins; a title broken over two lines ("…管委会关于" / "2021年…")
    # names it only when joined.
    for candidate in [*singles, *pairs]:
        if agency_from_title(candidate):
            return candidate
    if singles or pairs:
        return [*singles, *pairs][0]
    if file_title:
        return file_title
    for key in ("ArticleTitle", "heading", "title"):
        if doc.meta.get(key):
            return strip_site_suffix(doc.meta[key])
    return None


def _title_like(line: str) -> bool:
    return len(line) <= 80 and ">" not in line and is_report_title(line)


def _closing(paragraphs: list[str]) -> tuple[str | None, str | None]:
    """(signature line, ISO date) from the closing date line near the end, if any."""
    tail = [p.strip() for p in paragraphs[-12:] if p.strip()]
    for i in range(len(tail) - 1, -1, -1):
        match = CLOSING_DATE.match(tail[i])
        if match:
            date = _iso(*(_cn_number(g) for g in match.groups()))
            signature = tail[i - 1] if i > 0 and is_signature(tail[i - 1]) else None
            return signature, date
    return None, None


def _year(paragraphs: list[str], title: str | None, sections: dict[str, str]) -> int | None:
    for paragraph in paragraphs:
        match = _PERIOD.search(to_simplified(paragraph))
        if match:
            return int(match.group(2) or match.group(1))
    if title and report_year(title):
        return report_year(title)
    body = sections.get("s1", "")
    years = Counter(int(y) for y in _BODY_YEAR.findall(body) if 2000 <= int(y) <= 2100)
    if years:
        (best, count), *rest = years.most_common()
        if not rest or rest[0][1] < count:
            return best
    return None


def _published(doc: Document, paragraphs: list[str], closing_date: str | None) -> str | None:
    pubdate = doc.meta.get("PubDate") or doc.meta.get("pubdate") or doc.meta.get("firstpublishedtime")
    if pubdate:
        match = _ISO_DATE.search(pubdate)
        if match:
            return _iso(*(int(g) for g in match.groups()))
    texts = [doc.meta.get("outside_text", ""), *paragraphs[:TITLE_LINES]]
    for text in texts:
        match = _LABELLED_DATE.search(text)
        if match:
            return _iso(*(int(g) for g in match.groups()))
    return closing_date


def _government(agency: str | None) -> str | None:
    """A township or street named alone → its government (城关镇 → 城关镇人民政府)."""
    if agency and _TOWNSHIP.search(agency):
        return agency + "人民政府"
    if agency and _STREET.search(agency):
        return agency + "办事处"
    return agency


def extract_metadata(doc: Document, sections: dict[str, str], filename: str | None = None) -> Metadata:
    """Title, agency, year and publish date of the report in ``doc`` (``filename``: its file's name)."""
    paragraphs = [p for p in doc.paragraphs if p.strip()]
    file_title = filename_title(filename)
    title = _title(doc, paragraphs, file_title)
    signature, closing_date = _closing(paragraphs)
    agency = agency_from_title(title) if title else None
    if agency and signature and agency in signature and _FULL_GOVERNMENT.search(signature):
        if not _FULL_GOVERNMENT.search(agency):
            agency = signature  # the signature gives the full name (城关镇 → 城关镇人民政府)
    agency = agency or signature or (agency_from_title(file_title) if file_title else None)
    year = _year(paragraphs, title, sections) or (report_year(file_title) if file_title else None)
    return Metadata(
        title=title,
        agency=_government(agency),
        year=year,
        published=_published(doc, paragraphs, closing_date),
    )
