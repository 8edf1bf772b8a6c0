"""The portal later in time: what each epoch revises, deletes, moves and adds.

Epoch 1 is the first publication. Epoch 2 is the same sites a while later, the way real
portals change under a scheduled archiver: a report's cells corrected, a report whose
text only was reworded, a PDF attachment replaced at the same URL, reports deleted (the
page gone: 404; replaced by a meta refresh to the column as Fujian TRS does; or just
dropped from the list, the page still there), one re-published under a new URL (the old
one answers 301), and a new report. Everything else is byte-identical — except the
visit counters of some detail pages, which tick on real sites and must not count as
revisions.

The changes are data (:data:`CHANGES`), keyed by a report's identity (agency + year);
a site builder asks a :class:`SiteEpoch` at three points: ``content()`` for each report
before rendering, ``added()`` for reports first published by the epoch, and ``fate()`` /
``finish()`` for documents to delete or move once their URLs are known.
:func:`changes` lists the known changes between two epochs, with the cells old → new
taken from the two epochs' truths, never written twice.
"""

from __future__ import annotations

import copy
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from portal.catalog import derive, load
from portal.site import Resource, Site

KINDS = ("changed", "deleted", "moved", "new")


@dataclass(frozen=True)
class Change:
    """One thing that happens to one report of one site at one epoch."""

    epoch: int
    site: str  # site key
    kind: str  # changed | deleted | moved | new
    how: str  # changed: cells | text | attachment; deleted: 404 | meta-refresh | unlisted; moved/new: republished
    agency: str
    year: int
    cells: tuple[tuple[str, Any], ...] = ()  # changed: (code, new value)
    text: tuple[tuple[str, str], ...] = ()  # changed: (old, new) in the sections' text
    source: str = ""  # new: the content file it is derived from
    where: str = ""  # new: the site's column for it (TRS county: "bm" / "xzjd")
    title: str = ""  # new
    published: str = ""  # new: "YYYY-MM-DD"


CHANGES: tuple[Change, ...] = (
    Change(2, "qingxi", "changed", "cells", "崇川区国资办", 2024,
           cells=(("t2.normative.issued", 1), ("t2.normative.in_force", 2))),
    Change(2, "qingxi", "changed", "text", "云湖市生态环境局", 2023,
           text=(("全年主动公开政府信息1127条", "全年主动公开政府信息1172条"),)),
    Change(2, "qingxi", "changed", "attachment", "青溪县城关镇人民政府", 2021,
           cells=(("t2.licensing.decisions", 16), ("t2.penalty.decisions", 5))),
    Change(2, "qingxi", "deleted", "404", "青溪县应急管理局", 2024),
    Change(2, "qingxi", "deleted", "meta-refresh", "青溪县商务局", 2023),
    Change(2, "qingxi", "deleted", "unlisted", "青溪县交通运输局", 2022),
    Change(2, "qingxi", "moved", "republished", "青溪县卫生健康局", 2023),
    Change(2, "qingxi", "new", "published", "青溪县人民防空办公室", 2024, source="sample_002", where="bm",
           title="青溪县人民防空办公室2024年政府信息公开工作年度报告", published="2025-03-18"),
)

VISIT_COUNTER = re.compile(rb'(<em id="visitCount">)(\d+)(</em>)')
REPUBLISH_DOCID_STEP = 90_000  # a re-published TRS document gets a new, much later document id


def changes_of(site: str, epoch: int) -> list[Change]:
    """The changes a site has undergone by *epoch* (all epochs up to it, oldest first)."""
    return [c for c in CHANGES if c.site == site and c.epoch <= epoch]


@dataclass
class SiteEpoch:
    """One site at one epoch: the hooks its builder calls, and what they decided."""

    site: str
    epoch: int
    gone: dict[str, tuple[Change, str]] = field(default_factory=dict)  # old path → (change, column path)
    moved: dict[str, str] = field(default_factory=dict)  # old path → new path

    def _change(self, agency: str | None, year: int | None, kinds: tuple[str, ...]) -> Change | None:
        found = [c for c in changes_of(self.site, self.epoch)
                 if c.kind in kinds and c.agency == agency and c.year == year]
        return found[-1] if found else None

    def content(self, report: dict) -> dict:
        """*report* as published at this epoch: cells and text revised by every change so far."""
        revised = None
        for change in changes_of(self.site, self.epoch):
            if change.kind != "changed" or (change.agency, change.year) != (report.get("agency"), report.get("year")):
                continue
            revised = revised or copy.deepcopy(report)
            for code, value in change.cells:
                revised.setdefault("cells", {})[code] = value
                revised.setdefault("raw_cells", {})[code] = str(value)
            for old, new in change.text:
                sections = revised.get("sections") or {}
                hits = [name for name, text in sections.items() if old in (text or "")]
                if not hits:
                    raise ValueError(f"epoch {change.epoch}: {old!r} is not in the text of {change.agency} {change.year}")
                for name in hits:
                    sections[name] = sections[name].replace(old, new)
        return revised or report

    def added(self) -> list[tuple[dict, str]]:
        """``(content, where)`` of the reports first published by this epoch or earlier ones."""
        out = []
        for change in changes_of(self.site, self.epoch):
            if change.kind == "new":
                report = derive(load(change.source), agency=change.agency, title=change.title,
                                published=change.published, year=change.year, suffix=f"{change.agency}{change.year}")
                out.append((report, change.where))
        return out

    def fate(self, agency: str | None, year: int | None) -> Change | None:
        """The deletion or move this epoch applies to a report, if any."""
        return self._change(agency, year, ("deleted", "moved"))

    def delete(self, old_path: str, column_path: str, change: Change) -> None:
        """Record that the document at *old_path* is gone (the builder no longer lists it)."""
        self.gone[old_path] = (change, column_path)

    def move(self, old_path: str, new_path: str) -> None:
        self.moved[old_path] = new_path

    def finish(self, site: Site) -> None:
        """After the build: redirects and refresh pages at old URLs; counters that ticked."""
        for old_path, new_path in self.moved.items():
            site.resources.pop(old_path, None)
            site.add(old_path, Resource(b"", "text/html; charset=utf-8", _EPOCH_TIME, status=301,
                                        headers=(("Location", new_path),)))
        for old_path, (change, column_path) in self.gone.items():
            if change.how == "meta-refresh":
                site.resources.pop(old_path, None)
                site.add(old_path, Resource(refresh_page(column_path), "text/html; charset=utf-8", _EPOCH_TIME))
            elif change.how == "404":
                site.resources.pop(old_path, None)
        if self.epoch > 1:
            tick_visit_counters(site, self.epoch)


_EPOCH_TIME = datetime(2025, 3, 20, 1, 0, tzinfo=UTC)  # when epoch 2 took things down


def refresh_page(target: str) -> bytes:
    """What Fujian TRS serves at a withdrawn document: an immediate meta refresh to its column."""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={target}">'
            f'<title>信息已撤销</title></head><body><p>该信息已撤销，正在跳转到<a href="{target}">栏目页</a>…</p>'
            "</body></html>").encode()


def tick_visit_counters(site: Site, epoch: int) -> None:
    """Raise the visit counter on about a third of the detail pages (chosen by path, stably)."""
    for path, resource in list(site.resources.items()):
        if resource.status != 200 or b'id="visitCount"' not in resource.body or zlib.crc32(path.encode()) % 3:
            continue

        def bump(match: re.Match[bytes]) -> bytes:
            return match.group(1) + str(int(match.group(2)) + 17 * (epoch - 1)).encode() + match.group(3)

        site.resources[path] = Resource(VISIT_COUNTER.sub(bump, resource.body), resource.content_type,
                                        resource.modified, resource.status, resource.headers)


@lru_cache(maxsize=4)
def _sites_at(epoch: int) -> dict[str, Site]:
    from portal.sites import build_sites

    return {site.key: site for site in build_sites(epoch)}


def _how_gone(site: Site, path: str) -> str:
    """What a later epoch serves at a deleted report's old page: 404, redirect, meta refresh or the page."""
    resource = site.resources.get(path)
    if resource is None:
        return "404"
    if 300 <= resource.status < 400:
        return "redirect"
    return "meta-refresh" if b'http-equiv="refresh"' in resource.body[:4096].lower() else "unlisted"


def changes(a: int, b: int, roots: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The known changes between epochs *a* < *b*: every site's truth at *a* against *b*.

    One dict per report (site + agency + year) that is new, deleted, moved or changed —
    its cells (``{code: [old, new]}``, read from the two truths) or, for text-only
    revisions, the text :data:`CHANGES` declares. Deletions say what the old page serves
    now (``how``). Paths are site-relative unless ``roots`` (site key → root URL, e.g.
    from ``Portal.sites``) makes them absolute. Works for every site, whether its
    changes come from :data:`CHANGES` or from its own module.
    """
    if not a < b:
        raise ValueError(f"changes(a, b) needs a < b, got {a}, {b}")
    before_sites, after_sites = _sites_at(a), _sites_at(b)
    declared = {(c.site, c.agency, c.year): c for c in CHANGES if a < c.epoch <= b}
    out = []
    for key in sorted(set(before_sites) | set(after_sites)):
        root = (roots or {}).get(key, "").rstrip("/")
        before = {(r.agency, r.year): r for r in (before_sites[key].reports if key in before_sites else [])}
        after = {(r.agency, r.year): r for r in (after_sites[key].reports if key in after_sites else [])}
        for identity in sorted(set(before) | set(after)):
            old, new = before.get(identity), after.get(identity)
            change = {"site": key, "agency": identity[0], "year": identity[1], "cells": {}, "text": [],
                      "url": root + new.doc_path if new else None, "page_url": root + new.page_path if new else None,
                      "old_url": None}
            if new is None:
                change.update(kind="deleted", how=_how_gone(after_sites[key], old.page_path),
                              old_url=root + old.doc_path)
            elif old is None:
                change.update(kind="new", how="published")
            else:
                cells = {code: [old.cells.get(code), new.cells.get(code)]
                         for code in sorted(set(old.cells) | set(new.cells)) if old.cells.get(code) != new.cells.get(code)}
                text = list(declared.get((key, *identity), Change(0, "", "", "", "", 0)).text)
                if cells or text:
                    how = "attachment" if new.doc_path != new.page_path else ("cells" if cells else "text")
                    change.update(kind="changed", how=how, cells=cells, text=[list(pair) for pair in text])
                elif old.doc_path != new.doc_path:
                    change.update(kind="moved", how="republished")
                else:
                    continue
                if old.doc_path != new.doc_path:
                    change["old_url"] = root + old.doc_path
            out.append(change)
    return out
