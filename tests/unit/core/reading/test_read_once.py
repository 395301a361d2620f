"""`read_file` does each of its own walks over a file once (the probe's structure check is
not repeated before the Reader; the PNG's store is read chunk by chunk, not whole)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.media import structure
from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (64, 48), "teal").save(path, "PNG")
    return path


@pytest.mark.parametrize("suffix", [".jpg", ".png"])
def test_a_picture_is_walked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    chain, key, _root = make_test_chain(tmp_path)
    src = make_jpeg(tmp_path / "src.jpg") if suffix == ".jpg" else _png(tmp_path / "src.png")
    signed = tmp_path / f"signed{suffix}"
    sign_file(src, signed, chain, key, created_manifest("signed"))
    walks: list[str] = []
    for name in ("jpeg_segments", "png_chunks_at"):
        real = getattr(structure, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            walks.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(structure, name, counted)
    report = read_file(signed)
    assert report.state is ValidationState.VALID_UNTRUSTED
    assert walks == ["jpeg_segments" if suffix == ".jpg" else "png_chunks_at"]


@pytest.mark.corpus
def test_without_certificates_and_thumbnails_the_words_are_the_same(corpus: Path) -> None:
    """`credlabel inspect` in words asks for neither: every other field is the same."""
    from app.cli.inspect_cmd import summary_lines

    seen_thumbnail = seen_chain = False
    for path in sorted((corpus / "files").glob("*")):
        full = read_file(path)
        lean = read_file(path, certificates=False, thumbnails=False)
        assert lean.state is full.state and lean.status == full.status, path.name
        assert lean.crjson is None or lean.crjson == full.crjson, path.name
        for label, manifest in full.manifests.items():
            other = lean.manifests[label]
            assert other.thumbnail is None and all(i.thumbnail is None for i in other.ingredients)
            assert other.actions == manifest.actions and other.title == manifest.title
            assert (other.signature is None) == (manifest.signature is None), path.name
            seen_thumbnail = seen_thumbnail or manifest.thumbnail is not None
            seen_chain = seen_chain or bool(manifest.signature and manifest.signature.chain)
        for flags in ({}, {"tree": True}, {"detailed": True}):
            assert summary_lines(lean, **flags) == summary_lines(full, **flags), path.name
    assert seen_thumbnail and seen_chain
