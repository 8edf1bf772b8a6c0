"""Precision and recall of ``extract.titles.is_report_title`` on the hand-labelled titles.

The crawler follows exactly the links this function accepts: a false negative is a
report never fetched, a false positive a look-alike fetched and parsed for nothing.
Prints the confusion counts, precision, recall, the errors (if any) and the error count
per style of title, so a regression shows which variant broke.

    .venv/bin/python bench/title_classification.py
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "extract")]

from test_titles_labelled import DATA, labelled  # noqa: E402

from extract.titles import is_report_title  # noqa: E402


def main() -> int:
    rows = labelled()
    started = time.perf_counter()
    predicted = [is_report_title(row["title"]) for row in rows]
    elapsed = time.perf_counter() - started
    counts: Counter[str] = Counter()
    errors_by_style: Counter[str] = Counter()
    errors = []
    for row, guess in zip(rows, predicted, strict=True):
        truth = row["label"] == "report"
        counts[("t" if guess == truth else "f") + ("p" if guess else "n")] += 1
        if guess != truth:
            errors.append((row["label"], row["style"], row["title"]))
            errors_by_style[row["style"]] += 1
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"titles: {len(rows)} from {DATA.relative_to(REPO)} ({tp + fn} reports, {fp + tn} look-alikes)")
    print(f"true positives {tp}  false positives {fp}  false negatives {fn}  true negatives {tn}")
    print(f"precision {precision:.4f}  recall {recall:.4f}")
    print(f"speed: {len(rows) / elapsed:,.0f} titles/s ({elapsed * 1e6 / len(rows):.1f} µs each, first call included)")
    for label, style, title in errors:
        print(f"  wrong ({label}, {style}): {title}")
    if errors_by_style:
        print("errors by style: " + ", ".join(f"{s} {n}" for s, n in errors_by_style.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
