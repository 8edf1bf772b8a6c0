"""``nianbao demo``: the whole job on the bundled portal, start to finish."""

from __future__ import annotations

from rich.console import Console

from crawler.seeds import Seed
from nianbao.config import DataLayout
from nianbao.crawl import run_crawl
from nianbao.summary import print_summary


def run_demo(layout: DataLayout, *, progress: bool = True) -> int:
    from portal.server import Portal

    console = Console()
    with Portal() as portal:
        console.print("[bold]Bundled portal[/bold] on 127.0.0.1:")
        for site in portal.sites:
            console.print(f"  {site.name} ({site.platform}) {site.root_url}")
        seeds = [Seed(site.root_url, site.name) for site in portal.sites]
        summary = run_crawl(seeds, layout, fast=True, progress=progress)
    print_summary(summary, console)
    return 0 if summary["finish_reason"] == "finished" and summary["reports"] > 0 else 1
