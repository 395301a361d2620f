"""An export checks the original once (the Builder's check), probes it once, and reuses the
report of a file opened earlier only while that file is provably unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import c2pa
import pytest

from app.core.errors import ExportError
from app.core.labeling import export_original
from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import ExportProgress, export_labeled_copy
from app.core.media import preview
from app.core.model import ValidationState
from app.core.reading import credentials, quick_read, report_memory
from tests.helpers.exports import Signing, make_picture, make_signing

PARTIAL = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Adobe Firefly", "3"),))


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "keys")


@pytest.fixture(autouse=True)
def empty_memory() -> Iterator[None]:
    report_memory.forget_all()
    yield
    report_memory.forget_all()


@pytest.fixture
def signed(tmp_path: Path, signing: Signing) -> Path:
    """A photo that already carries CredLabel credentials (so it has a parent to check)."""
    folder = tmp_path / "photos"
    folder.mkdir()
    photo = make_picture(folder / "photo.jpg", (640, 480))
    first = export_labeled_copy(photo, PARTIAL, signing.signer, profile=signing.profile)
    return first.dest


class ReaderLog:
    """Every c2pa Reader opened on a file, with whether its Context verifies."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reads: list[tuple[Path, bool]] = []
        self.verifies: dict[int, bool] = {}
        original_from_dict = c2pa.Context.from_dict
        original_init = c2pa.Reader.__init__

        def from_dict(settings: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            context = original_from_dict(settings, *args, **kwargs)
            verify = settings.get("verify", {}).get("verify_after_reading", True)
            self.verifies[id(context)] = bool(verify)
            return context

        def init(reader: Any, fmt: Any, stream: Any = None, *args: Any, **kwargs: Any) -> None:
            context = args[1] if len(args) > 1 else kwargs.get("context")
            name = getattr(stream, "name", None)
            if isinstance(name, str):
                verifying = self.verifies.get(id(context), True)
                self.reads.append((Path(name).resolve(), verifying))
            original_init(reader, fmt, stream, *args, **kwargs)

        monkeypatch.setattr(c2pa.Context, "from_dict", staticmethod(from_dict))
        monkeypatch.setattr(c2pa.Reader, "__init__", init)

    def validations_of(self, path: Path) -> int:
        return sum(1 for p, verifying in self.reads if p == path.resolve() and verifying)


def test_the_original_is_validated_once_by_the_builder_not_again_by_a_reader(
    signed: Path, signing: Signing, monkeypatch: pytest.MonkeyPatch
) -> None:
    readers = ReaderLog(monkeypatch)
    ingredients: list[Path] = []
    add_ingredient = c2pa.Builder.add_ingredient

    def counted(builder: Any, definition: Any, fmt: str, stream: Any) -> Any:
        ingredients.append(Path(stream.raw.name).resolve())
        return add_ingredient(builder, definition, fmt, stream)

    monkeypatch.setattr(c2pa.Builder, "add_ingredient", counted)
    result = export_labeled_copy(signed, PARTIAL, signing.signer, profile=signing.profile)
    assert result.report.state is ValidationState.TRUSTED
    assert ingredients == [signed.resolve()]  # the Builder's check of the original
    assert readers.validations_of(signed) == 0  # and no second one
    # The copy is checked (under its temporary name) before it is published.
    checked = [path for path, verifying in readers.reads if verifying]
    assert len(checked) == 1 and checked[0].parent == result.dest.parent


def test_the_original_is_probed_once(
    signed: Path, signing: Signing, monkeypatch: pytest.MonkeyPatch
) -> None:
    probed: list[Path] = []
    for module in (export_original, preview, credentials, quick_read):
        real = module.probe

        def counting(path: Path, *args: Any, real: Any = real, **kwargs: Any) -> Any:
            probed.append(Path(path).resolve())
            return real(path, *args, **kwargs)

        monkeypatch.setattr(module, "probe", counting)
    result = export_labeled_copy(signed, PARTIAL, signing.signer, profile=signing.profile)
    assert probed.count(signed.resolve()) == 1
    assert result.report.state is ValidationState.TRUSTED


def test_a_tampered_original_still_gets_its_warning(
    signed: Path, signing: Signing, tmp_path: Path
) -> None:
    """The original's state now comes from the Builder's check: an invalid history is
    still said so, though no Reader validated the original beforehand."""
    data = bytearray(signed.read_bytes())
    data[-200] ^= 0xFF  # a byte of the picture data, before the end marker
    tampered = tmp_path / "tampered.jpg"
    tampered.write_bytes(bytes(data))
    assert credentials.read_file(tampered, signing.profile).state is ValidationState.INVALID
    result = export_labeled_copy(tampered, PARTIAL, signing.signer, profile=signing.profile)
    assert any("failed their checks" in w for w in result.warnings)


def test_an_export_uses_the_report_remembered_at_open(
    signed: Path, signing: Signing, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = report_memory.read_and_remember(signed, signing.profile)
    assert opened.state is ValidationState.TRUSTED

    def no_second_read(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("the original was read again")

    monkeypatch.setattr(export_original, "quick_read", no_second_read)
    readers = ReaderLog(monkeypatch)
    result = export_labeled_copy(signed, PARTIAL, signing.signer, profile=signing.profile)
    assert result.report.state is ValidationState.TRUSTED
    assert not [path for path, _verifying in readers.reads if path == signed.resolve()]


def test_a_remembered_report_is_forgotten_when_the_file_changes_with_the_same_size(
    signed: Path, signing: Signing
) -> None:
    report_memory.read_and_remember(signed, signing.profile)
    assert report_memory.recall(signed, signing.profile) is not None
    data = bytearray(signed.read_bytes())
    data[-200] ^= 0xFF
    signed.write_bytes(bytes(data))  # same size, new modification time
    assert report_memory.recall(signed, signing.profile) is None


def test_a_remembered_report_is_forgotten_when_the_mtime_is_put_back(
    signed: Path, signing: Signing
) -> None:
    report_memory.read_and_remember(signed, signing.profile)
    info = signed.stat()
    with signed.open("r+b") as fh:
        fh.seek(-200, os.SEEK_END)
        fh.write(b"\0")
    os.utime(signed, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size and mtime
    assert signed.stat().st_mtime_ns == info.st_mtime_ns
    assert report_memory.recall(signed, signing.profile) is None  # the change time moved


def test_a_remembered_report_is_forgotten_for_a_new_file_under_the_same_name(
    signed: Path, signing: Signing, tmp_path: Path
) -> None:
    report_memory.read_and_remember(signed, signing.profile)
    info = signed.stat()
    other = tmp_path / "other.jpg"
    other.write_bytes(signed.read_bytes())
    os.utime(other, ns=(info.st_atime_ns, info.st_mtime_ns))
    other.replace(signed)  # same bytes, size and mtime: another inode
    assert report_memory.recall(signed, signing.profile) is None


def test_a_remembered_report_is_not_used_with_another_trust_profile(
    signed: Path, signing: Signing
) -> None:
    report_memory.read_and_remember(signed, signing.profile)
    assert report_memory.recall(signed, None) is None


def test_a_source_changed_during_export_is_refused_even_with_a_remembered_report(
    signed: Path, signing: Signing
) -> None:
    report_memory.read_and_remember(signed, signing.profile)

    def meddle(progress: ExportProgress) -> None:
        if progress.phase == "signing":
            with signed.open("ab") as fh:
                fh.write(b"\0" * 10)

    with pytest.raises(ExportError, match="original changed while it was being labeled"):
        export_labeled_copy(
            signed, PARTIAL, signing.signer, profile=signing.profile, progress=meddle
        )
