"""Incomplete MP3, TIFF and WAV files are refused before signing, with a sentence; the
complete ones (made here and from the corpus) still label. Cut copies are made in tmp."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
from PIL import Image

from app.core.errors import ExportError
from app.core.labeling.disclosure import AiUse, Disclosure
from app.core.labeling.export import check_source, default_destination, export_labeled_copy
from app.core.media.completeness_formats import frame_length
from tests.helpers.exports import Signing, make_av, make_picture, make_signing

NO_AI = Disclosure(ai=AiUse.NONE)
INCOMPLETE = "looks incomplete or damaged"


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "keys")


def _cut(source: Path, target: Path, keep: int) -> Path:
    target.write_bytes(source.read_bytes()[:keep])
    return target


def _frame_ends(path: Path) -> list[int]:
    """Where each MPEG audio frame of a fresh (tag-less but for ID3v2) MP3 ends."""
    data = path.read_bytes()
    position = 0
    if data[:3] == b"ID3":
        position = 10 + int.from_bytes(bytes(b & 0x7F for b in data[6:10]), "big")
    ends = []
    while (found := frame_length(data[position : position + 4])) is not None:
        position += found[0]
        ends.append(position)
    return ends


def test_mp3_cut_inside_a_frame_is_refused(tmp_path: Path, signing: Signing) -> None:
    whole = make_av(tmp_path / "whole.mp3")
    cut = _cut(whole, tmp_path / "cut.mp3", whole.stat().st_size - 50)
    with pytest.raises(ExportError, match=INCOMPLETE):
        export_labeled_copy(cut, NO_AI, signing.signer, profile=signing.profile)
    assert not default_destination(cut).exists()
    check_source(whole)  # the complete file passes


def test_mp3_missing_its_last_frames_is_refused(tmp_path: Path) -> None:
    """Cut exactly between frames: the Xing/Info header still counts the lost ones."""
    whole = make_av(tmp_path / "whole.mp3")
    ends = _frame_ends(whole)
    assert ends[-1] == whole.stat().st_size  # the file is frames to its last byte
    cut = _cut(whole, tmp_path / "cut.mp3", ends[-4])
    with pytest.raises(ExportError, match=INCOMPLETE):
        check_source(cut)


def test_mp3_with_a_trailing_id3v1_tag_is_complete(tmp_path: Path, signing: Signing) -> None:
    source = make_av(tmp_path / "tagged.mp3")
    tag = b"TAG" + b"A title".ljust(30, b"\0") + b"\0" * 94 + b"\xff"
    source.write_bytes(source.read_bytes() + tag)
    result = export_labeled_copy(source, NO_AI, signing.signer, profile=signing.profile)
    assert result.dest.exists()


def test_tiff_whose_strips_run_past_the_end_is_refused(tmp_path: Path, signing: Signing) -> None:
    whole = make_picture(tmp_path / "whole.tif", (300, 200))
    cut = _cut(whole, tmp_path / "cut.tif", whole.stat().st_size - 500)
    with Image.open(cut) as img:  # the header still opens: only the pixels are missing
        assert img.size == (300, 200)
    with pytest.raises(ExportError, match="damaged"):
        export_labeled_copy(cut, NO_AI, signing.signer, profile=signing.profile)
    assert not default_destination(cut).exists()


def test_tiff_whose_pixels_cannot_be_decoded_is_refused(tmp_path: Path) -> None:
    """Strips inside the file, but their compressed data is garbage: Pillow cannot load it."""
    source = tmp_path / "garbled.tif"
    Image.effect_noise((200, 200), 40).convert("RGB").save(source, "TIFF", compression="jpeg")
    with Image.open(source) as img:
        tags = dict(img.tag_v2)  # type: ignore[attr-defined]
        offset, count = tags[273][0], tags[279][0]
    data = bytearray(source.read_bytes())
    data[offset : offset + count] = b"\x00" * count
    source.write_bytes(bytes(data))
    with pytest.raises(ExportError, match=INCOMPLETE):
        check_source(source)


def test_wav_whose_data_chunk_runs_past_the_end_is_refused(tmp_path: Path) -> None:
    """Its RIFF size was rewritten to match (as some tools do): only the data chunk tells."""
    whole = make_av(tmp_path / "whole.wav")
    data = whole.read_bytes()[:-3000]
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[:4] + struct.pack("<I", len(data) - 8) + data[8:])
    with pytest.raises(ExportError, match=INCOMPLETE):
        check_source(cut)
    check_source(whole)


CORPUS_CUTS = ["ms_cicadas_trusted.mp3", "ts_sample1.mp3", "rs_TUSCANY.TIF"]


@pytest.mark.corpus
@pytest.mark.parametrize("name", CORPUS_CUTS)
@pytest.mark.parametrize("lost", [10, 1000])
def test_corpus_files_cut_short_are_refused(
    tmp_path: Path, corpus_file, name: str, lost: int
) -> None:
    whole = Path(shutil.copy(corpus_file(name), tmp_path / name))
    check_source(whole)
    cut = _cut(whole, tmp_path / f"cut-{name}", whole.stat().st_size - lost)
    with pytest.raises(ExportError, match="damaged"):
        check_source(cut)


def test_flac_cut_inside_its_last_frame_is_refused(tmp_path: Path, signing: Signing) -> None:
    whole = make_av(tmp_path / "whole.flac")
    cut = _cut(whole, tmp_path / "cut.flac", whole.stat().st_size - 50)
    with pytest.raises(ExportError, match=INCOMPLETE):
        export_labeled_copy(cut, NO_AI, signing.signer, profile=signing.profile)
    assert not default_destination(cut).exists()
    labeled = export_labeled_copy(whole, NO_AI, signing.signer, profile=signing.profile)
    check_source(labeled.dest)  # a labeled FLAC is still complete: it can be labeled again


def test_the_refusal_is_in_the_language_spoken(tmp_path: Path) -> None:
    from app.core.i18n import speaking

    whole = make_picture(tmp_path / "photo.jpg", (200, 150))
    cut = _cut(whole, tmp_path / "cut.jpg", whole.stat().st_size // 2)
    with speaking("de"), pytest.raises(ExportError) as refused:
        check_source(cut)
    assert "scheint unvollständig oder beschädigt" in refused.value.sentence
    assert "JPEG" in refused.value.sentence
