"""The ``nianbao`` command: one front for portal, crawl, demo, extract and export.

Each subcommand only composes the packages (portal/, crawler/, archive/, extract/); the
work is done there. Run ``nianbao COMMAND --help`` for the options of each.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from nianbao.config import data_layout


def cmd_portal(args: argparse.Namespace) -> int:
    from portal.server import Portal

    with Portal(port=args.port, epoch=args.epoch) as portal:
        for site in portal.sites:
            print(f"{site.name}\t{site.platform}\t{site.root_url}", flush=True)
        print("serving on 127.0.0.1; Ctrl-C to stop", file=sys.stderr, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.seeds import SeedError, seeds_from_args
    from nianbao.crawl import run_crawl
    from nianbao.summary import print_summary

    try:
        seeds = seeds_from_args(args.urls, args.seeds)
    except SeedError as error:
        print(f"nianbao crawl: {error}", file=sys.stderr)
        return 2
    if not seeds:
        print("nianbao crawl: give at least one URL or --seeds FILE", file=sys.stderr)
        return 2
    summary = run_crawl(seeds, data_layout(args.data), fast=args.fast, progress=not args.quiet)
    print_summary(summary)
    return 0 if summary["finish_reason"] == "finished" else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from nianbao.demo import run_demo

    return run_demo(data_layout(args.data), progress=not args.quiet)


def cmd_extract(args: argparse.Namespace) -> int:
    from extract.api import extract_path

    path = Path(args.path)
    if not path.is_file():
        print(f"nianbao extract: no such file: {path}", file=sys.stderr)
        return 2
    record = extract_path(path)
    if args.json:
        print(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
    else:
        from nianbao.show import print_record

        print_record(record)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from archive.db import open_db
    from nianbao.export import export

    layout = data_layout(args.data)
    if not layout.db_path.is_file():
        print(f"nianbao export: no database at {layout.db_path} (crawl first, or give --data DIR)", file=sys.stderr)
        return 2
    db = open_db(layout.db_path)
    if args.output and args.output != "-":
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = export(db, args.format, out)
        print(f"{count} reports written to {args.output}", file=sys.stderr)
    else:
        export(db, args.format, sys.stdout)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nianbao", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def with_data(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--data", help="data directory (default $NIANBAO_DATA or ./data)")
        return p

    p = sub.add_parser("portal", help="serve the bundled government portal replica on 127.0.0.1")
    p.add_argument("--port", type=int, default=None, help="first port (each site takes the next one)")
    p.add_argument("--epoch", type=int, default=1, help="serve the sites as they are at this point in time")
    p.set_defaults(func=cmd_portal)

    p = with_data(sub.add_parser("crawl", help="crawl sites from their home pages into WARCs and the database"))
    p.add_argument("urls", nargs="*", help="home page URLs")
    p.add_argument("--seeds", help="seed file: .txt (one URL per line) or .csv with a home_url column")
    p.add_argument("--fast", action="store_true", help="no politeness delay (only for servers you own, e.g. the portal)")
    p.add_argument("--quiet", action="store_true", help="no live progress display")
    p.set_defaults(func=cmd_crawl)

    p = with_data(sub.add_parser("demo", help="start the portal, crawl it, print the summary, stop the portal"))
    p.add_argument("--quiet", action="store_true", help="no live progress display")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("extract", help="the record of a local report file (HTML, PDF, DOCX, DOC, XLS, WPS, text)")
    p.add_argument("path")
    p.add_argument("--json", action="store_true", help="print the record as JSON in the spec's codes")
    p.set_defaults(func=cmd_extract)

    p = with_data(sub.add_parser("export", help="one record per report, as JSON Lines or CSV"))
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.add_argument("-o", "--output", help="output file (default standard output)")
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
