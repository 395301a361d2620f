"""The full hostile-input campaign: `python -m tests.integration.hostile.campaign [options]`.

Makes the seeds (own files, some signed, plus the shared corpus when present), derives
every damaged input from them, runs each through every operation (open, label, and each
kind of tamper; `--operation` picks some) in worker processes with a time limit, and prints
the figures: inputs tried, crashes, hangs, untyped errors, the slowest input, in all and
per operation, then the same as rows of README's Reliability table. Every defect is
listed with its detail. Exit code 1 when any defect.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import corpus_dir
from tests.integration.hostile.generate import Case, all_cases, corpus_seeds, own_seeds
from tests.integration.hostile.harness import Result, Summary, run_cases
from tests.integration.hostile.operations import OPERATIONS

# Densities that give ≥ 2,000 inputs even without the corpus.
OWN_DENSITY = 6
CORPUS_DENSITY = 1


def build_cases(folder: Path, *, use_corpus: bool = True) -> list[Case]:
    seeds = own_seeds(folder / "seeds")
    if use_corpus:
        seeds += corpus_seeds(corpus_dir())
    return all_cases(seeds, OWN_DENSITY, CORPUS_DENSITY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.integration.hostile.campaign")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--limit", type=float, default=20.0, help="seconds per input (20)")
    parser.add_argument("--no-corpus", action="store_true", help="own seeds only")
    parser.add_argument("--group", action="append", help="only these groups (repeatable)")
    parser.add_argument(
        "--operation",
        action="append",
        choices=[*OPERATIONS, "tamper"],
        help="only these operations (repeatable; 'tamper' = every kind); default all",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every input")
    args = parser.parse_args(argv)
    operations = _chosen(args.operation)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="credlabel-campaign-") as tmp:
        cases = build_cases(Path(tmp), use_corpus=not args.no_corpus)
        if args.group:
            cases = [c for c in cases if c.group in args.group]
        print(
            f"{len(cases)} inputs × {len(operations)} operations, {args.workers} workers, "
            f"{args.limit:g} s limit per operation",
            flush=True,
        )
        summary = run_cases(
            cases,
            workers=args.workers,
            limit_s=args.limit,
            on_result=_printer(args.verbose),
            operations=lambda _case: operations,
        )
    seeds = "own only" if args.no_corpus else "own + corpus"
    _print_summary(summary, time.perf_counter() - started, seeds)
    return 1 if summary.defects() else 0


def _chosen(names: list[str] | None) -> tuple[str, ...]:
    if not names:
        return OPERATIONS
    wanted = {n for n in names if n != "tamper"}
    if "tamper" in names:
        wanted |= {o for o in OPERATIONS if o.startswith("tamper-")}
    return tuple(o for o in OPERATIONS if o in wanted)


def _printer(verbose: bool):
    done = [0]

    def show(result: Result) -> None:
        done[0] += 1
        if verbose or result.outcome not in ("ok", "typed", "skipped"):
            line = (
                f"{result.outcome:8} {result.seconds:6.2f} s  {result.operation:17} {result.name}"
            )
            print(line, flush=True)
        elif done[0] % 250 == 0:
            print(f"... {done[0]} done", flush=True)

    return show


def _print_summary(summary: Summary, wall_s: float, seeds: str) -> None:
    print()
    print(summary.figures())
    print(f"wall time: {wall_s:.0f} s")
    slow = sorted(summary.results, key=lambda r: r.seconds, reverse=True)[:5]
    print("slowest five: " + ", ".join(f"{r.name} {r.operation} {r.seconds:.2f} s" for r in slow))
    parts = summary.per_operation()
    for family, part in parts.items():
        print(f"\n-- {family} --\n{part.figures()}")
        print(f"time in {family}: {sum(r.seconds for r in part.results):.0f} s (both workers)")
    print("\nREADME rows (seeds | inputs tried | crashes | hangs | untyped errors | slowest):")
    print(readme_row(seeds, summary, f", {wall_s:.0f} s in all"))
    for family, part in parts.items():
        print(readme_row(f"{seeds}: {family}", part))
    for result in summary.defects():
        print(f"\nDEFECT {result.outcome}: {result.name} ({result.operation})\n{result.detail}")


def readme_row(seeds: str, summary: Summary, tail: str = "") -> str:
    """One row of README's Reliability table for these results."""
    slow = summary.slowest()
    slowest = f"{slow.seconds:.2f} s ({slow.name}, {slow.operation})" if slow else "none"
    inputs = len({r.name for r in summary.results})
    counts = [summary.count(o) for o in ("crash", "hang", "untyped")]
    cells = [seeds, f"{inputs:,}", *map(str, counts), slowest + tail]
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    sys.exit(main())
