"""The ``nianbao`` command: one front for portal, crawl, demo, extract and export.

Each subcommand only composes the packages (portal/, crawler/, archive/, extract/); the
work is done there. Run ``nianbao COMMAND --help`` for the options of each.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

from nianbao.config import data_layout


def cmd_portal(args: argparse.Namespace) -> int:
    from portal.server import Portal

    with Portal(port=args.port, epoch=args.epoch, faults=args.faults) as portal:
        for site in portal.sites:
            print(f"{site.name}\t{site.platform}\t{site.root_url}", flush=True)
        if args.faults:
            for item in portal.truth()["unreachable"]:
                print(f"unreachable ({item['reason']}): {item['url']}", file=sys.stderr, flush=True)
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
    from nianbao.resume import DataDirBusy

    try:
        summary = run_crawl(seeds, data_layout(args.data), fast=args.fast, progress=not args.quiet)
    except DataDirBusy as busy:
        print(f"nianbao crawl: refused: {busy} (one run at a time holds its lock; wait for it to finish)",
              file=sys.stderr)
        return 3
    print_summary(summary)
    return 0 if summary["finish_reason"] == "finished" else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from nianbao.demo import run_demo

    return run_demo(data_layout(args.data), progress=not args.quiet)


def cmd_extract(args: argparse.Namespace) -> int:
    from extract.api import extract_path

    if args.path.startswith(("http://", "https://")):
        from nianbao.archived import ArchiveLookupError, extract_archived_url

        try:
            record = extract_archived_url(data_layout(args.data), args.path)
        except ArchiveLookupError as error:
            print(f"nianbao extract: {error}", file=sys.stderr)
            return 2
    else:
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


def cmd_reextract(args: argparse.Namespace) -> int:
    from archive.db import open_db
    from nianbao.reextract import reextract_all

    layout = data_layout(args.data)
    if not layout.db_path.is_file():
        print(f"nianbao reextract: no database at {layout.db_path}", file=sys.stderr)
        return 2
    outcomes = reextract_all(open_db(layout.db_path), str(layout.warc_dir))
    print(", ".join(f"{kind}: {count}" for kind, count in sorted(outcomes.items())) or "nothing to re-extract")
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


def open_archive(args: argparse.Namespace, command: str):
    """The data layout and database of ``--data``; None (after a message) when there is none."""
    from archive.db import open_db

    layout = data_layout(args.data)
    if not layout.db_path.is_file():
        print(f"nianbao {command}: no database at {layout.db_path} (crawl first, or give --data DIR)", file=sys.stderr)
        return None, None
    return layout, open_db(layout.db_path)


def cmd_runs(args: argparse.Namespace) -> int:
    from archive.history import runs
    from nianbao.changes import print_runs

    _, db = open_archive(args, "runs")
    if db is None:
        return 2
    if args.json:
        print(json.dumps(runs(db), ensure_ascii=False, indent=2))
    else:
        print_runs(db)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from nianbao.changes import change_rows, print_changes, since_run

    _, db = open_archive(args, "changes")
    if db is None:
        return 2
    try:
        changes = change_rows(db, since_run(db, args.since))
    except LookupError as error:
        print(f"nianbao changes: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(changes, ensure_ascii=False, indent=2))
    else:
        print_changes(changes)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from archive.history import keys_for, states_of
    from nianbao.changes import decode_state, print_history

    _, db = open_archive(args, "history")
    if db is None:
        return 2
    keys = keys_for(db, args.report)
    if not keys:
        print(f"nianbao history: {args.report!r} names no report URL, report id or agency|year", file=sys.stderr)
        return 2
    for key in keys:
        if args.json:
            print(json.dumps([{**decode_state(s), "revision": s["revision"]} for s in states_of(db, key)],
                             ensure_ascii=False, indent=2))
        else:
            print_history(db, key)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from nianbao.changes import print_changes, report_diff

    _, db = open_archive(args, "diff")
    if db is None:
        return 2
    try:
        diff = report_diff(db, args.a, args.b)
    except LookupError as error:
        print(f"nianbao diff: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(diff, ensure_ascii=False, indent=2))
        return 0
    for name, (old, new) in diff["fields"].items():
        print(f"{name}: {old} → {new}")
    print_changes([{"run": f"{args.a}→{args.b}", "kind": "diff", "agency": "", "year": "", "url": "",
                    "old_url": None, "cells": diff["cells"], "sections": diff["sections"], "evidence": None}])
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from nianbao.recover import recover

    layout, db = open_archive(args, "recover")
    if db is None:
        return 2
    try:
        found = recover(db, layout.warc_dir, args.reference, at=args.at, raw=args.raw)
    except (LookupError, ValueError, OSError) as error:
        print(f"nianbao recover: {error}", file=sys.stderr)
        return 2
    Path(args.output).write_bytes(found.body)
    print(f"{len(found.body)} bytes of {found.url} as captured {found.warc_date} "
          f"({found.warc_file} @ {found.offset}) written to {args.output}", file=sys.stderr)
    return 0


def cmd_wacz(args: argparse.Namespace) -> int:
    from archive.wacz import WaczError, create_wacz

    layout, db = open_archive(args, "wacz")
    if db is None:
        return 2
    try:
        path = create_wacz(db, layout.warc_dir, args.output, run_id=args.run)
    except WaczError as error:
        print(f"nianbao wacz: {error}", file=sys.stderr)
        return 1
    print(f"WACZ written to {path}", file=sys.stderr)
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from archive.pywb import PywbUnavailable
    from archive.replay import archive_replay

    layout = data_layout(args.data)
    try:
        replay = archive_replay(layout.root / "replay", layout.index_path, layout.warc_dir)
        base = replay.serve(port=args.port)
    except (PywbUnavailable, FileNotFoundError, RuntimeError, TimeoutError) as error:
        print(f"nianbao replay: {error}", file=sys.stderr)
        return 2
    print(f"replaying {layout.warc_dir} at {base}/{replay.name}/*/<url> (id_ mode: {base}/{replay.name}/<ts>id_/<url>)"
          "; Ctrl-C to stop", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a plain kill also stops wayback (finally below)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        replay.stop()
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
    p.add_argument("--faults", action="store_true",
                   help="misbehave: add the fault site, perturb the others with 503 bursts and resets")
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

    p = with_data(sub.add_parser(
        "extract", help="the record of a report file (HTML, PDF, DOCX, DOC, XLS, WPS, text) or of an archived URL"))
    p.add_argument("path", help="a local file, or a URL already in the archive (its latest capture)")
    p.add_argument("--json", action="store_true", help="print the record as JSON in the spec's codes")
    p.set_defaults(func=cmd_extract)

    p = with_data(sub.add_parser("reextract", help="rebuild every report record from the WARCs"))
    p.set_defaults(func=cmd_reextract)

    p = with_data(sub.add_parser("export", help="one record per report, as JSON Lines or CSV"))
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.add_argument("-o", "--output", help="output file (default standard output)")
    p.set_defaults(func=cmd_export)

    p = with_data(sub.add_parser("runs", help="every crawl run with its summary and report changes"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_runs)

    p = with_data(sub.add_parser("changes", help="reports new, changed, moved or deleted in recent runs"))
    p.add_argument("--since", help="first run to show: a run id or an ISO date (default: the latest run)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_changes)

    p = with_data(sub.add_parser("history", help="a report's state and revision in every run"))
    p.add_argument("report", help="a report URL (document or page), 'agency|year', an agency, or a report id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = with_data(sub.add_parser("diff", help="cells and section text that differ between two report rows"))
    p.add_argument("a", type=int, help="report id (see nianbao history)")
    p.add_argument("b", type=int, help="report id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_diff)

    p = with_data(sub.add_parser("recover", help="the archived bytes of a URL or report, deleted ones too"))
    p.add_argument("reference", help="a captured URL, a report URL, 'agency|year' or a report id")
    p.add_argument("--at", help="as it was at this date/time (ISO; default: the latest capture)")
    p.add_argument("--raw", action="store_true", help="keep the transfer's content coding (gzip) as stored")
    p.add_argument("-o", "--output", required=True, help="file to write")
    p.set_defaults(func=cmd_recover)

    p = with_data(sub.add_parser("wacz", help="package a run (or the whole archive) as a WACZ"))
    p.add_argument("--run", type=int, help="run id (default: every run)")
    p.add_argument("-o", "--output", required=True, help="the .wacz file to write")
    p.set_defaults(func=cmd_wacz)

    p = with_data(sub.add_parser("replay", help="serve the archive in pywb on 127.0.0.1"))
    p.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (default 8080; 0 = any free port)")
    p.set_defaults(func=cmd_replay)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
