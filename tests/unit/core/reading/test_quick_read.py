"""The unchecked summary: who signed, the app and the AI verdict, in milliseconds, and
never a validation state (an unchecked read is not an Invalid one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.model import AiVerdictKind, ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.quick_read import quick_read
from tests.helpers.exports import Signing, make_picture, make_signing

FULL_AI = Disclosure(ai=AiUse.FULL, ai_tools=(AiTool("Adobe Firefly", "3"),))


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "keys")


@pytest.fixture
def signed(tmp_path: Path, signing: Signing) -> Path:
    photo = make_picture(tmp_path / "photo.jpg", (320, 240))
    return export_labeled_copy(photo, FULL_AI, signing.signer, profile=signing.profile).dest


def test_the_summary_matches_the_validating_read(signed: Path, signing: Signing) -> None:
    quick = quick_read(signed, signing.profile)
    full = read_file(signed, signing.profile)
    assert quick.has_credentials and quick.readable and not quick.checked
    assert quick.active_manifest == full.active_manifest
    assert quick.ai.kind is AiVerdictKind.GENERATED is full.ai.kind
    assert quick.app is not None and "CredLabel" in quick.app
    assert quick.issuer is not None
    assert set(quick.manifests) == set(full.manifests)


def test_a_tampered_file_reads_quickly_without_being_called_invalid(
    signed: Path, signing: Signing
) -> None:
    data = bytearray(signed.read_bytes())
    data[-200] ^= 0xFF  # picture data: only the hash check would notice
    signed.write_bytes(bytes(data))
    assert read_file(signed, signing.profile).state is ValidationState.INVALID
    quick = quick_read(signed, signing.profile)
    assert quick.has_credentials and quick.readable and not quick.checked
    assert quick.ai.kind is AiVerdictKind.GENERATED
    # No state at all: a report can only be made with a state the caller established.
    assert not hasattr(quick, "state")


def test_a_file_without_credentials(tmp_path: Path) -> None:
    quick = quick_read(make_picture(tmp_path / "plain.jpg"))
    assert not quick.has_credentials and quick.readable and quick.active is None
    assert quick.ai.kind is AiVerdictKind.NO_CREDENTIALS


def test_a_sidecar_is_left_to_the_validating_read(signed: Path, tmp_path: Path) -> None:
    plain = make_picture(tmp_path / "other.jpg")
    plain.with_suffix(".c2pa").write_bytes(b"not really a manifest")
    assert quick_read(plain).needs_full_read
