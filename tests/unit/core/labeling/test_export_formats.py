"""Every format a creator uploads, and every signable corpus file: export → the copy reads
Trusted (local test profile), carries the disclosed actions / terms / AI tool, keeps the
original's manifest as its parent, has the same pixels or packets, and the original's
sha256 is unchanged.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import ExportError
from app.core.labeling.disclosure import AiTool, AiUse, DeclaredEdit, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media.probe import SIGNABLE_MIMES, probe
from app.core.model import AiVerdictKind, FileReport, ValidationState
from app.core.vocabulary import COMPOSITE_TERM, HUMAN_EDITS_TERM
from tests.conftest import corpus_records
from tests.helpers.exports import (
    AV_FORMATS,
    PICTURE_FORMATS,
    Signing,
    make_av,
    make_picture,
    make_signing,
    same_content,
    sha256,
)

PARTIAL = Disclosure(
    ai=AiUse.PARTIAL,
    ai_tools=(AiTool("Adobe Firefly", "3"),),
    edits=(DeclaredEdit("adjustedColor"),),
)
# Refused, each with its sentence, and nothing written:
# - the original's CAWG assertions fail (malformed CBOR; a DID that cannot be resolved
#   offline), and c2pa-rs 0.91.3 reports that failure on the new active manifest too, so the
#   labeled copy would read Invalid: the export's check refuses to publish it;
# - a 445-byte fuzz "MP3" with no audio frames: damaged media is never signed.
REFUSED = {
    "rs_cawg_malformed_cbor.jpg": "original's own Content Credentials fail a check",
    "rs_adobe_connected_identities.jpg": "original's own Content Credentials fail a check",
    "rs_id3v23_compression_underflow.mp3": "looks damaged or incomplete",
}


@pytest.fixture(scope="module")
def signing(tmp_path_factory: pytest.TempPathFactory) -> Signing:
    return make_signing(tmp_path_factory.mktemp("keys"))


def check_labeled(source: Path, result: Any, original: FileReport | None, mime: str) -> None:
    report = result.report
    assert report.state is ValidationState.TRUSTED, report.failures
    active = report.active
    assert active is not None
    named = {(a.name, a.source_term, a.software_agent) for a in active.actions}
    assert ("c2pa.opened", None, None) in named
    assert ("c2pa.edited", COMPOSITE_TERM, "Adobe Firefly 3") in named
    # A person's declared edit carries a source type (conformance program v0.2).
    assert ("c2pa.adjustedColor", HUMAN_EDITS_TERM, None) in named
    # A fresh instanceID, never the parent's (sources whose XMP has xmpMM:InstanceID).
    stored = json.loads(report.raw_json or "{}")["manifests"]
    ours = stored[report.active_manifest]["instance_id"]
    assert ours.startswith("xmp:iid:")
    assert ours not in [
        m.get("instance_id") for k, m in stored.items() if k != report.active_manifest
    ]
    assert report.ai.kind in (AiVerdictKind.CONTAINS_AI, AiVerdictKind.GENERATED)
    (parent,) = [i for i in active.ingredients if i.relationship == "parentOf"]
    if original is not None and original.active_manifest:
        assert parent.manifest_label == original.active_manifest
        assert original.active_manifest in report.manifests
    assert same_content(source, result.dest, mime)


@pytest.mark.parametrize("suffix", [*PICTURE_FORMATS, *AV_FORMATS])
def test_fresh_file_of_each_format(tmp_path: Path, signing: Signing, suffix: str) -> None:
    maker = make_picture if suffix in PICTURE_FORMATS else make_av
    source = maker(tmp_path / f"fresh{suffix}")
    mime = probe(source).mime
    assert mime in SIGNABLE_MIMES
    before = sha256(source)
    result = export_labeled_copy(source, PARTIAL, signing.signer, profile=signing.profile)
    check_labeled(source, result, None, mime)
    assert sha256(source) == before
    # The XMP mirror is written exactly where exiv2 can do it without re-encoding.
    assert result.xmp_written == (suffix in (".jpg", ".png", ".webp", ".tif"))
    thumb = result.report.active.thumbnail  # type: ignore[union-attr]
    assert (thumb is None) == (mime.startswith("audio/"))


def _signable_corpus() -> list[str]:
    return sorted(
        r["filename"]
        for r in corpus_records()
        if r["category"] in ("valid", "invalid", "no_manifest") and r["mime"] in SIGNABLE_MIMES
    )


@pytest.mark.corpus
@pytest.mark.parametrize("name", _signable_corpus() or ["(corpus absent)"])
def test_every_signable_corpus_file(
    tmp_path: Path, corpus_file: Any, signing: Signing, name: str
) -> None:
    from app.core.reading.credentials import read_file

    source = Path(shutil.copy(corpus_file(name), tmp_path / name))
    before = sha256(source)
    original = read_file(source, signing.profile)
    mime = probe(source).mime or ""
    if name in REFUSED:
        with pytest.raises(ExportError, match=REFUSED[name]):
            export_labeled_copy(source, PARTIAL, signing.signer, profile=signing.profile)
        assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    else:
        result = export_labeled_copy(source, PARTIAL, signing.signer, profile=signing.profile)
        check_labeled(source, result, original, mime)
        if original.ai.kind is AiVerdictKind.GENERATED:
            assert result.report.ai.kind is AiVerdictKind.GENERATED  # history still speaks
    assert sha256(source) == before
