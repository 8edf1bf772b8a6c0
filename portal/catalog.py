"""The report content the portal publishes: hand-transcribed files plus exact derivations.

``portal/content/reports/*.json`` hold reports transcribed by hand from real samples
and our own writing (their values are the truth). A site needs more reports than there
are files — dozens of departments, several years — so :func:`derive` re-issues a content
file under another agency, title, date and (within the same template era) report year.
Only names, dates and years in the *text* change; ``cells`` and ``raw_cells`` are copied
untouched, so the truth of a derived report is as exact as its source's.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

CONTENT_DIR = Path(__file__).parent / "content" / "reports"

_YEAR = re.compile(r"(?<![\d〔\[［(（])(20\d\d)(?!\d)")


class ContentError(ValueError):
    """A content file is missing or does not have the shape the portal renders."""


@lru_cache(maxsize=1)
def _load_all() -> dict[str, dict]:
    reports: dict[str, dict] = {}
    for path in sorted(CONTENT_DIR.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ContentError(f"{path.name}: unreadable content file: {exc}") from exc
        for key in ("id", "agency", "year", "template", "title", "published"):
            if key not in data:
                raise ContentError(f"{path.name}: no '{key}'")
        reports[data["id"]] = data
    return reports


def content_ids() -> list[str]:
    """Ids of every content file present, sorted."""
    return sorted(_load_all())


def load(content_id: str) -> dict:
    """A deep copy of one content file (callers may modify it freely)."""
    try:
        return copy.deepcopy(_load_all()[content_id])
    except KeyError:
        raise ContentError(f"no content file with id {content_id!r} in {CONTENT_DIR}") from None


def template_for_year(year: int) -> str:
    """The national template in force for a report year (domain.md §0)."""
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "legacy"


def cn_date(iso: str) -> str:
    """"2025-01-09" → "2025年1月9日", the way signatures print dates."""
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def _shift_years(text: str, old: int, new: int) -> str:
    """Move the report year (and the years next to it) from ``old`` to ``new``.

    Years inside document numbers (〔2021〕30号) are left alone: they name a document, not
    the period reported on.
    """
    delta = new - old

    def repl(m: re.Match[str]) -> str:
        y = int(m.group(1))
        return str(y + delta) if abs(y - old) <= 1 else m.group(1)

    return _YEAR.sub(repl, text)


def derive(source: dict, *, agency: str, title: str, published: str, year: int | None = None,
           suffix: str | None = None, aliases: dict[str, str] | None = None) -> dict:
    """``source`` re-issued by ``agency``; cells and raw cells are kept exactly.

    ``year`` may move the report within its template era only (a 2021-template table
    cannot be the report of 2019). ``aliases`` maps short names the source uses for
    itself (二台乡) to the new body's. The derived id is ``<source id>~<suffix>``.
    """
    year = source["year"] if year is None else year
    if template_for_year(year) != source["template"]:
        raise ContentError(f"{source['id']}: template {source['template']} cannot report year {year}")
    report = copy.deepcopy(source)
    old_agency, old_year = source["agency"], source["year"]

    def rewrite(text: str) -> str:
        text = text.replace(old_agency, agency) if old_agency else text
        for old, new in (aliases or {}).items():
            text = text.replace(old, new)
        return _shift_years(text, old_year, year) if year != old_year else text

    report["preamble"] = rewrite(report.get("preamble") or "")
    report["sections"] = {k: rewrite(v or "") for k, v in (report.get("sections") or {}).items()}
    report["closing"] = f"{agency}\n{cn_date(published)}"
    report.pop("body_title", None)
    report.update(id=f"{source['id']}~{suffix or agency}", content_id=source["id"], agency=agency, year=year,
                  title=title, published=published)
    return report


def original(content_id: str) -> dict:
    """A content file as published by its own agency, ready for a site (``content_id`` set)."""
    report = load(content_id)
    report["content_id"] = content_id
    return report
