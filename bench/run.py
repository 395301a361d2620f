"""CredLabel benchmarks: `python -m bench.run [--quick] [--repeats N] [--keep-inputs]
[--only PART ...]`.

Every figure is a ratio measured side by side in one run (the app and its reference take
turns, so both see the same machine state), repeated, and the median is quoted. Each
measured operation runs in a fresh process so its peak RSS is its own. Results go to
bench/RESULTS.md (or RESULTS-quick.md with --quick: small inputs, to try the script).
Inputs are generated into bench/inputs/ (git-ignored); the big ones are deleted at the end
unless --keep-inputs. Signing uses a throwaway identity in a temporary CREDLABEL_HOME.
`--only export open gui startup inspect batch` runs some parts (RESULTS-partial.md: rows of the
parts run; the full run alone regenerates RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import inputs
from bench.report import Row, write_results

PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Plan:
    quick: bool
    repeats: int
    mp4_mb: tuple[int, int]  # "400 MB" and "1 GB"
    image_mb: int
    batch_files: int


def plan(args: argparse.Namespace) -> Plan:
    if args.quick:
        return Plan(True, args.repeats or 1, (40, 100), 8, 20)
    return Plan(False, args.repeats or 3, (400, 1024), 50, 200)


def run_json(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def op(name: str, src: Path, env: dict[str, str], dest: Path | None = None) -> dict[str, Any]:
    argv = [PY, "-m", "bench.ops", name, str(src)] + ([str(dest)] if dest else [])
    settle_disk()
    return run_json(argv, env)


def settle_disk() -> None:
    """Write out what earlier steps left in the page cache, untimed: a copy the plain
    library or `cp` left unflushed (up to 1 GB) would otherwise be written back during
    whichever step comes next, and that step would pay for it."""
    os.sync()


def disk_limit(src: Path, dest: Path) -> float:
    """cp + sha256sum of the copy: reading, writing and hashing every byte once."""
    settle_disk()
    start = time.perf_counter()
    subprocess.run(["cp", str(src), str(dest)], check=True)
    subprocess.run(["sha256sum", str(dest)], check=True, capture_output=True)
    return time.perf_counter() - start


def med(values: list[float]) -> float:
    return statistics.median(values)


PICTURE_REPEATS = 7
VIDEO_REPEATS = 5


def bench_export(src: Path, out: Path, p: Plan, env: dict[str, str]) -> dict[str, Any]:
    """App export vs plain Builder.sign vs cp+sha256sum, taking turns; keeps one app copy."""
    app_s, plain_s, disk_s, app_mb, plain_mb, phases = [], [], [], [], [], []
    durable_s: list[float] = []  # the plain library + fsync of the copy (a durable save)
    thumb_s: list[float] = []  # pictures: the thumbnail alone, and c2pa making its own
    own_s: list[float] = []
    shown_s: list[float] = []  # pictures: exported from the window after it showed them
    picture = src.suffix in (".jpg", ".png")
    kept = out / f"signed-{src.name}"
    # More rounds than the default: the pictures' rows sit near the 1.10x line (a round
    # takes ~3 s), and the plain library's video times move by up to 1.8x between rounds.
    least = PICTURE_REPEATS if picture else VIDEO_REPEATS
    repeats = p.repeats if p.quick else max(p.repeats, least)
    for i in range(repeats):
        for path in out.glob("tmp-*"):
            path.unlink()
        a = op("export", src, env, out / f"tmp-app{src.suffix}")
        b = op("plain", src, env, out / f"tmp-plain{src.suffix}")
        durable_s.append(op("durable", src, env, out / f"tmp-durable{src.suffix}")["seconds"])
        if picture:
            shown_s.append(op("shown", src, env, out / f"tmp-shown{src.suffix}")["seconds"])
            thumb_s.append(op("thumbnail", src, env)["seconds"])
            own_s.append(op("plainthumb", src, env, out / f"tmp-own{src.suffix}")["seconds"])
        disk_s.append(disk_limit(src, out / f"tmp-cp{src.suffix}"))
        app_s.append(a["seconds"])
        plain_s.append(b["seconds"])
        app_mb.append(a["peak_mb"])
        plain_mb.append(b["peak_mb"])
        phases.append(a["phases"])
        if i == 0:
            shutil.move(out / f"tmp-app{src.suffix}", kept)
    for path in out.glob("tmp-*"):
        path.unlink()
    floor = {}
    if picture:
        floor = {
            "thumb_s": med(thumb_s),
            "own_s": med(own_s),
            "ratio_floor": med(
                [a / (b + t) for a, b, t in zip(app_s, plain_s, thumb_s, strict=True)]
            ),
            "ratio_own": med([a / o for a, o in zip(app_s, own_s, strict=True)]),
            "ratio_durable_floor": med(
                [a / (d + t) for a, d, t in zip(app_s, durable_s, thumb_s, strict=True)]
            ),
            "shown_s": med(shown_s),
            "ratio_shown": med([s / b for s, b in zip(shown_s, plain_s, strict=True)]),
        }
    return {
        **floor,
        "app_s": med(app_s),
        "plain_s": med(plain_s),
        "disk_s": med(disk_s),
        "ratio_plain": med([a / b for a, b in zip(app_s, plain_s, strict=True)]),
        "durable_s": med(durable_s),
        "ratio_durable": med([a / d for a, d in zip(app_s, durable_s, strict=True)]),
        "ratio_disk": med([a / d for a, d in zip(app_s, disk_s, strict=True)]),
        "sign_ratio": med([ph["sign_s"] / b for ph, b in zip(phases, plain_s, strict=True)]),
        "phases": {k: med([ph[k] for ph in phases]) for k in phases[0]},
        "app_mb": med(app_mb),
        "plain_mb": med(plain_mb),
        "signed": kept,
        "size_mb": src.stat().st_size / inputs.MB,
    }


def bench_open(signed: Path, p: Plan, env: dict[str, str]) -> dict[str, Any]:
    """The app's read_file vs plain Reader (validating) vs the manifest alone (no hashing)."""
    app_s, plain_s, summary_s, quick_s, app_mb, plain_mb = [], [], [], [], [], []
    for _ in range(p.repeats):
        a, b, c = op("open", signed, env), op("plainread", signed, env), op("summary", signed, env)
        quick_s.append(op("quick", signed, env)["seconds"])
        if a["state"] != "TRUSTED" or b["state"] not in ("Valid", "Trusted"):
            raise SystemExit(f"{signed.name} did not read back valid: {a} {b}")
        app_s.append(a["seconds"])
        plain_s.append(b["seconds"])
        summary_s.append(c["seconds"])
        app_mb.append(a["peak_mb"])
        plain_mb.append(b["peak_mb"])
    return {
        "app_s": med(app_s),
        "plain_s": med(plain_s),
        "summary_s": med(summary_s),
        "quick_s": med(quick_s),
        "ratio_plain": med([a / b for a, b in zip(app_s, plain_s, strict=True)]),
        "app_mb": med(app_mb),
        "plain_mb": med(plain_mb),
    }


def bench_gui(video: Path, out: Path, p: Plan, env: dict[str, str]) -> dict[str, Any]:
    runs = []
    for i in range(p.repeats):
        dest = out / f"gui-{i}.mp4"
        runs.append(run_json([PY, "-m", "bench.gui_probe", str(video), str(dest)], env))
        dest.unlink(missing_ok=True)
        if runs[-1]["errors"] or runs[-1]["export_state"] != "TRUSTED":
            raise SystemExit(f"the window's export failed: {runs[-1]}")
    phases = runs[0]["stall_ms"].keys()
    return {
        "stall_ms": {k: med([r["stall_ms"][k] for r in runs]) for k in phases},
        "worst_ms": {k: max(r["stall_ms"][k] for r in runs) for k in phases},
        "open_summary_s": med([r["open_summary_s"] for r in runs]),
        # None when the unchecked summary never showed (it then counts as missed)
        "open_unchecked_s": max((r["open_unchecked_s"] or 1e9) for r in runs),
        "open_preview_s": med([r["open_preview_s"] for r in runs]),
        "export_s": med([r["export_s"] for r in runs]),
    }


def first_paint(kind: str, env: dict[str, str]) -> float:
    start = time.time()
    done = subprocess.run(
        [PY, "-m", "bench.startup", kind], env=env, cwd=ROOT, capture_output=True, text=True
    )
    return float(done.stdout.strip().splitlines()[-1]) - start


def bench_startup(p: Plan, env: dict[str, str]) -> dict[str, Any]:
    from bench.startup import with_bytecode

    with tempfile.TemporaryDirectory(prefix="credlabel-pyc-") as cache:
        env = with_bytecode(env, Path(cache))  # both sides compiled, as installed
        first_paint("app", env)  # warm the page cache for both
        first_paint("bare", env)
        first_paint("bare-qt", env)
        app_s, bare_s, qt_s = [], [], []
        for _ in range(max(p.repeats, 15)):  # ~1 s a pair; the shared machine is noisy
            bare_s.append(first_paint("bare", env))
            qt_s.append(first_paint("bare-qt", env))
            app_s.append(first_paint("app", env))
    return {
        "app_s": med(app_s),
        "bare_s": med(bare_s),
        "ratio": med([a / b for a, b in zip(app_s, bare_s, strict=True)]),
        # The floor any real window has: the bare one given one Qt.* value.
        "bare_qt_s": med(qt_s),
        "qt_ratio": med([a / b for a, b in zip(app_s, qt_s, strict=True)]),
        "bytecode": "private cache (PYTHONPYCACHEPREFIX), compiled before timing, both sides",
    }


def count_opens(src: Path, out: Path, env: dict[str, str]) -> dict[str, Any]:
    """How often one open (validating read, as the window does) + export opens the original:
    Python-level opens from an audit hook, and every open(2) of the file under strace."""
    dest = out / f"opens{src.suffix}"
    counted = run_json([PY, "-m", "bench.opens", str(src), str(dest)], env)
    dest.unlink(missing_ok=True)
    if shutil.which("strace"):
        log = out / "strace.log"
        argv = ["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", str(log)]
        run_json([*argv, PY, "-m", "bench.opens", str(src), str(dest)], env)
        dest.unlink(missing_ok=True)
        text = log.read_text(encoding="utf-8", errors="replace")
        counted["system_opens"] = sum(
            1 for line in text.splitlines() if f'"{src}"' in line and "ENOENT" not in line
        )
        log.unlink()
    return counted


def batch_once(
    folder: Path, out: Path, jobs: int, env: dict[str, str], pattern: str = "*.jpg"
) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    argv = [PY, "-m", "app", "batch", str(folder / pattern), "--out-dir", str(out)]
    argv += ["-j", str(jobs), "--ai", "partial", "--ai-tool", "Bench Image Model@1.0"]
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    labeled = len(list(out.glob("*.jpg")))
    if done.returncode != 0 or labeled != len(list(folder.glob(pattern))):
        raise SystemExit(f"batch -j {jobs} failed ({labeled} labeled):\n{done.stderr[-2000:]}")
    return seconds


# The machine's own 2-process speed-up: pure-Python arithmetic, nothing shared.
CPU_WORK = "import sys\nfor _ in range(int(sys.argv[1])):\n    sum(i * i for i in range(2_000_000))"


def cpu_reference(units: int, processes: int) -> float:
    """Seconds for `units` slices of pure CPU work split over `processes` processes."""
    start = time.perf_counter()
    share = units // processes
    running = [subprocess.Popen([PY, "-c", CPU_WORK, str(share)]) for _ in range(processes)]
    for proc in running:
        proc.wait()
    return time.perf_counter() - start


def busy_core_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (user, nice, system, irq and
    softirq of /proc/stat; steal is the host's), None where there is no /proc/stat."""
    try:
        with Path("/proc/stat").open(encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[1:8])
    return (user + nice + system + irq + softirq) / ticks


def cores_busy(run: Callable[[], float], into: list[float]) -> float:
    """`run()`'s seconds; appends the machine's average busy cores while it ran to `into`
    (the bench is the only load it means to measure, so this is the batch's processes)."""
    before = busy_core_seconds()
    seconds = run()
    after = busy_core_seconds()
    if before is not None and after is not None and seconds > 0:
        into.append((after - before) / seconds)
    return seconds


def bench_batch(work: Path, p: Plan, env: dict[str, str]) -> dict[str, Any]:
    """`batch -j 1` and `-j 2` against the pure-CPU reference on 1 and 2 processes, in
    rounds. Each round's efficiency is (its -j 1 / -j 2) / (its cpu 1 / cpu 2): the batch
    and the reference on the same number of processes run next to each other, so both see
    the shared machine's load of that moment; the order flips every round (j1 cpu1 j2
    cpu2, then cpu2 j2 cpu1 j1), so a load that rises or falls during a round weighs on
    both sides alike. The row quotes the median round, the spread of all rounds, and the
    same share from each one's fastest run."""
    folder = work / "small"
    inputs.make_small_jpegs(folder, p.batch_files)
    units = 8 if p.quick else 24  # about as long as the batch itself
    rounds = max(p.repeats, 3 if p.quick else 7)
    # How many cores each batch keeps busy: -j 1 is not one core (each export decodes its
    # thumbnail on a second thread while the rest goes on), which caps what -j 2 can add.
    busy: dict[str, list[float]] = {"j1": [], "j2": []}
    out = work / "batch-out"
    steps: dict[str, Any] = {
        "j1": lambda: cores_busy(lambda: batch_once(folder, out, 1, env), busy["j1"]),
        "j2": lambda: cores_busy(lambda: batch_once(folder, out, 2, env), busy["j2"]),
        "cpu1": lambda: cpu_reference(units, 1),
        "cpu2": lambda: cpu_reference(units, 2),
    }
    steps["j2"]()  # warm-up, not counted: the page cache, the byte-code caches
    busy["j2"].clear()
    times: dict[str, list[float]] = {name: [] for name in steps}
    for number in range(rounds):
        order = ["j1", "cpu1", "j2", "cpu2"]
        for name in order if number % 2 == 0 else order[::-1]:
            times[name].append(steps[name]())
    shutil.rmtree(work / "batch-out", ignore_errors=True)
    one, two, cpu_one, cpu_two = times["j1"], times["j2"], times["cpu1"], times["cpu2"]
    scaling = [a / b for a, b in zip(one, two, strict=True)]
    machine = [a / b for a, b in zip(cpu_one, cpu_two, strict=True)]
    efficiency = [s / m for s, m in zip(scaling, machine, strict=True)]
    return {
        "files": p.batch_files,
        "rounds": rounds,
        "j1_s": med(one),
        "j2_s": med(two),
        "scaling": med(scaling),
        "machine_scaling": med(machine),
        "efficiency": med(efficiency),
        "efficiency_low": min(efficiency),
        "efficiency_high": max(efficiency),
        "efficiencies": efficiency,
        # The same from each one's fastest run (noise only ever adds time): a cross-check.
        "efficiency_best": (min(one) / min(two)) / (min(cpu_one) / min(cpu_two)),
        # Average busy cores of the whole machine during the runs (None: no /proc/stat).
        "j1_cores": med(busy["j1"]) if busy["j1"] else None,
        "j2_cores": med(busy["j2"]) if busy["j2"] else None,
        "cores": os.cpu_count() or 1,
    }


# A plain c2pa-python script that reads and validates each file it is given: the floor.
PLAIN_INSPECT = """
import json, sys
import c2pa
for name in sys.argv[1:]:
    with open(name, "rb") as stream:
        reader = c2pa.Reader("image/jpeg", stream)
        print(name, json.loads(reader.json()).get("validation_state"))
        reader.close()
"""
# The same script with the trust settings `credlabel inspect` reads with (the default
# profile's c2pa Context: the public trust lists and this computer's roots, from a JSON file
# written before the clock starts), one Context shared by every Reader as the app does: the
# library's own floor for what inspect promises.
PLAIN_INSPECT_TRUSTED = """
import json, sys
import c2pa
with open(sys.argv[1], encoding="utf-8") as settings:
    context = c2pa.Context.from_dict(json.load(settings))
for name in sys.argv[2:]:
    with open(name, "rb") as stream:
        reader = c2pa.Reader("image/jpeg", stream, None, context)
        print(name, json.loads(reader.json()).get("validation_state"))
        reader.close()
"""
INSPECT_SETTINGS = """
import json, sys
from app.core.reading.trust import DEFAULT_PROFILE, load_profile
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(load_profile(DEFAULT_PROFILE).context_settings(), out)
"""


def timed_run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} ... failed:\n{done.stderr[-2000:]}")
    return seconds


def bench_inspect(work: Path, p: Plan, env: dict[str, str]) -> dict[str, Any]:
    """`credlabel inspect` of one small signed JPEG, and of 100 in one call, against a plain
    c2pa-python script doing the same reads (each a fresh process: start-up included)."""
    folder, signed = work / "small", work / "inspect"
    inputs.make_small_jpegs(folder, 100)
    batch_once(folder, signed, 2, env, pattern="photo0[0-9][0-9].jpg")
    files = sorted(str(f) for f in signed.glob("*.jpg"))[:100]
    settings = work / "inspect-trust-settings.json"
    timed_run([PY, "-c", INSPECT_SETTINGS, str(settings)], env)
    # The command as installed (the console script pip writes beside the interpreter; a
    # checkout without it runs `python -m app`, which also loads runpy: ~2 ms).
    script = Path(PY).with_name("credlabel")
    app = [str(script), "inspect"] if script.is_file() else [PY, "-m", "app", "inspect"]
    plain = [PY, "-c", PLAIN_INSPECT]
    floor = [PY, "-c", PLAIN_INSPECT_TRUSTED, str(settings)]
    one_app, one_plain, one_floor, many_app, many_plain, many_floor = [], [], [], [], [], []
    # Both sides from compiled bytecode, as an installed `credlabel` has it (bench/startup.py).
    from bench.startup import with_bytecode

    cache = Path(tempfile.mkdtemp(prefix="credlabel-pyc-"))
    env = with_bytecode(env, cache, [[*app, files[0]], [*plain, files[0]], [*floor, files[0]]])
    for _ in range(max(p.repeats, 5)):
        one_plain.append(timed_run([*plain, files[0]], env))
        one_floor.append(timed_run([*floor, files[0]], env))
        one_app.append(timed_run([*app, files[0]], env))
    for _ in range(p.repeats):
        many_plain.append(timed_run([*plain, *files], env))
        many_floor.append(timed_run([*floor, *files], env))
        many_app.append(timed_run([*app, *files], env))
    shutil.rmtree(signed, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    settings.unlink()
    return {
        "bytecode": "private cache (PYTHONPYCACHEPREFIX), compiled before timing, all sides",
        "app_command": " ".join(Path(a).name for a in app),
        "files": len(files),
        "one_app_s": med(one_app),
        "one_plain_s": med(one_plain),
        "one_ratio": med([a / b for a, b in zip(one_app, one_plain, strict=True)]),
        "many_app_s": med(many_app),
        "many_plain_s": med(many_plain),
        "many_ratio": med([a / b for a, b in zip(many_app, many_plain, strict=True)]),
        # The floor: the plain script with the app's trust settings.
        "one_floor_s": med(one_floor),
        "one_floor_ratio": med([a / b for a, b in zip(one_app, one_floor, strict=True)]),
        "many_floor_s": med(many_floor),
        "many_floor_ratio": med([a / b for a, b in zip(many_app, many_floor, strict=True)]),
        "floor_vs_plain": med([f / b for f, b in zip(many_floor, many_plain, strict=True)]),
    }


def machine() -> dict[str, str]:
    import av
    import c2pa
    import PIL
    import PySide6

    cpu = "unknown"
    with Path("/proc/cpuinfo").open(encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with Path("/proc/meminfo").open(encoding="utf-8") as info:
        ram_kb = int(info.readline().split()[1])
    from app import __version__

    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "RAM": f"{ram_kb / 1024 / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "CredLabel": __version__,
        "c2pa-python": getattr(c2pa, "__version__", "?"),
        "c2pa-rs": _c2pa_rs(),
        "PySide6": PySide6.__version__,
        "PyAV": av.__version__,
        "Pillow": PIL.__version__,
        "Disk": _disk(),
        "Load average (1, 5, 15 min) at the end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _c2pa_rs() -> str:
    try:
        from app.core.versions import c2pa_rs_version  # type: ignore[attr-defined]

        return str(c2pa_rs_version())
    except Exception:
        return "0.91.3 (pinned by c2pa-python 0.38.1)"


def _disk() -> str:
    total, _used, free = shutil.disk_usage(inputs.INPUTS.parent)
    return f"{free / 2**30:.0f} GiB free of {total / 2**30:.0f} GiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small inputs, one repeat")
    parser.add_argument("--repeats", type=int, default=0, help="repeats (default 3)")
    parser.add_argument("--keep-inputs", action="store_true", help="keep the big inputs")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS), help="parts")
    args = parser.parse_args(argv)
    p = plan(args)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="credlabel-bench-") as home:
        env = {**os.environ, "CREDLABEL_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
        env["PYTHONPATH"] = str(ROOT)
        results = run_all(p, Path(home), env, set(args.only))
    results["total_s"] = time.perf_counter() - started
    partial = set(args.only) != set(PARTS)
    name = "RESULTS-quick.md" if p.quick else "RESULTS-partial.md" if partial else "RESULTS.md"
    rows: list[Row] = results.pop("rows")
    target = write_results(Path(__file__).parent / name, rows, results, p.repeats, p.quick)
    if not args.keep_inputs:
        for big in inputs.INPUTS.glob("*"):
            if big.is_file() and big.name != "seed.mp4":
                big.unlink()
    print(f"wrote {target} in {results['total_s']:.0f} s")
    return 0


PARTS = ("export", "open", "gui", "startup", "inspect", "batch")


def run_all(p: Plan, home: Path, env: dict[str, str], parts: set[str]) -> dict[str, Any]:
    from bench.report import build_rows

    def step(what: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {what}", flush=True)

    step("making inputs")
    small, big = p.mp4_mb
    files = {
        "mp4_small": inputs.make_mp4(inputs.INPUTS / f"video-{small}mb.mp4", small),
        "mp4_big": inputs.make_mp4(inputs.INPUTS / f"video-{big}mb.mp4", big),
        "jpeg": inputs.make_jpeg(inputs.INPUTS / f"photo-{p.image_mb}mb.jpg", p.image_mb),
        "png": inputs.make_png(inputs.INPUTS / f"picture-{p.image_mb}mb.png", p.image_mb),
    }
    out = home / "out"
    out.mkdir()
    export: dict[str, Any] = {}
    opened: dict[str, Any] = {}
    gui: dict[str, Any] = {}
    startup: dict[str, Any] = {}
    batch: dict[str, Any] = {}
    if parts & {"export", "open", "gui"}:
        for key, src in files.items():
            step(f"export {src.name}")
            export[key] = bench_export(src, out, p, env)
            if "open" in parts:
                step(f"open {src.name}")
                opened[key] = bench_open(export[key]["signed"], p, env)
        if "gui" in parts:
            step("window: open (signed copy), scrub, export the big video")
            gui = bench_gui(export["mp4_big"]["signed"], out, p, env)
        for key in files:
            export[key]["signed"].unlink()
        step("file opens for one open + export")
        export["opens"] = count_opens(files["jpeg"], out, env)
    if "startup" in parts:
        step("start-up")
        startup = bench_startup(p, env)
    inspected: dict[str, Any] = {}
    if "inspect" in parts:
        step("inspect: one small file, then 100 in one call, against a plain c2pa script")
        inspected = bench_inspect(home, p, env)
    if "batch" in parts:
        step(f"batch: {p.batch_files} small JPEGs, -j 1 and -j 2, and a pure-CPU reference")
        batch = bench_batch(home, p, env)
    info = machine()
    names = {k: f"{v.name} ({v.stat().st_size / inputs.MB:.0f} MB)" for k, v in files.items()}
    return {
        "rows": build_rows(names, export, opened, gui, startup, batch, inspected),
        "machine": info,
        "raw": {
            "export": export,
            "open": opened,
            "gui": gui,
            "startup": startup,
            "inspect": inspected,
            "batch": batch,
        },
    }


if __name__ == "__main__":
    sys.exit(main())
