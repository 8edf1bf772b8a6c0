"""Read seed lists: a CSV with a ``home_url`` column (seeds/cn-gov-portals.csv) or a text
file with one URL per line (``#`` starts a comment)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class SeedError(ValueError):
    """A seed file that cannot be used, with the reason in words."""


@dataclass(frozen=True)
class Seed:
    url: str
    name: str = ""


def _checked(url: str, where: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SeedError(f"{where}: not an http(s) URL: {url!r}")
    return url.strip()


def read_seeds(path: str | Path) -> list[Seed]:
    """Seeds from *path*; raises :class:`SeedError` with the file and line on bad input."""
    path = Path(path)
    if not path.is_file():
        raise SeedError(f"seed file not found: {path}")
    text = path.read_text(encoding="utf-8-sig")
    seeds: list[Seed] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or "home_url" not in reader.fieldnames:
            raise SeedError(f"{path}: a CSV seed list needs a 'home_url' column")
        for number, row in enumerate(reader, start=2):
            if (row.get("home_url") or "").strip():
                seeds.append(Seed(_checked(row["home_url"], f"{path}:{number}"), (row.get("name") or "").strip()))
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if line:
                seeds.append(Seed(_checked(line, f"{path}:{number}")))
    return seeds


def seeds_from_args(urls: list[str] | None = None, seed_file: str | Path | None = None) -> list[Seed]:
    """Seeds given on a command line: URLs and/or a seed file, duplicates removed."""
    seeds = [Seed(_checked(u, "argument")) for u in urls or []]
    if seed_file:
        seeds += read_seeds(seed_file)
    unique: dict[str, Seed] = {}
    for seed in seeds:
        unique.setdefault(seed.url, seed)
    return list(unique.values())
