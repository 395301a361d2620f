"""Damaged, exposed or foreign identities fail loudly with a sentence: never a traceback,
never a silent switch to another identity or a fresh one; keys others can read are not used;
a process holding a key cannot dump core."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.errors import IdentityError
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer
from tests.conftest import ROOT


def _remove_key(store: IdentityStore, identity_id: str) -> None:
    (store.folder / identity_id / "key.pem").unlink()


def _garble_key(store: IdentityStore, identity_id: str) -> None:
    (store.folder / identity_id / "key.pem").write_bytes(b"\x00garbage, not a key\n")


def _meta_is_a_list(store: IdentityStore, identity_id: str) -> None:
    (store.folder / identity_id / "identity.json").write_text("[1, 2, 3]\n")


def _meta_lacks_fields(store: IdentityStore, identity_id: str) -> None:
    meta = store.folder / identity_id / "identity.json"
    data = json.loads(meta.read_text())
    del data["algorithm"], data["fingerprint"]
    meta.write_text(json.dumps(data))


def _chain_missing(store: IdentityStore, identity_id: str) -> None:
    (store.folder / identity_id / "chain.pem").unlink()


DAMAGES: dict[str, Callable[[IdentityStore, str], None]] = {
    "key.pem missing": _remove_key,
    "key.pem garbled": _garble_key,
    "identity.json is a list": _meta_is_a_list,
    "identity.json lacks fields": _meta_lacks_fields,
    "chain.pem missing": _chain_missing,
}
WORDS = {
    "key.pem missing": "key.pem",
    "key.pem garbled": "key.pem",
    "identity.json is a list": "identity.json",
    "identity.json lacks fields": "algorithm",
    "chain.pem missing": "chain.pem",
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_default_is_named_and_never_replaced(damage: str) -> None:
    store = IdentityStore()
    default = store.create_local("First One")
    other = store.create_local("Second One")
    DAMAGES[damage](store, default.id)
    with pytest.raises(IdentityError) as caught:
        store.ensure_default("Someone")
    sentence = caught.value.sentence
    assert default.id in sentence and "damaged" in sentence and WORDS[damage] in sentence
    assert "identity delete" in sentence  # what to do
    with pytest.raises(IdentityError):
        store.default()
    # Neither the other identity nor a fresh one took its place.
    assert sorted(p.name for p in store.folder.iterdir() if p.is_dir()) == sorted(
        [default.id, other.id]
    )
    assert (store.folder / "default").read_text().strip() == default.id


def test_a_damaged_default_is_explained_in_the_language_spoken() -> None:
    from app.core.i18n import speaking

    store = IdentityStore()
    default = store.create_local("First One")
    _remove_key(store, default.id)
    with speaking("fr"), pytest.raises(IdentityError) as caught:
        store.default()
    sentence = caught.value.sentence
    assert f"L’identité de signature par défaut « {default.id} » est endommagée" in sentence
    assert "son fichier key.pem est manquant" in sentence
    assert f"credlabel identity delete {default.id} --yes" in sentence  # commands stay as typed


def test_a_damaged_only_identity_is_not_papered_over_with_a_new_one() -> None:
    store = IdentityStore()
    only = store.create_local("Only One")
    (store.folder / "default").unlink()  # even without a recorded default
    _meta_is_a_list(store, only.id)
    with pytest.raises(IdentityError, match="damaged"):
        store.ensure_default("Someone")
    assert [p.name for p in store.folder.iterdir() if p.is_dir()] == [only.id]


def test_a_fresh_identity_is_made_only_when_there_is_none() -> None:
    store = IdentityStore()
    identity, created = store.ensure_default("Ann Lee")
    assert created and identity.name == "Ann Lee"
    again, created_again = store.ensure_default("Ann Lee")
    assert again.id == identity.id and not created_again


def test_identity_list_shows_damaged_identities(capsys: pytest.CaptureFixture[str]) -> None:
    store = IdentityStore()
    good = store.create_local("Good One")
    bad = store.create_local("Bad One")
    _meta_is_a_list(store, bad.id)
    assert main(["identity", "list"]) == 0
    out = capsys.readouterr().out
    assert good.id in out
    line = next(line for line in out.splitlines() if bad.id in line)
    assert "DAMAGED" in line and "identity.json" in line
    assert main(["identity", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data["damaged"]] == [bad.id]
    # The way out the sentence offers works.
    assert main(["identity", "delete", bad.id, "--yes"]) == 0
    assert not (store.folder / bad.id).exists()
    assert [i.id for i in store.list()] == [good.id]


def test_a_key_others_can_read_is_refused_with_how_to_fix() -> None:
    if os.name != "posix":
        pytest.skip("POSIX permissions only")
    store = IdentityStore()
    identity = store.create_local("Open Key")
    key = store.folder / identity.id / "key.pem"
    key.chmod(0o644)
    with pytest.raises(IdentityError) as caught:
        make_signer(identity, store=store)
    assert "other user accounts" in caught.value.sentence
    assert f"chmod 600 '{key}'" in caught.value.sentence
    key.chmod(0o600)
    assert make_signer(identity, store=store) is not None


def test_a_symlinked_key_is_refused() -> None:
    if os.name != "posix":
        pytest.skip("POSIX symlinks only")
    store = IdentityStore()
    identity = store.create_local("Linked Key")
    key = store.folder / identity.id / "key.pem"
    elsewhere = store.folder.parent / "elsewhere.pem"
    key.rename(elsewhere)
    key.symlink_to(elsewhere)
    with pytest.raises(IdentityError, match="symbolic link") as caught:
        make_signer(identity, store=store)
    assert str(key) in caught.value.sentence


def test_an_identities_folder_of_another_user_is_refused() -> None:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("needs root to give a folder to another account")
    store = IdentityStore()
    identity = store.create_local("Mine")
    os.chown(store.folder, 54321, 54321)
    for attempt in (store.list, lambda: make_signer(identity.id, store=store)):
        with pytest.raises(IdentityError, match="belongs to another user account") as caught:
            attempt()
        assert "chown" in caught.value.sentence and str(store.folder) in caught.value.sentence


def test_identity_list_in_a_folder_of_another_user_is_a_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("needs root to give a folder to another account")
    store = IdentityStore()
    store.create_local("Mine")
    os.chown(store.folder.parent, 54321, 54321)
    os.chown(store.folder, 54321, 54321)
    assert main(["identity", "list"]) == 1
    err = capsys.readouterr().err
    assert "belongs to another user account" in err and "Traceback" not in err


CORE_DUMP_PROBE = """
import ctypes, resource
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer
soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))  # allow core files, as far as we may
store = IdentityStore()
identity = store.create_local("Dump Test")
libc = ctypes.CDLL(None, use_errno=True)
before = libc.prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
make_signer(identity, store=store)
after = libc.prctl(3, 0, 0, 0, 0)
print(before, after, *resource.getrlimit(resource.RLIMIT_CORE))
"""


def test_making_a_signer_disables_core_dumps(tmp_path: Path) -> None:
    """In a fresh process (this one may have made signers already): dumpable before,
    neither a core file nor dumpable once a signer holds the key."""
    if not sys.platform.startswith("linux"):
        pytest.skip("prctl is Linux only")
    env = dict(os.environ, CREDLABEL_HOME=str(tmp_path / "home"))
    out = subprocess.run(
        [sys.executable, "-c", CORE_DUMP_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert out == ["1", "0", "0", "0"]


def test_a_symlinked_identity_folder_is_shown_as_damaged_not_hidden(tmp_path: Path) -> None:
    store = IdentityStore()
    identity = store.create_local("Moved Away")
    real = tmp_path / "moved"
    (store.folder / identity.id).rename(real)
    (store.folder / identity.id).symlink_to(real, target_is_directory=True)
    assert store.list() == []
    assert [(d.id, "symbolic link" in d.problem) for d in store.damaged()] == [(identity.id, True)]
    with pytest.raises(IdentityError, match="damaged"):
        make_signer(identity.id, store=store)
