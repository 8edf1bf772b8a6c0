"""Per-format extraction accuracy over the labelled corpus: cells right / cells expected.

Every template report in ``portal/content/reports`` is rendered into each attachment
format by the portal's renderers and read back by ``extract.readers``; a cell is right
when the read grid holds exactly the transcribed printed text at the template's
position. When ``extract.api.extract_bytes`` exists, the same bytes also go through the
whole pipeline and the Record's ``raw_cells`` are scored against the transcription.

    .venv/bin/python bench/extract_accuracy.py [--no-slow]   # --no-slow skips DOC/WPS (LibreOffice)
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "extract_formats")]

from formats_corpus import available_formats, cell_score, load_reports  # noqa: E402


def _record_score(report: dict, data: bytes, suffix: str) -> tuple[int, int]:
    from extract.api import extract_bytes

    record = extract_bytes(data, filename=f"{report['title']}{suffix}")
    expected = report["raw_cells"]
    right = sum(1 for code, text in expected.items() if record.raw_cells.get(code) == text)
    return right, len(expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-slow", action="store_true", help="skip DOC/WPS (each needs a LibreOffice run)")
    args = parser.parse_args()
    with_api = importlib.util.find_spec("extract.api") is not None
    reports = load_reports()
    print(f"{len(reports)} reports; record-level scoring: {'on' if with_api else 'off (no extract.api)'}")
    print(f"{'format':<10} {'document cells':>22} {'record raw_cells':>22}  flags")
    cache: dict[str, bytes] = {}
    for fmt, (render, read, suffix) in sorted(available_formats(not args.no_slow).items()):
        right = total = rec_right = rec_total = 0
        flags: set[str] = set()
        for report in reports:
            key = f"{report['id']}:{'doc' if fmt == 'wps' else fmt}"  # the WPS file is the DOC bytes
            if key not in cache:
                cache[key] = render(report)
            data = cache[key]
            document = read(data)
            r, t, _ = cell_score(report, document)
            right, total = right + r, total + t
            flags.update(document.flags)
            if with_api:
                rr, rt = _record_score(report, data, suffix)
                rec_right, rec_total = rec_right + rr, rec_total + rt
        doc_col = f"{right}/{total} {100 * right / max(total, 1):6.2f}%"
        rec_col = f"{rec_right}/{rec_total} {100 * rec_right / max(rec_total, 1):6.2f}%" if with_api else "-"
        print(f"{fmt:<10} {doc_col:>22} {rec_col:>22}  {', '.join(sorted(flags)) or '-'}")


if __name__ == "__main__":
    main()
