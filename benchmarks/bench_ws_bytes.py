"""What one slider move costs on the wire: websocket bytes from the server per θ move.

    python -m benchmarks.run ws_bytes
    python -m benchmarks.run ws_bytes --smoke    # 2 moves a page (figures meaningless)
    python -m benchmarks.bench_ws_bytes --root /path/to/another/checkout

A fresh server (no warm-up); one protocol session (deploy/protocol.py) per page that,
like a browser, reports the hashes of the big messages it already holds, so that an element the
server would send unchanged travels as a short reference. The θ slider walks 12 steps; the row
is the median of the ForwardMsg bytes of one move. (A classroom of N students moving sliders
multiplies this by N on the server's uplink.)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from pathlib import Path

from benchmarks.common import Row

ROOT = Path(__file__).resolve().parent.parent
VIEWS = (("", "home"), ("js_saturates", "page 1"), ("low_dim_supports", "page 2"),
         ("generator_gradient", "page 5"))
MOVES = 12


async def _moves(base: str, url_path: str, moves: int = MOVES) -> list[int]:
    from deploy.protocol import ProtocolSession, choose_slider

    s = ProtocolSession(base, url_path, timeout=120)
    try:
        res = await s.open()
        if not res.ok:
            raise RuntimeError(f"{url_path or 'home'}: {res.exceptions or res.error}")
        sl = choose_slider(s.sliders)
        sizes = []
        v = sl.value
        for i in range(moves):
            v = v + sl.step if v + sl.step <= sl.hi else sl.lo
            r = await s.set_slider(sl, round(v, 10))
            if r.ok:
                sizes.append(r.bytes_in)
        return sizes
    finally:
        await s.close()


def measure(root: Path = ROOT, moves: int = MOVES) -> dict[str, list[int]]:
    from benchmarks.bench_first_visit import start, stop

    proc, base, _ = start(root, warm=False)
    try:
        return {label: asyncio.run(_moves(base, path, moves)) for path, label in VIEWS}
    finally:
        stop(proc)


def rows(got: dict[str, list[int]], note: str = "") -> list[Row]:
    """One row a page; a page where no move went through gets NaN (it used to vanish)."""
    return [Row(f"websocket bytes per θ move, {label}",
                statistics.median(sizes) / 1000 if sizes else float("nan"), "KB", "", None,
                (f"median of {len(sizes)} moves, max {max(sizes) / 1000:.1f} KB" if sizes
                 else "no move went through") + (f"; {note}" if note else ""))
            for label, sizes in got.items()]


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: 2 moves a page (tests/test_benchmarks_smoke.py; figures meaningless)."""
    return rows(measure(moves=2 if smoke else MOVES))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=ROOT)
    args = ap.parse_args(argv)
    from benchmarks.run import print_table

    print_table(rows(measure(args.root.resolve()), f"root {args.root}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
