"""Hand-written explanations for the results table (what limits each figure, from profiling).

Written after profiling on the benchmark machine (pyinstrument, `python -X importtime`);
RESULTS.md shows the note of every row that has one, met or missed.
"""

NOTES: dict[str, str] = {
    "export_ratio": (
        "The plain reference now does what the app promises (parent ingredient, 64 MB backing "
        "store, one validating read-back of the copy), without the app's checks, thumbnail, "
        "XMP mirror, fsync and atomic publish. Fixed in this round (profiled with cProfile "
        "and per-step timers): the original was validated by a Reader before the Builder "
        "validated it again as the parent ingredient — the export now reads its manifest "
        "unchecked (app/core/reading/quick_read.py) and takes its state from the parent "
        "ingredient the Builder records, or reuses the report from the open while the file is "
        "unchanged (app/core/reading/report_memory.py); for a JPEG/PNG without credentials "
        "not even c2pa reads it (0.5-0.7 s for 50 MB: it reads the picture whole to find "
        "nothing; searching the mapped file for the `c2pa`/`provenance` marks takes tens of "
        "ms); the thumbnail (0.6 s to decode a 40-megapixel noise JPEG: entropy decoding, "
        "which `draft()` cannot skip; a PNG decodes whole) and the XMP copy run on threads "
        "while the Builder hashes the original; the copy is flushed to disk while it is read "
        "back (publishing took 0.3 s for 400 MB, now ~5 ms); one probe of the original "
        "instead of three. Earlier run (plain without read-back): 50 MB JPEG 4.44 s, PNG 2.60 "
        "s, 400 MB MP4 3.45 s. MP4: the app's own steps take ~0.1 s; the rest is the "
        "library's work through counted streams, within noise on this shared machine (uptime "
        "load 2-4 during the run). At 1 GB the plain reference was slower than the app in "
        "both full runs (8.3 s vs 6.8 s), not investigated: read that row as 'at the floor', "
        "not as better than it. The 50 MB pictures still miss (this round's two full runs: "
        "JPEG 1.74× and 1.34×, PNG 2.61× and 2.58×; was 4.44 s and 2.60 s before the plain "
        "reference did the read-back): the IPTC XMP mirror no longer needs exiv2 for a "
        "JPEG/PNG that has no XMP of its own — the packet is written while the copy is made "
        "(app/core/media/xmp.py, copy_with_packet) — and the instance-ID search skips the "
        "coded picture data, so `prepare` fell from 0.5-1.2 s to 0.3-0.5 s. What remains "
        "there, from per-step timers: decoding the picture for the manifest's thumbnail (~0.6 "
        "s of CPU for a 40-megapixel noise JPEG, entropy decoding that `draft()` cannot skip; "
        "a PNG decodes whole), which runs beside c2pa's hashing but competes with it for the "
        "2 cores; the search for credential marks before anything is read (0.08-0.10 s) and "
        "the copy check (0.06 s). A thumbnail is what Verify and platforms show for the file; "
        "the floor without it is the plain row."
    ),
    "memory_export": (
        "Set by the library: c2pa-rs hashes with a fixed 256 MiB buffer plus read-ahead "
        "(`MAX_HASH_BUF`, sdk/src/utils/hash_utils.rs), for the ingredient, the signing and "
        "the read-back alike; the plain library shows the same peak and growth. The app keeps "
        "the output off the heap (`core.backing_store_memory_threshold_in_mb=64`) and reads "
        "through `readinto` (no Python copy of each read); the figures differ from the plain "
        "library by the thumbnail and ~5 MB of Python objects. Flat memory needs c2pa-rs to "
        "hash in fixed-size chunks (upstream); no c2pa-rs 0.91.3 setting bounds it."
    ),
    "memory_open": (
        "The same floor as for the plain Reader: c2pa-rs's hashing buffer while it hashes the "
        "mdat, not anything CredLabel holds (it reads through a plain file object and adds ~5 "
        "MB). `backing_store_memory_threshold_in_mb` applies only to writing."
    ),
    "open_ratio": (
        "The app's `read_file` (app/core/reading/credentials.py, another engineer's module) = "
        "the same validating Reader + `crjson()` (a second view of the store), thumbnails, "
        "and parsing into a FileReport: a fixed 10-90 ms, so the ratio is large only where "
        "the Reader itself takes tens of milliseconds. `quick_read` (the manifest without "
        "checks) is shown beside it."
    ),
    "opens": (
        "Counted by bench/opens.py (an `open` audit hook; strace for every open(2), FFmpeg's "
        "included): the window's open (a validating read, remembered) then an export with the "
        "XMP mirror. Before this round the same run opened the original 21 times (5 at open, "
        "16 in the export; 24 open(2) calls): the export read it again with validation, "
        "probed it three times and walked its structure four times. The remaining opens are "
        "the probe, the completeness check, the thumbnail, the XMP copy and its pixel check, "
        "and the Builder's ingredient."
    ),
    "open_summary": (
        "The window shows `quick_read` first (the manifest with `verify_after_reading` off: "
        "issuer, app, AI verdict and history, no validation state, so it can never be shown "
        "as Invalid; grey badge, every line 'checking…'), then starts the validating read; "
        "the first look sniffs the type only (no FFmpeg load). Measured from `open_file` to "
        "`CredentialsPanel.show_unchecked` returning, on the GUI thread, worst of the runs, "
        "with the window up and its after-first-paint work done, as when a user picks File › "
        "Open. That work now includes importing c2pa and building the unchecked-read context "
        "in a worker (app/gui/services.py, after_first_paint; "
        "test_after_the_first_paint_the_reader_is_warmed…): before it, the first open paid "
        "that import, ~190 ms in all (60-90 ms of it c2pa's import, slowed by PySide6's "
        "import hook). A file named on the command line is opened before that work has run "
        "and still pays it in its first look."
    ),
    "stall_open": (
        "Reading runs on a worker thread and c2pa releases the GIL. Found this round with "
        "cProfile on the GUI thread (the stall was 91-140 ms): 86 ms of it was Babel loading "
        "its locale data (pickles) the first time a file size was formatted, in "
        "`_on_file_loaded`; that data now loads in the after-first-paint worker with c2pa's "
        "import (app/gui/services.py, after_first_paint). In the full run the worst gap is 55 "
        "ms median (67 ms worst), in the probe alone 24 ms: the rest is the other work of the "
        "open landing on the GUI thread (the first preview frame, scaled on the GUI thread, "
        "and the quick summary) while the machine is loaded. What is left when the report "
        "lands: setting the summary, history and details widgets (~14 ms) and saving the "
        "recent-file list (~6 ms, an fsync'd settings write)."
    ),
    "stall_scrub": (
        "Frames are decoded on a worker thread with PyAV; a 1280x720 noise frame is converted "
        "and scaled while holding the GIL, and the GUI thread then scales the QImage to the "
        "label — close to the limit with these worst-case (all-intra noise) frames."
    ),
    "stall_export": (
        "Signing runs in the export pool and releases the GIL; progress arrives as queued "
        "signals, throttled to one per MB."
    ),
    "startup": (
        "Profiled with `python -X importtime` (one process, .pyc present: the bare window is "
        "~100-120 ms of it). This round (was 3.48×; 1.61× and 1.99× in this round's two full "
        "runs, the bare window itself 0.10-0.11 s, so ±10 ms moves the ratio by 0.1): before "
        "the first paint the window now loads no labeling service, signing, support bundle, "
        "report, help window, Pillow, Babel, XMP, c2pa or cryptography (app/gui: imports on "
        "first use, type-only imports under TYPE_CHECKING); the Details and 'What viewers "
        "show' tabs are built on first need, the trust-list check runs in a worker after the "
        "first paint, the app-wide shortcut filter is installed after it, and the library "
        "guard no longer subclasses importlib.abc (which loaded importlib.resources). "
        "tests/unit/gui/test_launch_imports.py fails if any of those loads before the first "
        "paint again. What is left, in ms with .pyc: loading the app package and the core "
        "modules imported before PySide6 ~50, GUI modules ~45 (creating 222 Qt enum types "
        "where the bare window creates 47 is ~30 of it; PySide6's import hook ~10), building "
        "the window ~20 (first text layout and fonts), show and paint ~8. This environment "
        "sets PYTHONDONTWRITEBYTECODE=1, so a checkout recompiles the ~240 KB of app source "
        "it loads on every start (~45 ms more than an installed app); paired runs with .pyc "
        "gave 1.54-1.76×. The rest is PySide6 widget code that any real window pays."
    ),
    "inspect": (
        "Profiled (pyinstrument, `python -X importtime -m app inspect`). This round (was "
        "2.91× and 2.49×; two full runs gave 1.88× / 1.67× for one file and 2.08× / 2.13× a "
        "file for 100): one c2pa Context per trust profile shared by every Reader (rebuilt "
        "per file before, 1.5-4 ms each); cryptography no longer loaded (certificates "
        "compared as DER bytes and names, app/core/reading/der.py; cryptography only when two "
        "anchors share a name); trust lists parsed once per process (the PEM walk was "
        "quadratic); a plain JPEG probed from its segment headers without Pillow, its "
        "manifest store read segment by segment; the text report no longer builds the JSON "
        "dict; logging.handlers, platformdirs, difflib, Babel's dates, hashlib and secrets "
        "load when first used. What is left for one file (~120 ms): importing c2pa 31 ms (the "
        "plain script pays it too), the CLI's modules ~18 ms, the reading modules ~15 ms, "
        "Babel (the 'Issued on' date) ~10 ms, the model's dataclasses ~9 ms, the trust "
        "profile ~6 ms. Per file the floor is c2pa's: validating against the public trust "
        "lists (what inspect promises) costs 2.0-2.2 ms a small JPEG where the plain script, "
        "which loads no trust settings, takes 1.1 ms; with no Python at all 100 files would "
        "land near 1.4-1.5×, so 1.2× is below the library's floor with trust lists. Our own "
        "Python per file is ~1-1.5 ms (parsing into a FileReport, naming the trust source, "
        "the text)."
    ),
    "batch": (
        "Compared with what this VM delivers: the pure-CPU reference (two processes of Python "
        "arithmetic, nothing shared) is measured in the same run, taking turns with the "
        "batch. It swings with the load of the shared machine: 110 % and 81 % of the "
        "machine's 1.76× in this round's two full runs (107 % and 88 % in the previous "
        "round's). The serial part (Amdahl, from the -j 1 and -j 2 figures) is the CLI's "
        "start, spawning the pool and each worker importing the app and c2pa and building its "
        "signer before its first file, and the summary; each small JPEG's export also fsyncs "
        "its copy (disk, not CPU). A pool kept warm between batches would shrink it. The "
        "window's batch uses the same pool (app/core/labeling/batch.py)."
    ),
}
