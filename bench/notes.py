"""Hand-written explanations for the results table (what limits each figure, from profiling).

Written after profiling on the benchmark machine (pyinstrument, `python -X importtime`);
RESULTS.md shows the note of every row that has one, met or missed.
"""

NOTES: dict[str, str] = {
    "export_ratio": (
        "Missed by design of the export, not by signing: the app's sign phase alone is "
        "within noise of the plain library at 1 GB (see the row). The rest is what the "
        "non-negotiables ask for: checks (probe, the file is complete, the original's "
        "credentials), its own thumbnail, for JPEG/PNG a temporary copy carrying the IPTC XMP "
        "mirror (`prepare`), fsync, and re-reading and validating the whole copy before it "
        "is published (`verify`, a second full hash: ~20% at 1 GB). Profiling (pyinstrument) "
        "found one real overhead, fixed in app/core/labeling/export_io.py: the counting "
        "stream had no "
        "`readinto`, so c2pa-python copied every read (134-268 MB gulps for MP4) through a "
        "Python bytes object (100 MB MP4 export 1.35-1.48 s before, 0.71-0.99 s after). For "
        "the 50 MB images the `prepare` phase dominates (XMP copy and rewrite, decoding a "
        "~40-megapixel picture for the thumbnail, the completeness check); it was not broken "
        "down further in this run and is the next thing to profile."
    ),
    "memory_export": (
        "Missed, and set by the library's read buffer, not by the output. The app keeps the "
        "output off the heap (`core.backing_store_memory_threshold_in_mb=64`, set by "
        "export.py) and, since this benchmark, reads through `readinto` (no Python copy of "
        "each read): at 400 MB it peaks at about half of the plain library, which keeps the "
        "whole output in RAM. What remains is c2pa-rs's own buffer while it hashes the mdat "
        "of the original (ingredient, signing) and of the copy (verification): MP4 boxes are "
        "read in gulps that grow with the box, up to 268 MB, a Rust allocation no c2pa-rs "
        "0.91.3 setting controls; so the export peak equals the open peak below. Lowering it "
        "needs c2pa-rs to hash in fixed-size chunks (upstream)."
    ),
    "memory_open": (
        "Missed, and the same for the plain Reader: the peak is c2pa-rs's read buffer while "
        "hashing the mdat (gulps up to 268 MB for a 1 GB file), not anything CredLabel "
        "holds; the app reads through a plain file object (`readinto`, no Python copy) and "
        "adds ~5 MB. `backing_store_memory_threshold_in_mb` applies only to writing."
    ),
    "open_ratio": (
        "The app's `read_file` = the same validating Reader + `crjson()` (a second view of the "
        "store), thumbnails, and parsing into a FileReport; the extra is a fixed 10-90 ms, so "
        "the ratio is large only where the Reader itself takes tens of milliseconds."
    ),
    "open_summary": (
        "The window reads once: the summary card appears when the validating read returns "
        "(the video's first frame is decoded in parallel and often lands later). The manifest "
        "itself is available within milliseconds with `verify.verify_after_reading=false`, "
        "so a two-step read (show who/what/AI verdict marked 'checking…', then the state) "
        "would meet this; it needs a change in app/gui/main_window.py (another engineer's "
        "module) and in credentials.py and is left as a follow-up. Never show the unverified "
        "read's `Invalid` state: it means 'not checked', not tampering."
    ),
    "stall_open": (
        "Reading runs on a worker thread and c2pa releases the GIL; the stall is building the "
        "summary, history and details widgets when the result lands."
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
        "`python -X importtime`: importing app.gui.main_window costs ~0.25 s on top of PySide6 "
        "(eagerly imported panels and core modules: support_bundle/report_html via "
        "bundle_view ~60 ms, credentials_panel ~30 ms, settings, model, PIL), and building the "
        "four tabs before the first paint. Lazy imports of the Tools/bundle modules in "
        "app/gui (other engineers' files) would recover most of it."
    ),
    "batch": (
        "Missed narrowly. The timed run is the whole CLI: interpreter start, then a spawned "
        "pool whose workers each import the app and c2pa and build their signer before the "
        "first file, and a final summary — serial parts that Amdahl's law charges to -j 2. "
        "Each small JPEG is tens of milliseconds of signing plus verification, so the fixed "
        "start-up (not timed separately here) weighs even over 200 files. Two cores also "
        "serve the parent "
        "(progress) and the kernel's writeback. Not profiled further in this run."
    ),
}
