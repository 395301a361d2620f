"""One measured operation per process: `python -m bench.ops OP SRC [DEST]`.

Each operation runs in a fresh interpreter so its peak RSS (`ru_maxrss`) is its own. It
prints one JSON line: {"op", "seconds", "peak_mb", "base_mb", ...}. `base_mb` is the peak
before the operation (interpreter + imports), so `peak_mb` - `base_mb` is what the
operation itself added. Operations:

- export:    the app's full path, `export_labeled_copy` (probe, read original, thumbnail,
             parent ingredient, sign, fsync, re-read and check, atomic publish)
- shown:     the same export from the window: the file opened and shown first, untimed
- plain:     c2pa-python alone doing what the app promises, at its leanest: the same
             manifest and trust settings, Builder + add_ingredient (the parent) + sign, file
             to file, a 64 MB backing store, then one validating read of the copy
- plainthumb: the same, c2pa making its own thumbnails (its default: the claim's and the
             parent ingredient's), for pictures
- durable:   `plain` plus what a save that survives a power cut needs from the OS: the copy
             fsynced, overlapped with its read-back as the app does (the floor for the export
             non-negotiable 1 asks for)
- thumbnail: the app's claim thumbnail alone (decode at reduced scale, shrink, JPEG)
- open:      the app's `read_file` (probe, Reader, validation, parse) with the local profile
- plainread: `c2pa.Reader` on a file stream with default settings, `.json()`
- summary:   the Reader with `verify.verify_after_reading` off: the manifest without hashing
- quick:     the app's `quick_read` (the same, parsed into what the window's summary shows)
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from bench.identity import disclosure, signer


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def op_export(src: Path, dest: Path, shown: bool = False) -> dict[str, Any]:
    """`shown`: as from the window, where the file was opened first (its validating read
    remembered, its picture decoded for the preview) before the clock starts."""
    from app.core.labeling.export import export_labeled_copy
    from app.core.reading.trust import load_profile

    sign_with, profile = signer(), load_profile("local")
    marks: dict[str, float] = {}
    if shown:
        from app.core.media.thumbnail import preview_kept
        from app.core.reading.report_memory import read_and_remember

        read_and_remember(src, profile)
        preview_kept(src, 2048)  # the window's IMAGE_EDGE

    def progress(update: Any) -> None:
        marks.setdefault(update.phase, time.perf_counter())

    start = time.perf_counter()
    result = export_labeled_copy(
        src, disclosure(), sign_with, dest=dest, profile=profile, progress=progress
    )
    end = time.perf_counter()
    # Phases: checks, reading the original, thumbnail → Builder, ingredient and signing
    # (the part `plain` also does) → re-reading and checking the copy, publishing.
    signing = marks.get("signing", start)
    verifying = marks.get("verifying", end)
    phases = {
        "prepare_s": signing - start,
        "sign_s": verifying - signing,
        "verify_s": end - verifying,
    }
    return {"seconds": end - start, "state": result.report.state.name, "phases": phases}


def op_plain(
    src: Path, dest: Path, own_thumbnail: bool = False, durable: bool = False
) -> dict[str, Any]:
    """`own_thumbnail`: c2pa makes the thumbnails itself (its default), instead of being
    handed the app's, made before the clock starts. `durable`: the copy is fsynced on a
    second thread while it is read back."""
    import io
    import os
    import threading

    import c2pa

    from app.core.labeling.manifest_builder import THUMBNAIL_ID, build_manifest, parent_ingredient
    from app.core.media.probe import mime_for_c2pa, probe
    from app.core.media.thumbnail import make_thumbnail
    from app.core.reading.credentials import read_file
    from app.core.reading.trust import load_profile

    # The same manifest and thumbnail as the app, prepared before the clock starts.
    mime = mime_for_c2pa(probe(src)) or ""
    thumbnail_id = None if own_thumbnail else THUMBNAIL_ID
    manifest = build_manifest(disclosure(), read_file(src), thumbnail_id=thumbnail_id)
    thumbnail = b"" if own_thumbnail else make_thumbnail(src) or b""
    sign_with, settings = signer(), load_profile("local").context_settings()
    start = time.perf_counter()
    context = c2pa.Context.from_dict(
        {
            **settings,
            "builder": {"thumbnail": {"enabled": own_thumbnail}},
            "core": {"backing_store_memory_threshold_in_mb": 64},
        }
    )
    builder = c2pa.Builder(json.dumps(manifest), context)
    if not own_thumbnail:
        builder.add_resource(THUMBNAIL_ID, io.BytesIO(thumbnail))
    with src.open("rb") as original:
        builder.add_ingredient(parent_ingredient(src.name), mime, original)
    with src.open("rb") as source, dest.open("w+b") as out:
        builder.sign(sign_with, mime, source, out)
    builder.close()
    flush = threading.Thread(target=_fsync, args=(dest,))
    if durable:
        flush.start()
    with dest.open("rb") as copy:  # the read-back check
        reader = c2pa.Reader(mime, copy, None, c2pa.Context.from_dict(settings))
        state = json.loads(reader.json()).get("validation_state")
        reader.close()
    if durable:
        flush.join()
        folder = os.open(dest.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename of a real save would need it too
        finally:
            os.close(folder)
    return {"seconds": time.perf_counter() - start, "state": state}


def _fsync(path: Path) -> None:
    import os

    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def op_thumbnail(src: Path) -> dict[str, Any]:
    """The app's thumbnail alone (decode, shrink, encode): what a copy with one costs."""
    from app.core.media.probe import probe
    from app.core.media.thumbnail import make_thumbnail

    media = probe(src)
    start = time.perf_counter()
    made = make_thumbnail(src, media=media)
    return {"seconds": time.perf_counter() - start, "bytes": len(made or b"")}


def op_open(src: Path) -> dict[str, Any]:
    from app.core.reading.credentials import read_file
    from app.core.reading.trust import load_profile

    profile = load_profile("local")
    start = time.perf_counter()
    report = read_file(src, profile)
    return {"seconds": time.perf_counter() - start, "state": report.state.name}


def op_plainread(src: Path, verify: bool = True) -> dict[str, Any]:
    import c2pa

    context = c2pa.Context.from_dict({"verify": {"verify_after_reading": verify}})
    start = time.perf_counter()
    with src.open("rb") as stream:
        reader = c2pa.Reader("video/mp4" if src.suffix == ".mp4" else None, stream, None, context)
        store = json.loads(reader.json())
        reader.close()
    return {"seconds": time.perf_counter() - start, "state": store.get("validation_state")}


def op_quick(src: Path) -> dict[str, Any]:
    from app.core.reading.quick_read import quick_read
    from app.core.reading.trust import load_profile

    profile = load_profile("local")
    start = time.perf_counter()
    quick = quick_read(src, profile)
    return {"seconds": time.perf_counter() - start, "issuer": quick.issuer}


def main(argv: list[str]) -> None:
    op, src = argv[0], Path(argv[1])
    dest = Path(argv[2]) if len(argv) > 2 else None
    # Import everything the operation needs first, so `base_mb` covers the imports.
    # (A window has these loaded already; importing them is start-up cost, not open cost.)
    import av  # noqa: F401
    import c2pa  # noqa: F401
    import PIL.Image  # noqa: F401

    import app.core.labeling.export  # noqa: F401

    base = _peak_mb()
    if op == "export" and dest is not None:
        out = op_export(src, dest)
    elif op == "shown" and dest is not None:
        out = op_export(src, dest, shown=True)
    elif op == "plain" and dest is not None:
        out = op_plain(src, dest)
    elif op == "durable" and dest is not None:
        out = op_plain(src, dest, durable=True)
    elif op == "plainthumb" and dest is not None:
        out = op_plain(src, dest, own_thumbnail=True)
    elif op == "thumbnail":
        out = op_thumbnail(src)
    elif op == "open":
        out = op_open(src)
    elif op == "plainread":
        out = op_plainread(src)
    elif op == "quick":
        out = op_quick(src)
    elif op == "summary":
        out = op_plainread(src, verify=False)
    else:
        raise SystemExit(f"unknown operation {op}")
    print(json.dumps({"op": op, **out, "peak_mb": _peak_mb(), "base_mb": base}))


if __name__ == "__main__":
    main(sys.argv[1:])
