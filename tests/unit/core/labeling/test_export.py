"""Export behaviour a user notices: where the copy goes, what is refused, progress, cancel,
disk errors, re-labeling, sidecars — with the original byte-for-byte untouched throughout.
"""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from app.core.errors import ExportCancelled, ExportError, UnsupportedFormatError
from app.core.labeling import export_io
from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import (
    ExportProgress,
    default_destination,
    export_labeled_copy,
    unique_destination,
)
from app.core.model import AiVerdictKind, ValidationState
from tests.helpers.exports import Signing, make_av, make_picture, make_signing, sha256

FULL_AI = Disclosure(ai=AiUse.FULL, ai_tools=(AiTool("Adobe Firefly", "3"),))


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "keys")


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    return make_picture(folder / "photo.jpg", (640, 480))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_default_destination_beside_the_original(photo: Path, signing: Signing) -> None:
    before = sha256(photo)
    result = export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)
    assert result.dest == photo.with_name("photo.cr.jpg") == default_destination(photo)
    assert result.report.state is ValidationState.TRUSTED
    assert result.report.path == result.dest
    assert result.bytes_written == result.dest.stat().st_size
    assert sha256(photo) == before
    assert leftovers(photo.parent) == ["photo.cr.jpg", "photo.jpg"]  # no temp files


def test_collision_is_refused_unless_overwrite(photo: Path, signing: Signing) -> None:
    taken = default_destination(photo)
    taken.write_bytes(b"someone else's file")
    with pytest.raises(ExportError, match="already exists"):
        export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)
    assert taken.read_bytes() == b"someone else's file"
    assert unique_destination(taken) == photo.with_name("photo.cr-2.jpg")
    result = export_labeled_copy(
        photo, FULL_AI, signing.signer, dest=taken, profile=signing.profile, overwrite=True
    )
    assert result.report.ai.kind is AiVerdictKind.GENERATED
    assert taken.read_bytes() != b"someone else's file"


def test_the_original_is_never_the_destination(photo: Path, signing: Signing) -> None:
    link = photo.with_name("link.jpg")
    link.symlink_to(photo)
    hard = photo.with_name("hard.jpg")
    os.link(photo, hard)
    before = sha256(photo)
    for target in (photo, link, hard, photo.parent / ".." / "photos" / "photo.jpg"):
        with pytest.raises(ExportError, match="never overwrites the original"):
            export_labeled_copy(
                photo,
                FULL_AI,
                signing.signer,
                dest=target,
                profile=signing.profile,
                overwrite=True,
            )
    assert sha256(photo) == before


def test_unsupported_type_names_the_formats_that_work(tmp_path: Path, signing: Signing) -> None:
    text = tmp_path / "notes.jpg"  # the extension lies; the content decides
    text.write_text("just some text, not a picture\n")
    with pytest.raises(UnsupportedFormatError) as caught:
        export_labeled_copy(text, FULL_AI, signing.signer)
    assert "Formats that work: " in caught.value.sentence
    assert "JPEG" in caught.value.sentence and "MP4" in caught.value.sentence
    assert leftovers(tmp_path) == ["keys", "notes.jpg"]


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".mp4", ".webp"])
def test_truncated_media_is_refused(tmp_path: Path, signing: Signing, suffix: str) -> None:
    whole = (
        make_picture(tmp_path / f"w{suffix}") if suffix != ".mp4" else make_av(tmp_path / "w.mp4")
    )
    cut = tmp_path / f"cut{suffix}"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ExportError, match="damaged"):
        export_labeled_copy(cut, FULL_AI, signing.signer, profile=signing.profile)
    assert not default_destination(cut).exists()


def test_truncated_jpeg_with_an_embedded_thumbnail_is_refused(
    tmp_path: Path, signing: Signing
) -> None:
    # A small preview JPEG inside an APP segment ends with its own EOI marker: that marker
    # must not make a cut-short main picture look complete.
    from PIL import Image

    preview = tmp_path / "preview.jpg"
    make_picture(preview, (80, 60))
    whole = tmp_path / "whole.jpg"
    Image.effect_noise((400, 300), 60).convert("RGB").save(whole, "JPEG", quality=90)
    data, inner = whole.read_bytes(), preview.read_bytes()
    segment = b"\xff\xe2" + (len(inner) + 2).to_bytes(2, "big") + inner
    cut = tmp_path / "cut.jpg"
    cut.write_bytes((data[:2] + segment + data[2:])[: len(inner) + 20_000])
    with pytest.raises(ExportError, match="damaged"):
        export_labeled_copy(cut, FULL_AI, signing.signer, profile=signing.profile)
    assert not default_destination(cut).exists()


def test_temporary_file_is_hidden_beside_the_destination(photo: Path, signing: Signing) -> None:
    seen: set[str] = set()

    def on_progress(progress: ExportProgress) -> None:
        seen.update(p.name for p in photo.parent.iterdir() if p.name != "photo.jpg")

    export_labeled_copy(
        photo, FULL_AI, signing.signer, profile=signing.profile, progress=on_progress
    )
    temps = sorted(name for name in seen if name != "photo.cr.jpg")
    assert temps, "the copy was written through a temporary file"
    assert all(name.startswith(".photo.cr.jpg.credlabel-tmp-") for name in temps), temps
    assert all(export_io.is_temp_name(name) for name in temps)
    assert leftovers(photo.parent) == ["photo.cr.jpg", "photo.jpg"]


def test_progress_reports_every_phase_in_order(photo: Path, signing: Signing) -> None:
    seen: list[ExportProgress] = []
    export_labeled_copy(
        photo, FULL_AI, signing.signer, profile=signing.profile, progress=seen.append
    )
    phases = list(dict.fromkeys(p.phase for p in seen))
    assert phases == ["reading", "signing", "writing", "verifying"]
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert all(0 <= p.done <= p.total for p in seen)


@pytest.mark.parametrize("phase", ["reading", "signing", "writing", "verifying"])
def test_cancel_leaves_nothing_behind(photo: Path, signing: Signing, phase: str) -> None:
    cancel = threading.Event()
    before = sha256(photo)

    def on_progress(progress: ExportProgress) -> None:
        if progress.phase == phase:
            cancel.set()

    with pytest.raises(ExportCancelled, match="cancelled"):
        export_labeled_copy(
            photo,
            FULL_AI,
            signing.signer,
            profile=signing.profile,
            progress=on_progress,
            cancel=cancel,
        )
    assert leftovers(photo.parent) == ["photo.jpg"]
    assert sha256(photo) == before


def test_disk_full_while_writing_leaves_nothing(
    photo: Path, signing: Signing, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = export_io.CountingStream._write

    def full(self: export_io.CountingStream, data: bytes) -> int:
        if self.write_phase == "writing" and self.raw.tell() > 1000:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(export_io.CountingStream, "_write", full)
    before = sha256(photo)
    with pytest.raises(ExportError, match="not enough free space"):
        export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)
    assert leftovers(photo.parent) == ["photo.jpg"]
    assert sha256(photo) == before


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission to write"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only disk"),
    ],
)
def test_unwritable_folder_gives_a_sentence(
    photo: Path, signing: Signing, monkeypatch: pytest.MonkeyPatch, error: OSError, words: str
) -> None:
    def refuse(*_args: object, **_kw: object) -> tuple[int, str]:
        raise error

    monkeypatch.setattr("app.core.safe_write._create", refuse)
    with pytest.raises(ExportError, match=words):
        export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)
    assert leftovers(photo.parent) == ["photo.jpg"]


def test_a_copy_that_does_not_verify_is_removed(
    photo: Path, signing: Signing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from app.core.reading.credentials import read_file as real_read

    def tampered(path: Path, profile: object = None, **kw: object):
        report = real_read(path, profile)  # type: ignore[arg-type]
        if export_io.is_temp_name(path.name):
            return replace(report, state=ValidationState.INVALID)
        return report

    monkeypatch.setattr("app.core.labeling.export.read_file", tampered)
    with pytest.raises(ExportError, match="did not pass its check"):
        export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)
    assert leftovers(photo.parent) == ["photo.jpg"]


def test_relabeling_keeps_the_whole_chain(photo: Path, signing: Signing) -> None:
    first = export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)
    before = sha256(first.dest)
    second = export_labeled_copy(
        first.dest, Disclosure(ai=AiUse.PARTIAL), signing.signer, profile=signing.profile
    )
    assert second.dest == photo.with_name("photo.cr.cr.jpg")
    assert sha256(first.dest) == before
    report = second.report
    assert report.state is ValidationState.TRUSTED
    assert len(report.manifests) == 2
    active = report.active
    assert active is not None and active.label != first.report.active_manifest
    (parent,) = active.ingredients
    assert parent.relationship == "parentOf"
    assert parent.manifest_label == first.report.active_manifest
    assert parent.state is ValidationState.TRUSTED  # frozen with the same trust profile
    # The earlier, stronger AI claim is still reported: the weaker label did not hide it.
    assert report.ai.kind is AiVerdictKind.GENERATED
    assert not report.ai.source_is_active
    assert report.ai.tools == ("Adobe Firefly 3",)
    assert second.warnings and "generated by AI (Adobe Firefly 3)" in second.warnings[0]
    assert 'show this copy as "Contains AI-generated elements"' in second.warnings[0]


def test_sidecar_keeps_the_manifest_beside_the_copy(photo: Path, signing: Signing) -> None:
    result = export_labeled_copy(
        photo, FULL_AI, signing.signer, profile=signing.profile, sidecar=True
    )
    assert result.sidecar == photo.with_name("photo.cr.c2pa")
    assert result.sidecar.stat().st_size > 0
    assert result.report.sidecar == result.sidecar
    assert result.report.state is ValidationState.TRUSTED
    assert result.report.ai.kind is AiVerdictKind.GENERATED
    assert leftovers(photo.parent) == ["photo.cr.c2pa", "photo.cr.jpg", "photo.jpg"]


def test_xmp_mirror_can_be_turned_off(photo: Path, signing: Signing) -> None:
    from dataclasses import replace

    from app.core.media.xmp import read_digital_source_type

    result = export_labeled_copy(
        photo, replace(FULL_AI, write_xmp=False), signing.signer, profile=signing.profile
    )
    assert not result.xmp_written
    assert read_digital_source_type(result.dest) is None
    names = [a.name for a in result.report.active.actions]  # type: ignore[union-attr]
    assert "c2pa.edited.metadata" not in names


def test_with_the_real_local_identity_the_copy_reads_trusted(photo: Path) -> None:
    from app.core.reading.trust import load_profile
    from app.core.signing.identity_store import IdentityStore
    from app.core.signing.signer import make_signer

    identity, created = IdentityStore().ensure_default("Ann Lee")
    assert created
    result = export_labeled_copy(
        photo, FULL_AI, make_signer(identity), profile=load_profile("local")
    )
    assert result.report.state is ValidationState.TRUSTED
    assert result.report.ai.kind is AiVerdictKind.GENERATED
    # Anyone else (no anchors) sees a valid signature from a signer they do not know.
    from app.core.reading.credentials import read_file

    assert read_file(result.dest).state is ValidationState.VALID_UNTRUSTED


def test_labeled_copy_gets_an_ordinary_file_mode_not_owner_only(
    photo: Path, signing: Signing
) -> None:
    """The copy is for sharing: it must not keep the temp file's owner-only 0600."""
    import stat

    if os.name != "posix":
        pytest.skip("POSIX file modes only")
    old = os.umask(0o022)
    try:
        result = export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)
    finally:
        os.umask(old)
    assert stat.S_IMODE(result.dest.stat().st_mode) == 0o644


@pytest.mark.parametrize("change", ["truncate", "append"])
def test_an_original_that_changes_while_it_is_signed_is_refused(
    photo: Path, signing: Signing, change: str
) -> None:
    """Another program cutting or extending the original mid-export: nothing is saved."""
    size = photo.stat().st_size
    changed: list[str] = []

    def meddle(progress: ExportProgress) -> None:
        if progress.phase == "signing" and not changed:
            changed.append(progress.phase)
            with photo.open("r+b") as fh:
                if change == "truncate":
                    fh.truncate(size // 2)
                else:
                    fh.seek(0, os.SEEK_END)
                    fh.write(b"\0" * 100)

    with pytest.raises(ExportError, match="original changed while it was being labeled"):
        export_labeled_copy(
            photo, FULL_AI, signing.signer, profile=signing.profile, progress=meddle
        )
    assert changed
    assert leftovers(photo.parent) == ["photo.jpg"]


def test_without_side_threads_the_same_copy_is_made_on_the_calling_thread(
    photo: Path, signing: Signing, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch with a worker process per core asks each export for no threads of its own
    # (app.core.labeling.batch.side_threads_for): the copy must not change.
    started: list[str] = []
    start = threading.Thread.start

    def counted(thread: threading.Thread) -> None:
        started.append(thread.name)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", counted)
    before = sha256(photo)
    threaded = export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile)
    assert "export-thumbnail" in started
    started.clear()
    inline = export_labeled_copy(
        photo,
        FULL_AI,
        signing.signer,
        dest=photo.with_name("inline.jpg"),
        profile=signing.profile,
        side_threads=False,
    )
    assert started == []
    for result in (threaded, inline):
        assert result.report.state is ValidationState.TRUSTED
        assert result.report.ai.kind is AiVerdictKind.GENERATED
        assert result.report.active is not None and result.report.active.thumbnail
    assert inline.xmp_written == threaded.xmp_written
    assert sha256(photo) == before
    assert leftovers(photo.parent) == ["inline.jpg", "photo.cr.jpg", "photo.jpg"]
