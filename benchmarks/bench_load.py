"""A classroom on one server: N students move sliders on the analytic pages at once.

    python -m benchmarks.run load            # N = 5, 10, 20, 30, and 20 + 4 training (~15 min)
    python -m benchmarks.run load --quick    # N = 5 and 10, and 10 + 4 training, fewer moves
    python -m benchmarks.run load --smoke    # N = 2 (1 in Chromium) and 2 + 1 training, no warm-up
    python -m benchmarks.bench_load --n 20 --train-n 20 --trainers 4 --browsers 0 --solo-moves 0
    python -m benchmarks.bench_load --n 20 --browsers 3 --moves 12   # one setting, JSON out
    python -m benchmarks.bench_load --n 20 --train-n 20 --trainers 3 --no-warm   # A/B runs

For each N a fresh server starts on 127.0.0.1 (tests/browser/conftest.start_server); page 4's
default critics are trained over its θ values first, as deploy/replicas.sh does before a lesson
(deploy/warm_caches.py; ``--no-warm`` skips it); one protocol session opens every analytic page
once (as after the teacher's own visit), then N students open their pages and move a slider one keyboard step every 1.5–4.5 s (a student's
pace). Most students are protocol clients speaking Streamlit's websocket messages; a few
(``--browsers``, default 3) are real headless Chromium pages under the same load, so the table
shows both the server-side figure (protocol: BackMsg sent → script_finished received) and what a
student sees (browser: key press → run over, metric changed, charts redrawn).

Training under load (``--train-n``, ``--trainers``): the same classroom again with a few more
students on the live training page, each pressing Start and letting the page poll its run as the
browser does; the table shows the most runs seen going at once against the server's cap
(``DL_MAX_TRAINING_JOBS``), how many students were told "Busy … queued", and the analytic pages'
latency while the runs train; that p95 ÷ the same classroom's without training (goal ≤ 1.2×); and
the training steps each process ran (``DL_TRAINING_STEP_LOG``): none in the page server's process,
all in its trainer process.

Server memory is the peak resident set (VmRSS) of the streamlit process during the run; CPU is
its user+system time during the moves, as a percentage of one core, and per rerun.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import time
from pathlib import Path

from benchmarks.common import Row

ROOT = Path(__file__).resolve().parent.parent
BUDGET_N = 20


def _drain(proc, keep: int = 400):
    """Read the server's output in a thread (a full pipe would block the server) and keep its
    last lines, so that errors can be reported with their cause."""
    import collections
    import threading

    tail: collections.deque[str] = collections.deque(maxlen=keep)

    def run():
        for raw in iter(proc.stdout.readline, b""):
            tail.append(raw.decode("utf-8", "replace").rstrip())

    threading.Thread(target=run, daemon=True).start()
    return tail


def _server_errors(tail) -> list[str]:
    """The last line of each traceback in the server's output (the exception and its message)."""
    lines = list(tail)
    out = []
    for i, line in enumerate(lines):
        if line.startswith("Traceback"):
            j = i + 1
            while j < len(lines) and (lines[j].startswith((" ", "\t")) or not lines[j].strip()):
                j += 1
            if j < len(lines):
                out.append(lines[j][:200])
    return out


def _browser_available() -> bool:
    from tests.browser.conftest import CHROMIUM
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).exists()


async def _measure(ns, n_browsers, moves, pace, max_s, seed, solo_moves=8,
                   server_args=(), train_ns=(), trainers=0, warm=True,
                   pause_after=None) -> list[dict]:
    from benchmarks.load.classroom import PAUSE_AFTER_S
    from benchmarks.load.classroom import classroom, discover, solo
    from tests.browser.conftest import start_server, stop_server

    results = []
    pw_cm = None
    browser = None
    if n_browsers > 0 and _browser_available():
        from playwright.async_api import async_playwright

        from benchmarks.load.browser import launch
        pw_cm = async_playwright()
        pw = await pw_cm.__aenter__()
        browser = await launch(pw)
    else:
        n_browsers = 0
    try:
        if solo_moves:
            proc, base = start_server(extra=list(server_args))
            _drain(proc)
            try:
                targets = await discover(base)
                alone = await solo(base, proc.pid, targets, solo_moves, seed)
                results.append({"solo": alone})
                print("[load] solo: " + json.dumps(alone, default=str), file=sys.stderr)
            finally:
                stop_server(proc)
        plan = [(n, 0) for n in ns] + [(n, trainers) for n in train_ns if trainers > 0]
        for n, n_train in plan:
            import os
            import tempfile

            step_dir = tempfile.mkdtemp(prefix="dl-steps-")
            os.environ["DL_TRAINING_STEP_LOG"] = os.path.join(step_dir, "steps")
            try:
                proc, base = start_server(extra=list(server_args))
            finally:
                os.environ.pop("DL_TRAINING_STEP_LOG", None)
            tail = _drain(proc)
            try:
                if warm:
                    await _warm(base)
                targets = await discover(base)
                out = await classroom(base, proc.pid, n, n_browsers, targets, moves, pace,
                                      seed=seed + n, max_s=max_s, browser=browser,
                                      n_trainers=n_train,
                                      pause_after=PAUSE_AFTER_S if pause_after is None
                                      else pause_after)
                summary = out.summary()
                errs = _server_errors(tail)
                summary["server_exceptions"] = len(errs)
                summary["server_exception_samples"] = sorted(set(errs))[:5]
                summary["server_pid"] = proc.pid
                summary["training_steps_by_pid"] = _steps_by_pid(step_dir)
                results.append(summary)
                brief = {k: v for k, v in summary.items() if k != "timeline"}
                print(f"[load] N={n}+{n_train} training: " + json.dumps(brief, default=str),
                      file=sys.stderr)
            finally:
                stop_server(proc)
    finally:
        if browser is not None:
            await browser.close()
        if pw_cm is not None:
            await pw_cm.__aexit__(None, None, None)
    return results


def _steps_by_pid(step_dir: str) -> dict[int, int]:
    """Training steps (generator iterations × runs) each process reported through
    ``DL_TRAINING_STEP_LOG`` (divergences.training.count_steps): {pid: steps}."""
    import os

    out = {}
    for name in os.listdir(step_dir):
        pid = name.rsplit(".", 1)[-1]
        if pid.isdigit():
            try:
                with open(os.path.join(step_dir, name)) as f:
                    out[int(pid)] = int(f.read().strip() or 0)
            except (OSError, ValueError):
                pass
    return out


async def _warm(base: str) -> None:
    """What deploy/replicas.sh does after a start: train page 4's default critics over its θ
    values (deploy/warm_caches.py), so that the classroom meets a server ready for a lesson."""
    from deploy.warm_caches import TRAINING_VIEWS, warm

    t0 = time.perf_counter()
    bad = await warm(base, views=TRAINING_VIEWS)
    print(f"[load] warmed page 4 in {time.perf_counter() - t0:.0f} s ({bad} failed)",
          file=sys.stderr)


def measure(ns=(5, 10, 20, 30), n_browsers=3, moves=12, pace=(1.5, 4.5), max_s=240.0,
            seed=0, solo_moves=8, server_args=(), train_ns=(20,), trainers=4,
            warm=True, pause_after=None) -> list[dict]:
    """Run the classrooms; ``server_args`` are extra ``streamlit run`` options (for A/B runs,
    e.g. ``["--runner.postScriptGC=false"]``). Each N of ``train_ns`` runs once more with
    ``trainers`` extra students training on the live page (the cap is the server's: measured by
    the trainer process, or DL_MAX_TRAINING_JOBS); each presses Pause after ``pause_after``
    seconds of training (None: classroom.PAUSE_AFTER_S). ``warm``: warm page 4's caches
    first, as deploy/replicas.sh does (False: the first students pay for its trainings)."""
    return asyncio.run(_measure(ns, n_browsers, moves, pace, max_s, seed, solo_moves,
                                server_args, train_ns, trainers, warm, pause_after))


def _fmt(x: float) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.0f}"


def _worst(s: dict) -> str:
    pages = s.get("by_page") or {}
    if not pages:
        return "n/a"
    name, f = max(pages.items(), key=lambda kv: kv[1]["p95_ms"])
    return f"{name} (p95 {_fmt(f['p95_ms'])} ms)"


def rows_from(results: list[dict]) -> list[Row]:
    rows = []
    alone = {s["N"]: s for s in results if "N" in s and not s.get("trainers")}
    for s in results:
        base = alone.get(s.get("N"))
        if s.get("trainers") and base and base["protocol_p95_ms"]:
            ratio = s["protocol_p95_ms"] / base["protocol_p95_ms"]
            rows.append(Row(
                f"classroom N={s['N']} + {s['trainers']} training ÷ N={s['N']} alone: analytic "
                "rerun p95", ratio, "×", "≤ 1.2×", ratio <= 1.2,
                f"{_fmt(s['protocol_p95_ms'])} ms with training, "
                f"{_fmt(base['protocol_p95_ms'])} ms without (protocol clients, one run each)"))
    for s in results:
        if "solo" in s:
            for page, f in s["solo"].items():
                rows.append(Row(f"one session alone on {page}: server CPU per rerun",
                                f["cpu_ms_per_rerun"], "ms", "", None,
                                f"rerun p50 {_fmt(f['p50_ms'])} ms over {f['moves']} moves of "
                                f"“{f['slider']}”; one process ≈ one core (GIL)"))
            continue
        n = s["N"]
        if s.get("trainers"):
            rows.extend(_training_rows(s))
            continue
        budget = n == BUDGET_N
        mix = f"{s['protocol']} protocol + {s['browsers']} browser sessions"
        rows.append(Row(
            f"classroom N={n}: rerun p95, protocol clients ({mix})", s["protocol_p95_ms"], "ms",
            "≤ 1 s" if budget else "",
            (s["protocol_p95_ms"] <= 1000) if budget and s["protocol_moves"] else None,
            f"p50 {_fmt(s['protocol_p50_ms'])} ms, {s['protocol_moves']} moves; without the "
            f"critic's first-time trainings p50 {_fmt(s.get('protocol_p50_ms_without_training'))}"
            f" / p95 {_fmt(s.get('protocol_p95_ms_without_training'))} ms; slowest page "
            f"{_worst(s)}; load avg before {s['loadavg_before']:.1f}"))
        if s["browsers"]:
            rows.append(Row(
                f"classroom N={n}: rerun p95, headless Chromium (same run)", s["browser_p95_ms"],
                "ms", "≤ 1 s" if budget else "",
                (s["browser_p95_ms"] <= 1000) if budget and s["browser_moves"] else None,
                f"p50 {_fmt(s['browser_p50_ms'])} ms, {s['browser_moves']} moves, key press → "
                "idle + metric + charts"))
        causes = "; ".join(s.get("server_exception_samples") or [])
        rows.append(Row(f"classroom N={n}: errors", s["errors"], "",
                        "0" if budget else "", (s["errors"] == 0) if budget else None,
                        (f"server: {causes}; " if causes else "") +
                        ("; ".join(s["error_samples"])[:160] or
                         f"{s['moves_planned']} moves planned")))
        rows.append(Row(f"classroom N={n}: server peak RSS", s["server_peak_rss_mib"], "MiB", "",
                        None, f"{s['server_rss_before_mib']:.0f} MiB before the students"))
        rows.append(Row(f"classroom N={n}: server CPU (100 % = one core)",
                        s["server_cpu_pct_of_one_core"], "%", "", None,
                        f"{_fmt(s['server_cpu_ms_per_rerun'])} ms CPU per rerun"))
    return rows


def _training_rows(s: dict) -> list[Row]:
    """Rows for a classroom with training students: the cap, the queue, and the analytic pages'
    latency while the runs go on."""
    n, k = s["N"], s["trainers"]
    cap = s.get("training_cap_reported")
    who = f"N={n} + {k} training"
    steps = {int(p): v for p, v in (s.get("training_steps_by_pid") or {}).items()}
    server = s.get("server_pid")
    in_server = steps.get(server, 0)
    others = {p: v for p, v in steps.items() if p != server}
    held = s["training_most_running_seen"] <= (cap if cap else k)
    return [
        Row(f"classroom {who}: most runs going at once (seen by the trainers)",
            s["training_most_running_seen"], "runs", f"≤ cap ({cap if cap else 'n/a'})",
            held if cap else None,
            f"{s['training_sessions_ran']} of {k} trained, {s['training_sessions_told_busy']} "
            f"told “Busy … queued” (largest count in that message: "
            f"{s['training_busy_reports_max']})"),
        Row(f"classroom {who}: analytic rerun p95 while runs train (protocol)",
            s["protocol_p95_ms"], "ms", "≤ 1 s", (s["protocol_p95_ms"] <= 1000)
            if s["protocol_moves"] else None,
            f"p50 {_fmt(s['protocol_p50_ms'])} ms; without the critic's first-time trainings "
            f"p95 {_fmt(s.get('protocol_p95_ms_without_training'))} ms; Chromium p95 "
            f"{_fmt(s['browser_p95_ms'])} ms; slowest page {_worst(s)}"),
        Row(f"classroom {who}: training page's poll p95", s["training_poll_p95_ms"], "ms", "",
            None, f"p50 {_fmt(s['training_poll_p50_ms'])} ms over {s['training_polls']} polls "
            "(the page redraws its run every 0.5 s); the runs' last iterations/s (each run "
            f"trains a GAN and a WGAN in lockstep): {s.get('training_it_per_s')}"),
        Row(f"classroom {who}: a training student's Pause → page says “Paused” (max)",
            max(s.get("training_pause_s") or [float("nan")]), "s", "", None,
            f"each: {', '.join(f'{x:.2f}' for x in s.get('training_pause_s') or []) or 'n/a'} s "
            "(pressed after 15 s of training, while the class works; then Start again)"),
        Row(f"classroom {who}: training steps run in the page server's process",
            in_server, "steps", "0", in_server == 0 if steps else None,
            (f"steps by other processes (pid: steps): {others}; page server pid {server}"
             if steps else "no process reported steps (DL_TRAINING_STEP_LOG)")),
        Row(f"classroom {who}: errors", s["errors"], "", "0", s["errors"] == 0,
            "; ".join(s["error_samples"])[:160] or f"{s['moves_planned']} moves planned"),
        Row(f"classroom {who}: server CPU (100 % = one core)", s["server_cpu_pct_of_one_core"],
            "%", "", None, f"peak RSS {s['server_peak_rss_mib']:.0f} MiB"),
    ]


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """``smoke``: the same classrooms at their smallest (tests/test_benchmarks_smoke.py; figures
    meaningless, nothing written to benchmarks/results/): one move each on a solo server; N = 2
    (one in Chromium when there is one), then N = 2 with one training student who presses Pause
    as soon as the run trains; page 4 not warmed (its default critics are shipped)."""
    if smoke:
        return rows_from(measure(ns=(2,), n_browsers=1, moves=2, pace=(1.5, 3.0), max_s=120.0,
                                 solo_moves=1, train_ns=(2,), trainers=1, warm=False,
                                 pause_after=0.0))
    if quick:
        results = measure(ns=(5, 10), n_browsers=2, moves=4, max_s=120.0, solo_moves=4,
                          train_ns=(10,))
    else:
        results = measure()
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / ("load_quick.json" if quick else "load.json")).write_text(
        json.dumps(results, indent=2, default=str))
    return rows_from(results)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="*", default=[5, 10, 20, 30])
    ap.add_argument("--browsers", type=int, default=3)
    ap.add_argument("--moves", type=int, default=12)
    ap.add_argument("--pace", type=float, nargs=2, default=(1.5, 4.5))
    ap.add_argument("--max-s", type=float, default=240.0)
    ap.add_argument("--solo-moves", type=int, default=8)
    ap.add_argument("--trainers", type=int, default=4,
                    help="students who train on the live page, in the runs of --train-n")
    ap.add_argument("--train-n", type=int, nargs="*", default=[20],
                    help="N of the classrooms run again with --trainers training students")
    ap.add_argument("--no-warm", action="store_true",
                    help="do not warm page 4's caches before each classroom")
    ap.add_argument("--server-arg", action="append", default=[],
                    help="extra `streamlit run` option, e.g. --server-arg=--runner.postScriptGC=false")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if any(n < 1 or n > 100 for n in args.n + args.train_n) or not 0 <= args.trainers <= 20:
        ap.error("N must be within 1..100 and --trainers within 0..20")
    results = measure(args.n, args.browsers, args.moves, tuple(args.pace), args.max_s,
                      solo_moves=args.solo_moves, server_args=args.server_arg,
                      train_ns=args.train_n, trainers=args.trainers, warm=not args.no_warm)
    from benchmarks.run import print_table
    print_table(rows_from(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
