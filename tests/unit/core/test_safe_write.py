"""Nothing a user owns is ever overwritten: every command that writes refuses the original
(by any route) and existing files unless asked, never follows a link planted at a temporary
name, fits its temporary names in 255 bytes, says a sentence for folders it cannot use,
and never makes a file or folder more readable than it should be.

The commands run as real subprocesses (`python -m app ...`); unwritable and unsearchable
folders are real chmod-ed folders, and as root the command runs without the capabilities
that let root ignore permissions (`setpriv`, as in tests/integration/hostile/harness.py).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.cleanup import is_temp_name, pending_temp_files
from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import export_labeled_copy
from tests.helpers.cli import run_cli
from tests.helpers.exports import Signing, make_signing, sha256
from tests.helpers.signing import make_jpeg
from tests.integration.hostile.harness import unprivileged_prefix

DISCLOSURE = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Test AI"),))


def _new_identity(name: str) -> str:
    run = run_cli("identity", "create", "--name", name, "--json")
    assert run.returncode == 0, run.stderr
    return str(json.loads(run.stdout)["identity"]["id"])


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    return make_jpeg(folder / "photo.jpg", size=(160, 120))


@pytest.fixture
def signing(tmp_path: Path) -> Signing:
    return make_signing(tmp_path / "signing")


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- the original, by any route -------------------------------------------------------------


def _route_to(original: Path, kind: str, link_name: str) -> Path:
    folder = original.parent
    if kind == "dotdot":
        return folder / ".." / folder.name / original.name
    if kind == "symlinked-folder":
        link = folder.parent / "linked-folder"
        link.symlink_to(folder, target_is_directory=True)
        return link / original.name
    if kind == "symlink":
        (folder / link_name).symlink_to(original)
    else:
        os.link(original, folder / link_name)
    return folder / link_name


@pytest.mark.parametrize(
    ("option", "kind"),
    [
        ("--bundle", "dotdot"),
        ("--bundle", "symlinked-folder"),
        ("--bundle", "symlink"),
        ("--bundle", "hardlink"),
        ("-o", "symlink"),  # a report must be named .html: only links reach the original
        ("-o", "hardlink"),
    ],
)
def test_report_never_replaces_the_original_by_any_route(
    photo: Path, option: str, kind: str
) -> None:
    before = sha256(photo)
    target = _route_to(photo, kind, "other.zip" if option == "--bundle" else "page.html")
    for extra in ([], ["--overwrite"]):  # not even when replacing files is allowed
        run = run_cli("report", photo, option, target, *extra)
        assert run.returncode == 1, run.stdout + run.stderr
        assert "never overwrites the original" in run.stderr
        assert "Traceback" not in run.stderr
        assert sha256(photo) == before
        assert _hidden(photo.parent) == []


def test_report_refuses_an_existing_file_unless_asked(photo: Path, tmp_path: Path) -> None:
    for out, option in ((tmp_path / "mine.html", "-o"), (tmp_path / "mine.zip", "--bundle")):
        out.write_bytes(b"the user's own file")
        run = run_cli("report", photo, option, out)
        assert run.returncode == 1, run.stdout + run.stderr
        assert "already exists" in run.stderr and "--overwrite" in run.stderr
        assert out.read_bytes() == b"the user's own file"
        again = run_cli("report", photo, option, out, "--overwrite")
        assert again.returncode == 0, again.stderr
        assert out.read_bytes() != b"the user's own file"


def test_export_chain_refuses_an_existing_file_unless_asked(tmp_path: Path) -> None:
    identity_id = _new_identity("Chain Test")
    out = tmp_path / "handout.pem"
    out.write_bytes(b"the user's own file")
    run = run_cli("identity", "export-chain", identity_id, "-o", out)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "already exists" in run.stderr
    assert out.read_bytes() == b"the user's own file"
    again = run_cli("identity", "export-chain", identity_id, "-o", out, "--overwrite")
    assert again.returncode == 0, again.stderr
    assert out.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


# -- planted links at the temporary names ----------------------------------------------------


def test_links_planted_at_the_old_temporary_names_are_never_followed(
    photo: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    shared = photo.parent
    (shared / ".case.zip.part").symlink_to(victim)
    (shared / ".handout.pem.credlabel-tmp").symlink_to(victim)
    run = run_cli("report", photo, "--bundle", shared / "case.zip")
    assert run.returncode == 0, run.stderr
    identity_id = _new_identity("Planted")
    chain = run_cli("identity", "export-chain", identity_id, "-o", shared / "handout.pem")
    assert chain.returncode == 0, chain.stderr
    assert victim.read_bytes() == b"precious"
    assert (shared / "case.zip").stat().st_size > 0
    assert (shared / "handout.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def test_a_link_planted_at_the_xmp_backup_name_is_never_followed(
    photo: Path, signing: Signing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone watching the shared folder plants `<temporary copy>.before-xmp` the moment
    the copy appears (here: when the XMP step first looks at it)."""
    from app.core.media import picture_bytes, xmp

    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    real_digest = picture_bytes.image_data_digest

    def plant_then_digest(path: Path, mime: str | None) -> str | None:
        backup = path.with_name(path.name + ".before-xmp")
        if not backup.is_symlink():
            backup.symlink_to(victim)
        return real_digest(path, mime)

    monkeypatch.setattr(xmp, "image_data_digest", plant_then_digest)
    result = export_labeled_copy(photo, DISCLOSURE, signing.signer, profile=signing.profile)
    assert result.xmp_written
    assert victim.read_bytes() == b"precious"


def test_a_temporary_file_swapped_for_a_link_is_not_published(tmp_path: Path) -> None:
    from app.core import safe_write
    from app.core.errors import WriteError

    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    dest = tmp_path / "out.txt"
    temp = safe_write.create_temp(tmp_path, dest.name)
    temp.path.unlink()
    temp.path.symlink_to(victim)  # swapped in while a writer worked by name
    with pytest.raises(WriteError, match="changed by someone else"):
        safe_write.publish(temp, dest, overwrite=False)
    assert not dest.exists() and victim.read_bytes() == b"precious"
    safe_write.discard(temp)
    assert temp.path.is_symlink()  # not ours: left alone
    assert pending_temp_files() == []


def test_a_file_created_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    from app.core import safe_write
    from app.core.errors import DestinationExists

    dest = tmp_path / "out.txt"
    temp, handle = safe_write.open_temp(tmp_path, dest.name)
    with handle:
        handle.write(b"ours")
    dest.write_bytes(b"someone else's, a moment ago")
    with pytest.raises(DestinationExists):
        safe_write.publish(temp, dest, overwrite=False)
    assert dest.read_bytes() == b"someone else's, a moment ago"
    safe_write.discard(temp)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_hard_link_to_a_protected_file_is_refused(tmp_path: Path) -> None:
    from app.core import safe_write
    from app.core.errors import DestinationIsOriginal

    original = tmp_path / "original.txt"
    original.write_bytes(b"precious")
    os.link(original, tmp_path / "other-name.txt")
    with pytest.raises(DestinationIsOriginal):
        safe_write.write_file(
            tmp_path / "other-name.txt", b"x", overwrite=True, protected=(original,)
        )
    assert original.read_bytes() == b"precious"


# -- names at the limit -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a" * 251 + ".jpg", "é" * 125 + ".jpg", "x.jpg"])
def test_temporary_names_fit_in_255_bytes_and_are_recognised(name: str) -> None:
    from app.core import safe_write

    for suffix in ("", ".media", ".before-xmp"):
        temp = safe_write.temp_name(name, suffix)
        assert len(os.fsencode(temp)) <= 255
        assert is_temp_name(temp) and temp.endswith(suffix)
        assert temp.startswith("." + name[:3])  # still recognisable as this file's
    assert safe_write.temp_name(name) != safe_write.temp_name(name)  # unpredictable


@pytest.mark.slow
def test_a_255_byte_name_exports_and_a_longer_one_gets_a_sentence(photo: Path) -> None:
    longest = photo.with_name("a" * 251 + ".jpg")
    run = run_cli("label", photo, "--ai", "partial", "-o", longest)
    assert run.returncode == 0, run.stderr
    assert longest.is_file()
    too_long = photo.with_name("b" * 252 + ".jpg")
    run = run_cli("label", photo, "--ai", "partial", "-o", too_long)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "too long" in run.stderr and "Traceback" not in run.stderr
    assert _hidden(photo.parent) == []


# -- folders that say no ------------------------------------------------------------------------


def _unprivileged() -> list[str]:
    prefix = unprivileged_prefix()
    if os.geteuid() == 0 and not prefix:
        pytest.skip("running as root without setpriv: root writes in any folder")
    return prefix


def _commands(photo: Path) -> dict[str, Callable[[Path], list[object]]]:
    return {
        "label": lambda out: ["label", photo, "--ai", "partial", "-o", out / "c.jpg"],
        "report": lambda out: ["report", photo, "-o", out / "r.html"],
        "bundle": lambda out: ["report", photo, "--bundle", out / "b.zip"],
        "export-chain": lambda out: ["identity", "export-chain", "ID", "-o", out / "c.pem"],
    }


@pytest.mark.slow
@pytest.mark.parametrize("folder_mode", [0o500, 0o600], ids=["unwritable", "unsearchable"])
@pytest.mark.parametrize("command", ["label", "report", "bundle", "export-chain"])
def test_a_folder_that_cannot_be_used_gets_a_sentence(
    photo: Path, tmp_path: Path, folder_mode: int, command: str
) -> None:
    prefix = _unprivileged()
    identity_id = _new_identity("Folder Test")
    out = tmp_path / "locked"
    out.mkdir()
    args = [identity_id if a == "ID" else a for a in _commands(photo)[command](out)]
    out.chmod(folder_mode)
    try:
        run = run_cli(*args, prefix=prefix)
    finally:
        out.chmod(0o700)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "permission" in run.stderr.lower(), run.stderr
    assert list(out.iterdir()) == []


# -- modes ----------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes only")
def test_under_umask_000_folders_are_owner_only_and_the_key_0600(photo: Path) -> None:
    home = Path(os.environ["CREDLABEL_HOME"])
    run = run_cli("label", photo, "--ai", "partial", umask=0)
    assert run.returncode == 0, run.stderr
    folders = [home, *(p for p in home.rglob("*") if p.is_dir())]
    assert {p.name for p in folders} >= {"config", "data", "logs", "cache", "identities"}
    loose = {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in folders}
    assert all(mode == "0o700" for mode in loose.values()), loose
    keys = list(home.rglob("key.pem"))
    assert keys and all(stat.S_IMODE(k.stat().st_mode) == 0o600 for k in keys)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes only")
def test_a_private_original_gives_a_private_copy(photo: Path, signing: Signing) -> None:
    photo.chmod(0o600)
    old = os.umask(0o022)
    try:
        result = export_labeled_copy(photo, DISCLOSURE, signing.signer, profile=signing.profile)
    finally:
        os.umask(old)
    assert stat.S_IMODE(result.dest.stat().st_mode) == 0o600


# -- the sidecar and the copy ----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("overwrite", [False, True])
def test_sidecar_named_as_the_copy_is_refused_with_a_sentence(photo: Path, overwrite: bool) -> None:
    dest = photo.with_name("photo.c2pa")
    extra = ["--overwrite"] if overwrite else []
    run = run_cli("label", photo, "--ai", "partial", "--sidecar", "-o", dest, *extra)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "media extension" in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.name for p in photo.parent.iterdir()) == ["photo.jpg"]


# -- thumbnails ----------------------------------------------------------------------------------


def test_thumbnails_of_files_sharing_a_name_never_replace_each_other(
    corpus_file: Callable[[str], Path], tmp_path: Path
) -> None:
    inputs = []
    for folder, name in (("a", "pt_adobe-20220124-C.jpg"), ("b", "pt_adobe-20220124-CA.jpg")):
        (tmp_path / folder).mkdir()
        inputs.append(tmp_path / folder / "photo.jpg")
        inputs[-1].write_bytes(corpus_file(name).read_bytes())
    out = tmp_path / "thumbs"
    out.mkdir()
    mine = out / "photo_manifest1.jpg"
    mine.write_bytes(b"the user's own picture")
    run = run_cli("inspect", *inputs, "--extract-thumbnails", out)
    assert run.returncode == 0, run.stderr
    assert mine.read_bytes() == b"the user's own picture"
    saved = {p.read_bytes() for p in out.iterdir() if p != mine}
    assert len(saved) >= 3  # a's manifest, b's manifest and b's ingredient: all kept
    assert all(data.startswith(b"\xff\xd8") for data in saved)
