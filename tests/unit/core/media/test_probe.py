"""Media type detection and probing: real type from content, never a crash on bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from app.core.errors import UnreadableFileError
from app.core.media.probe import SIGNABLE_MIMES, detect_mime, mime_for_c2pa, probe
from app.core.model import MediaKind, ValidationState
from app.core.reading.credentials import read_file
from tests.conftest import corpus_records
from tests.helpers.signing import make_jpeg

RECORDS = [r for r in corpus_records() if r["mime"] != "text/plain"]


@pytest.mark.corpus
@pytest.mark.parametrize("record", RECORDS, ids=[r["filename"] for r in RECORDS])
def test_corpus_types_are_detected_from_content(record, corpus_file) -> None:
    info = probe(corpus_file(record["filename"]))
    assert info.mime == record["mime"]
    assert info.size == record["size"]


@pytest.mark.corpus
def test_probe_reads_video_headers(corpus_file) -> None:
    info = probe(corpus_file("rs_video1.mp4"))
    assert info.kind is MediaKind.VIDEO
    assert (info.width, info.height) == (720, 1280)
    assert info.video_codec == "h264" and info.audio_codec == "aac"
    assert info.frame_rate == pytest.approx(30.0)
    assert info.duration_s == pytest.approx(2.0, abs=0.1)
    assert info.can_sign


@pytest.mark.corpus
def test_probe_reads_exif_orientation(corpus_file) -> None:
    assert probe(corpus_file("pt_truepic-20230212-camera.jpg")).orientation == 6


def test_extension_is_ignored(tmp_path: Path) -> None:
    disguised = make_jpeg(tmp_path / "photo.png")
    info = probe(disguised)
    assert info.mime == "image/jpeg"
    assert info.format_name == "JPEG"
    assert (info.width, info.height) == (64, 48)


def test_audio_only_mp4_is_audio_mp4(tmp_path: Path) -> None:
    import av

    path = tmp_path / "sound.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=48000)
        frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate = 48000
        for i in range(10):
            frame.pts = i * 1024
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    info = probe(path)
    assert info.mime == "audio/mp4"
    assert info.kind is MediaKind.AUDIO
    assert mime_for_c2pa(info) == "audio/mp4"
    # Reading probes a sound or video after c2pa's Reader: the report still says M4A.
    media = read_file(path).media
    assert (media.mime, media.format_name, media.audio_codec) == ("audio/mp4", "M4A", "aac")


def test_a_read_video_carries_its_probed_headers(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    _write_video(path)
    report = read_file(path)
    assert report.state is ValidationState.NO_CREDENTIALS
    media = report.media
    assert (media.width, media.height, media.video_codec) == (160, 120, "mpeg4")
    assert media.duration_s is not None and 2.5 < media.duration_s < 3.5
    assert media.frame_rate == 10


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"\x00\x00\x00\x18ftypqt  \x00\x00\x00\x00qt  ", "video/quicktime"),
        (b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A ", "audio/mp4"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00avif", "image/avif"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00heic", "image/heic"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
        (b"\xff\xfb\x90\x64" + bytes(16), "audio/mpeg"),
        (b"ID3\x04\x00", "audio/mpeg"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        (b"%PDF-1.7", "application/pdf"),
        (b"\x00\x00\x01\x00jumb", "application/c2pa"),
        (b"plain text, nothing else", None),
        (b"", None),
    ],
)
def test_magic_bytes(head: bytes, mime: str | None) -> None:
    assert detect_mime(head) == mime


def test_damaged_picture_gives_a_sentence(tmp_path: Path) -> None:
    good = make_jpeg(tmp_path / "good.jpg", size=(400, 300))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(good.read_bytes()[:20])
    info = probe(broken)
    assert info.mime == "image/jpeg"
    assert info.problem and "damaged" in info.problem


def test_truncated_video_gives_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "cut.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" + os.urandom(64))
    info = probe(path)
    assert info.mime == "video/mp4"
    assert info.problem and "damaged" in info.problem


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    info = probe(path)
    assert info.mime is None and info.problem == "The file is empty."


def test_decompression_bomb_is_reported_not_raised(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.png"
    Image.new("L", (600, 600)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)
    info = probe(path)
    assert info.problem and "too large" in info.problem


def test_dng_is_told_from_tiff(tmp_path: Path) -> None:
    tiff = tmp_path / "plain.tif"
    Image.new("RGB", (8, 8)).save(tiff)
    assert probe(tiff).mime == "image/tiff"
    # Same picture with a DNGVersion tag (50706) in the first IFD.
    dng = tmp_path / "raw.dng"
    Image.new("RGB", (8, 8)).save(dng, format="TIFF", tiffinfo={50706: b"\x01\x04\x00\x00"})
    assert probe(dng).mime == "image/x-adobe-dng"


def test_unreadable_paths_raise_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="does not exist"):
        probe(tmp_path / "missing.jpg")
    with pytest.raises(UnreadableFileError, match="folder"):
        probe(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFileError, match="not a regular file"):
        probe(fifo)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = make_jpeg(tmp_path / "secret.jpg")
    path.chmod(0)
    with pytest.raises(UnreadableFileError, match="permission"):
        probe(path)


def test_signable_types_match_the_measured_list() -> None:
    assert {"image/jpeg", "video/mp4", "video/quicktime", "audio/mp4", "audio/flac"} <= (
        SIGNABLE_MIMES
    )
    assert "image/svg+xml" not in SIGNABLE_MIMES


# -- previews -----------------------------------------------------------------------------


def test_preview_is_bounded_and_upright(tmp_path: Path) -> None:
    from app.core.media.preview import preview_image

    path = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    Image.new("RGB", (4000, 1000), "red").save(path, exif=exif.tobytes())
    picture = preview_image(path, max_edge=256)
    assert picture is not None
    assert picture.size == (64, 256)  # long edge bounded, portrait after EXIF transpose


def test_preview_of_damaged_or_huge_pictures_is_a_sentence(tmp_path: Path, monkeypatch) -> None:
    from app.core.media.preview import PreviewError, preview_image

    broken = tmp_path / "broken.jpg"
    broken.write_bytes(make_jpeg(tmp_path / "ok.jpg").read_bytes()[:30])
    with pytest.raises(PreviewError, match="damaged"):
        preview_image(broken)
    huge = tmp_path / "huge.png"
    Image.new("L", (600, 600)).save(huge)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)
    with pytest.raises(PreviewError, match="too large"):
        preview_image(huge)


def _write_video(path: Path, seconds: int = 3, fps: int = 10) -> None:
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for i in range(seconds * fps):
            shade = 0 if i < fps else 255  # black for the first second, then white
            image = Image.new("RGB", (160, 120), (shade, shade, shade))
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def test_video_preview_at_a_time(tmp_path: Path) -> None:
    from app.core.media.preview import preview_image

    path = tmp_path / "clip.mp4"
    _write_video(path)
    first = preview_image(path, max_edge=80)
    later = preview_image(path, max_edge=80, at_seconds=2.0)
    assert first is not None and later is not None
    assert first.size == (80, 60)
    assert _grey(first) < 40
    assert _grey(later) > 200


def _grey(picture: Image.Image) -> int:
    return picture.convert("L").tobytes()[picture.width * 30 + 40]


def test_audio_has_no_preview(tmp_path: Path) -> None:
    import wave

    from app.core.media.preview import preview_image

    path = tmp_path / "tone.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(1600))
    assert preview_image(path) is None
