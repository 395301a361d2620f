"""One c2pa Context per trust settings, shared by every read (it was rebuilt for each file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.quick_read import UNCHECKED
from app.core.reading.trust import load_profile, reading_context
from tests.helpers.signing import created_manifest, make_jpeg, make_test_chain, sign_file


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    chain, key, _root = make_test_chain(tmp_path)
    out = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "src.jpg"), out, chain, key, created_manifest("signed"))
    return out


def test_the_same_settings_share_one_context(tmp_path: Path) -> None:
    make_test_chain(tmp_path)
    anchors = [tmp_path / "root.pem"]
    first = reading_context(load_profile("none", user_anchor_files=anchors))
    again = reading_context(load_profile("none", user_anchor_files=anchors))
    assert again is first
    assert reading_context(load_profile("none")) is not first
    unchecked = reading_context(load_profile("none", user_anchor_files=anchors), **UNCHECKED)
    assert unchecked is not first


def test_shared_contexts_keep_each_profiles_verdict(signed: Path, tmp_path: Path) -> None:
    trusting = load_profile("none", user_anchor_files=[tmp_path / "root.pem"])
    nobody = load_profile("none")
    for _ in range(3):  # taking turns: neither read sees the other's anchors
        assert read_file(signed, trusting).state is ValidationState.TRUSTED
        assert read_file(signed, nobody).state is ValidationState.VALID_UNTRUSTED
        assert read_file(signed, None).state is ValidationState.VALID_UNTRUSTED


def test_a_closed_context_is_replaced(tmp_path: Path) -> None:
    profile = load_profile("none")
    first = reading_context(profile)
    first.close()
    second = reading_context(profile)
    assert second is not first
    assert second.is_valid
