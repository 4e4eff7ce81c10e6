"""Run every benchmark module and print one table of figures against the docs/DESIGN.md §4 budgets.

    python -m benchmarks.run            # all benchmarks
    python -m benchmarks.run --quick    # fewer repetitions
    python -m benchmarks.run --smoke    # smallest sizes: does every benchmark still run? (no
                                        # meaningful figure; tests/test_benchmarks_smoke.py)
    python -m benchmarks.run core js    # only modules whose name contains one of the words
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import benchmarks  # noqa: E402
from benchmarks.common import Row  # noqa: E402


def modules(filters: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith("bench_"))
    return [n for n in names if not filters or any(f in n for f in filters)]


def print_table(rows: list[Row]) -> None:
    head = ("what", "measured", "budget", "meets", "note")
    cells = [(r.what, f"{r.measured:.4g} {r.unit}", r.budget,
              {True: "yes", False: "NO", None: "-"}[r.ok], r.note) for r in rows]
    widths = [max(len(str(c[i])) for c in [head, *cells]) for i in range(5)]
    line = lambda c: " | ".join(str(x).ljust(w) for x, w in zip(c, widths))  # noqa: E731
    print(line(head))
    print("-+-".join("-" * w for w in widths))
    for c in cells:
        print(line(c))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("filters", nargs="*", help="only modules whose name contains one of these")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--smoke", action="store_true",
                    help="smallest sizes, one repetition: checks that each benchmark runs")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = ap.parse_args(argv)
    rows: list[Row] = []
    for name in modules(args.filters):
        t0 = time.perf_counter()
        mod = importlib.import_module(f"benchmarks.{name}")
        if args.smoke and "smoke" not in inspect.signature(mod.run).parameters:
            print(f"[{name}] has no smoke run: skipped", file=sys.stderr)
            continue
        got = mod.run(quick=args.quick, smoke=True) if args.smoke else mod.run(quick=args.quick)
        rows.extend(got)
        print(f"[{name}] {len(got)} figures in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print_table(rows)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
