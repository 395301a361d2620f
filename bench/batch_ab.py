"""Before/after for `credlabel batch`: `python -m bench.batch_ab OTHER_CHECKOUT [ROUNDS] [FILES]`.

Runs `batch -j 1` and `-j 2` of this checkout and of OTHER_CHECKOUT (e.g. a worktree of the
commit before a change) on the same small JPEGs, taking turns in every round (the order
flips each round), so both see the same shared-machine load; prints each one's median
times and the median of the per-round ratios (this / other). Not part of RESULTS.md.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench import inputs
from bench import run as bench_run

ROOT = bench_run.ROOT


def main(argv: list[str]) -> int:
    other = Path(argv[0]).resolve()
    rounds = int(argv[1]) if len(argv) > 1 else 7
    files = int(argv[2]) if len(argv) > 2 else 200
    with tempfile.TemporaryDirectory(prefix="credlabel-ab-") as home:
        work = Path(home)
        env = {**os.environ, "CREDLABEL_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        folder = work / "small"
        inputs.make_small_jpegs(folder, files)
        trees = {"this": ROOT, "other": other}

        def once(tree: str, jobs: int) -> float:
            # batch_once runs `python -m app` in bench.run's ROOT: point it at the tree.
            env["PYTHONPATH"] = str(trees[tree])
            bench_run.ROOT = trees[tree]
            try:
                return bench_run.batch_once(folder, work / "out", jobs, env)
            finally:
                bench_run.ROOT = ROOT

        once("this", 2)  # warm-up, not counted
        once("other", 2)
        times: dict[str, list[float]] = {}
        order = [("this", 1), ("other", 1), ("this", 2), ("other", 2)]
        for number in range(rounds):
            for tree, jobs in order if number % 2 == 0 else order[::-1]:
                times.setdefault(f"{tree}-j{jobs}", []).append(once(tree, jobs))
    med = statistics.median
    result = {k: round(med(v), 3) for k, v in times.items()}
    for jobs in (1, 2):
        pairs = zip(times[f"this-j{jobs}"], times[f"other-j{jobs}"], strict=True)
        ratios = [a / b for a, b in pairs]
        result[f"j{jobs} this/other"] = round(med(ratios), 3)
    for tree in trees:
        speedups = [a / b for a, b in zip(times[f"{tree}-j1"], times[f"{tree}-j2"], strict=True)]
        result[f"{tree} speed-up"] = round(med(speedups), 3)
    result["raw"] = {k: [round(x, 3) for x in v] for k, v in times.items()}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
