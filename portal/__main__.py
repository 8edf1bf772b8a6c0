"""``python -m portal [--port N] [--epoch N]``: serve the replica sites until Ctrl-C."""

from __future__ import annotations

import argparse
import threading

from portal.server import Portal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal", description=__doc__)
    parser.add_argument("--port", type=int, default=None, help="first port; site i binds port+i (default: free ports)")
    parser.add_argument("--epoch", type=int, default=1, help="which published state of the sites to serve")
    args = parser.parse_args(argv)
    with Portal(port=args.port, epoch=args.epoch) as portal:
        for site in portal.sites:
            print(f"{site.name}\t{site.platform}\t{site.root_url}", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopping", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
