"""The results table: rows of (measurement, target, measured, met?, note) → RESULTS.md."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Row:
    what: str
    target: str
    measured: str
    met: bool | None  # None: reported, no target
    note_key: str = ""


def _ratio(x: float) -> str:
    return f"{x:.2f}×"


def build_rows(  # noqa: PLR0917
    names: dict[str, str],
    export: dict[str, Any],
    opened: dict[str, Any],
    gui: dict[str, Any],
    startup: dict[str, Any],
    batch: dict[str, Any],
    inspected: dict[str, Any] | None = None,
) -> list[Row]:
    """The rows of the parts that ran (`--only` may leave some out)."""
    rows: list[Row] = []
    if export:
        rows += _export_rows(names, export)
    if opened:
        rows += _open_rows(names, export, opened)
    if gui:
        rows += _gui_rows(names, opened, gui)
    if startup:
        rows.append(
            Row(
                "Start-up: process start → first paint, app vs bare PySide6 window "
                "(both from compiled bytecode, as installed)",
                "≤ 1.5×",
                f"{_ratio(startup['ratio'])} ({startup['app_s']:.2f} s vs "
                f"{startup['bare_s']:.2f} s)",
                startup["ratio"] <= 1.5,
                "startup",
            )
        )
        if "qt_ratio" in startup:
            rows.append(
                Row(
                    "Start-up vs the floor of any real window: the bare window given one value "
                    "of Qt's namespace (PySide6 then makes its ~90 enum types)",
                    "reported",
                    f"{_ratio(startup['qt_ratio'])} ({startup['app_s']:.2f} s vs "
                    f"{startup['bare_qt_s']:.2f} s)",
                    None,
                    "startup_floor",
                )
            )
    if inspected:
        rows += _inspect_rows(inspected)
    if batch:
        rows.append(_batch_row(batch))
        if batch.get("j1_cores") and batch.get("j2_cores"):
            rows.append(_batch_cores_row(batch))
    return rows


def _batch_cores_row(batch: dict[str, Any]) -> Row:
    one, two, cores = batch["j1_cores"], batch["j2_cores"], batch["cores"]
    # What a second process can add when one already keeps `one` cores busy.
    allowed = batch["machine_scaling"] / one
    return Row(
        "Batch: the whole machine's busy cores (/proc/stat) during `-j 1` and `-j 2`, and "
        "`-j 2`'s speed-up as a share of what `-j 1`'s own cores leave to gain",
        "reported",
        f"-j 1: {one:.2f} cores, -j 2: {two:.2f} of {cores} ({two / cores:.0%}); "
        f"-j 2 can gain at most {_ratio(allowed)} (machine {_ratio(batch['machine_scaling'])} "
        f"/ {one:.2f}): {_ratio(batch['scaling'])} is {batch['scaling'] / allowed:.0%} of it",
        None,
        "batch_cores",
    )


# Below this 2-process speed-up of the pure-CPU reference, other work filled the cores: the
# share then says more about that load than about the batch (it reads far above 100 %).
BUSY_MACHINE_SCALING = 1.3


def _batch_row(batch: dict[str, Any]) -> Row:
    busy = batch["machine_scaling"] < BUSY_MACHINE_SCALING
    return Row(
        f"Batch: {batch['files']} small JPEGs, `credlabel batch -j 2` speed-up over "
        "`-j 1`, as a share of the machine's own 2-process speed-up (pure CPU)",
        "≥ 90 %",
        f"{batch['efficiency']:.0%}, median of {batch['rounds']} rounds "
        f"({batch['efficiency_low']:.0%}–{batch['efficiency_high']:.0%}; "
        f"{batch['efficiency_best']:.0%} from the fastest runs) "
        f"({_ratio(batch['scaling'])}: {batch['j1_s']:.1f} s "
        f"vs {batch['j2_s']:.1f} s; machine {_ratio(batch['machine_scaling'])})"
        + (
            f"; not judged: other load filled the cores (machine below "
            f"{_ratio(BUSY_MACHINE_SCALING)})"
            if busy
            else ""
        ),
        None if busy else batch["efficiency"] >= 0.90,
        "batch",
    )


def _inspect_rows(i: dict[str, Any]) -> list[Row]:
    files = i["files"]
    rows = [
        Row(
            "`credlabel inspect` of one small signed JPEG vs a plain c2pa-python script that "
            "reads and validates it (each a fresh process, both from compiled bytecode)",
            "≤ 1.5×",
            f"{_ratio(i['one_ratio'])} ({i['one_app_s']:.2f} s vs {i['one_plain_s']:.2f} s)",
            i["one_ratio"] <= 1.5,
            "inspect",
        ),
        Row(
            f"`credlabel inspect` of {i['files']} small signed JPEGs in one call vs the plain "
            "script given the same files (time per file)",
            "≤ 1.2×",
            f"{_ratio(i['many_ratio'])} ({i['many_app_s'] / files * 1000:.1f} ms vs "
            f"{i['many_plain_s'] / files * 1000:.1f} ms a file)",
            i["many_ratio"] <= 1.2,
            "inspect",
        ),
    ]
    if "many_floor_s" not in i:
        return rows
    return [
        *rows,
        Row(
            "`credlabel inspect` of one small signed JPEG vs the library's floor with trust "
            "lists: the plain script given the app's trust settings (its default profile: "
            "public lists and this computer's roots)",
            "reported",
            f"{_ratio(i['one_floor_ratio'])} ({i['one_app_s']:.2f} s vs {i['one_floor_s']:.2f} s)",
            None,
            "inspect",
        ),
        Row(
            f"`credlabel inspect` of {files} small signed JPEGs in one call vs that floor "
            "(time per file)",
            "reported",
            f"{_ratio(i['many_floor_ratio'])} ({i['many_app_s'] / files * 1000:.1f} ms vs "
            f"{i['many_floor_s'] / files * 1000:.1f} ms a file; the floor itself is "
            f"{_ratio(i['floor_vs_plain'])} the plain script)",
            None,
            "inspect",
        ),
    ]


def _export_rows(names: dict[str, str], export: dict[str, Any]) -> list[Row]:
    rows = []
    for key, name in names.items():
        e = export[key]
        ph = e["phases"]
        rows.append(
            Row(
                f"Export {name}: app vs plain library (parent, sign, read-back check)",
                "≤ 1.10×",
                f"{_ratio(e['ratio_plain'])} ({e['app_s']:.2f} s vs {e['plain_s']:.2f} s; "
                f"app phases: prepare {ph['prepare_s']:.2f} s, sign {ph['sign_s']:.2f} s, "
                f"verify {ph['verify_s']:.2f} s)",
                e["ratio_plain"] <= 1.10,
                "export_ratio",
            )
        )
        if "ratio_durable" in e:  # older results have no durable-save floor
            rows.append(_durable_row(name, e))
        if "ratio_floor" in e:
            rows += _thumbnail_rows(name, e)
        rows.append(
            Row(
                f"Export {name}: app vs `cp` + `sha256sum`",
                "reported",
                f"{_ratio(e['ratio_disk'])} (disk limit {e['disk_s']:.2f} s)",
                None,
            )
        )
    small, big = export["mp4_small"], export["mp4_big"]
    rows.append(_memory_row("Peak RSS, export", small, big, "memory_export"))
    opens = export.get("opens")
    if opens:
        system = opens.get("system_opens")
        rows.append(
            Row(
                f"Opens of the original for one open + export ({names['jpeg']})",
                "fewer than before (21; 24 open(2))",
                f"{opens['opens']} by Python ({opens['opens_at_open']} of them at open)"
                + (f"; {system} open(2) calls in all (strace)" if system is not None else ""),
                None,
                "opens",
            )
        )
    return rows


def _durable_row(name: str, e: dict[str, Any]) -> Row:
    """The floor of a save that survives a power cut: the OS writing the copy to disk."""
    return Row(
        f"Export {name}: app vs plain library + a durable save (the copy fsynced while it "
        "is read back)",
        "≤ 1.10×",
        f"{_ratio(e['ratio_durable'])} ({e['app_s']:.2f} s vs {e['durable_s']:.2f} s)",
        e["ratio_durable"] <= 1.10,
        "export_durable",
    )


def _thumbnail_rows(name: str, e: dict[str, Any]) -> list[Row]:
    """A picture's copy carries a thumbnail; the plain row above is handed it for free."""
    return [
        Row(
            f"Export {name} from the window (opened and shown first, as a creator does): "
            "app vs plain library",
            "≤ 1.10×",
            f"{_ratio(e['ratio_shown'])} ({e['shown_s']:.2f} s vs {e['plain_s']:.2f} s)",
            e["ratio_shown"] <= 1.10,
            "export_ratio",
        ),
        Row(
            f"Export {name}: app vs plain library + decoding the thumbnail (the floor for a "
            "copy with a thumbnail)",
            "≤ 1.10×",
            f"{_ratio(e['ratio_floor'])} ({e['app_s']:.2f} s vs {e['plain_s']:.2f} s + "
            f"{e['thumb_s']:.2f} s)",
            e["ratio_floor"] <= 1.10,
            "export_ratio",
        ),
        *(
            [
                Row(
                    f"Export {name}: app vs plain library + decoding the thumbnail + a durable "
                    "save (the floor for the copy the app promises)",
                    "≤ 1.10×",
                    f"{_ratio(e['ratio_durable_floor'])} ({e['app_s']:.2f} s vs "
                    f"{e['durable_s']:.2f} s + {e['thumb_s']:.2f} s)",
                    e["ratio_durable_floor"] <= 1.10,
                    "export_durable",
                )
            ]
            if "ratio_durable_floor" in e
            else []
        ),
        Row(
            f"Export {name}: app vs plain library making its own thumbnails (c2pa's default)",
            "reported",
            f"{_ratio(e['ratio_own'])} ({e['app_s']:.2f} s vs {e['own_s']:.2f} s)",
            None,
        ),
    ]


def _open_rows(names: dict[str, str], export: dict[str, Any], opened: dict[str, Any]) -> list[Row]:
    rows = [
        _memory_row(
            "Peak RSS, open + validate",
            opened["mp4_small"],
            opened["mp4_big"],
            "memory_open",
            export["mp4_small"]["size_mb"],
            export["mp4_big"]["size_mb"],
        )
    ]
    for key, name in names.items():
        o = opened[key]
        rows.append(
            Row(
                f"Open {name}: validation, app `read_file` vs plain `Reader`",
                "≤ 1.10×",
                f"{_ratio(o['ratio_plain'])} ({o['app_s']:.3f} s vs {o['plain_s']:.3f} s; "
                f"manifest without validation {o['summary_s']:.3f} s, app `quick_read` "
                f"{o['quick_s']:.3f} s)",
                o["ratio_plain"] <= 1.10,
                "open_ratio",
            )
        )
    return rows


def _gui_rows(names: dict[str, str], opened: dict[str, Any], gui: dict[str, Any]) -> list[Row]:
    big = opened.get("mp4_big", {})
    quick = f"; app `quick_read` has it at {big['quick_s']:.3f} s" if big else ""
    unchecked = gui.get("open_unchecked_s", 1e9)
    shown = f"{unchecked * 1000:.0f} ms" if unchecked < 1e8 else "never"
    rows = [
        Row(
            f"Window, open {names['mp4_big']}: summary (issuer, app, AI verdict, history, "
            "marked checking…) shown before validation finished",
            "≤ 100 ms, before the state",
            f"unchecked summary {shown} (worst run); validated state "
            f"{gui['open_summary_s']:.2f} s; first frame {gui['open_preview_s']:.2f} s{quick}",
            unchecked <= 0.1 and unchecked < gui["open_summary_s"],
            "open_summary",
        )
    ]
    for phase, label in (("open", "opening"), ("scrub", "scrubbing"), ("export", "exporting")):
        worst = gui["worst_ms"][phase]
        rows.append(
            Row(
                f"Longest event-loop stall while {label} the big video",
                "≤ 50 ms",
                f"{gui['stall_ms'][phase]:.0f} ms median, {worst:.0f} ms worst run",
                gui["stall_ms"][phase] <= 50,
                f"stall_{phase}",
            )
        )
    return rows


def _memory_row(  # noqa: PLR0917
    what: str,
    small: dict[str, Any],
    big: dict[str, Any],
    key: str,
    small_mb: float | None = None,
    big_mb: float | None = None,
) -> Row:
    small_mb = small_mb or small["size_mb"]
    big_mb = big_mb or big["size_mb"]
    growth = big["app_mb"] - small["app_mb"]
    plain_growth = big["plain_mb"] - small["plain_mb"]
    # Within 2 % of the plain library at each size, and growing no more than it does.
    met = all(s["app_mb"] <= s["plain_mb"] * 1.02 for s in (small, big)) and growth <= max(
        64, plain_growth + 16
    )
    return Row(
        f"{what}: {small_mb:.0f} MB vs {big_mb:.0f} MB MP4",
        "≤ plain library at both; grows no more than it",
        f"{small['app_mb']:.0f} → {big['app_mb']:.0f} MB (+{growth:.0f}); plain library "
        f"{small['plain_mb']:.0f} → {big['plain_mb']:.0f} MB",
        met,
        key,
    )


def write_results(
    path: Path, rows: list[Row], results: dict[str, Any], repeats: int, quick: bool
) -> Path:
    from bench.run import PICTURE_REPEATS, VIDEO_REPEATS

    videos, pictures = (max(repeats, n) for n in (VIDEO_REPEATS, PICTURE_REPEATS))
    lines = [
        "# CredLabel benchmarks"
        + (" (quick: small inputs, not the real figures)" if quick else ""),
        "",
        "Made by `python -m bench.run` (see bench/run.py). Every figure is a ratio measured side",
        "by side in one run, the app and its reference taking turns; each operation runs in a",
        f"fresh process (peak RSS = its `ru_maxrss`); medians of {repeats} repeats"
        + ("" if quick else f" (exports: videos {videos}, pictures {pictures})")
        + f"; start-up, inspect and batch as their notes say. Whole run: "
        f"{results['total_s'] / 60:.1f} min.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in results["machine"].items()],
        "",
        "## Results",
        "",
        "| measurement | target | measured | met? |",
        "|---|---|---|---|",
    ]
    for row in rows:
        met = "—" if row.met is None else ("met" if row.met else "**missed**")
        lines.append(f"| {row.what} | {row.target} | {row.measured} | {met} |")
    from bench.notes import NOTES  # read at the end: notes can be edited during a run

    lines += ["", "## Notes", ""]
    used = [r.note_key for r in rows if r.note_key]
    for key in dict.fromkeys(used):
        if key in NOTES:
            lines += [f"- **{key}**: {NOTES[key]}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
