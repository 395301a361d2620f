"""IdentityStore: storage permissions, encryption at rest, imports that sign, defaults,
keyring detection, and no key material or passphrase in any log line."""

from __future__ import annotations

import json
import logging
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import c2pa
import keyring
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import PasswordDeleteError

from app.core.errors import IdentityError, PassphraseRequired, WrongPassphrase
from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.trust import load_profile
from app.core.signing.identity_store import IdentityStore, PassphraseMemory, keyring_backend
from app.core.signing.signer import make_signer
from tests.helpers.certificates import build_chain
from tests.helpers.signing import make_jpeg, sign_with

PASSPHRASE = "violet-otter-42"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _key_body(pem: bytes) -> str:
    """A distinctive line from inside a PEM private key (what a leak would contain)."""
    return pem.decode().splitlines()[2]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_folders_are_0700_and_files_0600(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # a typical umask: the store must not rely on a stricter one
    try:
        store = IdentityStore()
        identity = store.create_local("Perm Tester")
    finally:
        os.umask(previous)
    folder = store.folder / identity.id
    assert _mode(store.folder) == 0o700
    assert _mode(folder) == 0o700
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["chain.pem", "identity.json", "key.pem", "root.pem"]
    for path in folder.iterdir():
        assert _mode(path) == 0o600, path
    assert _mode(store.folder / "default") == 0o600
    assert not [p for p in store.folder.iterdir() if p.name.startswith(".")]  # no leftovers


def test_key_is_encrypted_at_rest_with_a_passphrase() -> None:
    store = IdentityStore()
    locked = store.create_local("Locked", passphrase=PASSPHRASE)
    plain = store.create_local("Plain")
    locked_pem = (store.folder / locked.id / "key.pem").read_bytes()
    assert locked_pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    with pytest.raises(TypeError):  # unreadable without the passphrase
        serialization.load_pem_private_key(locked_pem, None)
    serialization.load_pem_private_key(locked_pem, PASSPHRASE.encode())
    assert locked.encrypted and not plain.encrypted
    plain_pem = (store.folder / plain.id / "key.pem").read_bytes()
    assert plain_pem.startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS#8
    for identity in (locked, plain):
        meta = (store.folder / identity.id / "identity.json").read_text()
        assert "PRIVATE" not in meta and PASSPHRASE not in meta


def test_passphrase_is_remembered_for_the_session_only() -> None:
    store = IdentityStore()
    identity = store.create_local("Session", passphrase=PASSPHRASE)
    assert store.load_private_key(identity.id) is not None  # remembered since creation
    store.forget_passphrase(identity.id)
    with pytest.raises(PassphraseRequired):
        store.load_private_key(identity.id)
    with pytest.raises(WrongPassphrase):
        store.load_private_key(identity.id, "nope")
    store.load_private_key(identity.id, PASSPHRASE)
    # A second store object in the same session (the window makes one per use) knows it too.
    assert IdentityStore().load_private_key(identity.id) is not None


class MemoryKeyring:
    """A stand-in OS keyring (the test machine has none)."""

    priority = 1

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.saved.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.saved[(service, user)] = password

    def delete_password(self, service: str, user: str) -> None:
        self.saved.pop((service, user), None)


def test_keyring_keeps_the_passphrase_across_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    ring = MemoryKeyring()
    monkeypatch.setattr("app.core.signing.passphrases.keyring_backend", lambda: ring)
    store = IdentityStore()
    identity = store.create_local("Ring", passphrase=PASSPHRASE)
    assert store.remember_passphrase(identity.id, PASSPHRASE, keyring=True)
    store.forget_passphrase(identity.id, keyring_too=False)  # "restart": session forgotten
    assert store.load_private_key(identity.id) is not None  # unlocked from the keyring
    store.delete(identity.id)
    assert ring.saved == {}


def test_without_a_real_keyring_nothing_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert keyring_backend() is None
        store = IdentityStore()
        identity = store.create_local("No Ring", passphrase=PASSPHRASE)
        assert store.remember_passphrase(identity.id, PASSPHRASE, keyring=True) is False
        assert store.load_private_key(identity.id) is not None  # the session still knows
    finally:
        keyring.set_keyring(previous)


def test_default_identity_list_and_delete() -> None:
    store = IdentityStore()
    assert store.list() == [] and store.default() is None
    first = store.create_local("First Person")
    second = store.create_local("Second Person", "Ed25519")
    assert first.is_default and not second.is_default  # the first one becomes the default
    store.set_default(second.id)
    assert store.default() == store.get(second.id)
    assert [i.name for i in store.list()] == ["First Person", "Second Person"]
    assert store.get(second.id[:-2]).id == second.id  # a unique prefix is enough
    store.delete(second.id)
    now_default = store.default()
    assert now_default is not None and now_default.id == first.id
    with pytest.raises(IdentityError, match="no signing identity"):
        store.get(second.id)
    # Deleting a local identity removes its root from the "local" trust profile.
    assert load_profile("local").anchor_count == 1
    store.delete(first.id)
    assert load_profile("local").anchor_count == 0 and store.default() is None


def test_ensure_default_uses_the_account_name_when_none_is_given() -> None:
    store = IdentityStore()
    identity, created = store.ensure_default("")
    assert created and identity.name and identity.is_default
    assert store.ensure_default("Other")[1] is False


def test_export_chain_holds_only_public_certificates(tmp_path: Path) -> None:
    store = IdentityStore()
    identity = store.create_local("Handout", passphrase=PASSPHRASE)
    out = store.export_chain(identity.id, tmp_path / "handout.pem")
    text = out.read_text()
    assert text.count("BEGIN CERTIFICATE") == 3  # leaf, intermediate, root
    assert "PRIVATE" not in text and PASSPHRASE not in text


def test_timestamp_url_is_validated_and_can_be_removed() -> None:
    store = IdentityStore()
    identity = store.create_local("Stamp")
    assert identity.timestamp_url is None  # off by default: no network
    updated = store.set_timestamp_url(identity.id, " http://timestamp.example/tsa ")
    assert updated.timestamp_url == "http://timestamp.example/tsa"
    assert store.get(identity.id).timestamp_url == "http://timestamp.example/tsa"
    with pytest.raises(IdentityError, match="not a timestamp server address"):
        store.set_timestamp_url(identity.id, "ftp://nope")
    assert store.set_timestamp_url(identity.id, None).timestamp_url is None


# ---------------------------------------------------------------- imports


def _sign_and_read(identity: Any, store: IdentityStore, tmp_path: Path, root: bytes) -> None:
    out = sign_with(
        make_signer(identity, store=store), make_jpeg(tmp_path / "a.jpg"), tmp_path / "b.jpg"
    )
    assert read_file(out, load_profile("none")).state is ValidationState.VALID_UNTRUSTED
    anchor = tmp_path / "provider-root.pem"
    anchor.write_bytes(root)
    trusted = read_file(out, load_profile("none", user_anchor_files=[anchor]))
    assert trusted.state is ValidationState.TRUSTED


def test_imported_pem_chain_signs(tmp_path: Path) -> None:
    chain = build_chain()
    chain_path, key_path = chain.write(tmp_path, password="keypass")
    store = IdentityStore()
    identity = store.import_pem(chain_path, key_path, "keypass")
    assert identity.kind == "imported" and identity.algorithm == "ES256"
    assert identity.encrypted  # the key keeps its own password at rest
    assert not (store.folder / identity.id / "root.pem").exists()  # not a local trust anchor
    _sign_and_read(identity, store, tmp_path, chain.root_pem)


def test_gui_calls_work_as_written(tmp_path: Path) -> None:
    """The window calls import_pem(cert, key) and import_pkcs12(path, passphrase)."""
    chain = build_chain()
    chain_path, key_path = chain.write(tmp_path)
    store = IdentityStore()
    pem_identity = store.import_pem(chain_path, key_path)
    assert not pem_identity.encrypted
    p12 = tmp_path / "me.p12"
    p12.write_bytes(chain.pkcs12("p12pass"))
    p12_identity = store.import_pkcs12(p12, "p12pass")
    assert p12_identity.encrypted
    _sign_and_read(p12_identity, store, tmp_path, chain.root_pem)
    chain_pem = store.chain_pem(p12_identity.id)
    assert chain_pem.count(b"BEGIN CERTIFICATE") == 3  # leaf, intermediate, root, in order


def test_broken_imports_are_refused_with_their_own_sentence_and_nothing_saved(
    tmp_path: Path,
) -> None:
    store = IdentityStore()
    good = build_chain()
    expired = build_chain(days=(-400, -30))
    ca_leaf = build_chain(leaf_ca=True)
    chain_path, key_path = good.write(tmp_path)
    other = tmp_path / "other-key.pem"
    other.write_bytes(build_chain().key_pem())
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("hello")
    cases = {
        "mismatch": lambda: store.import_pem(chain_path, other),
        "expired": lambda: store.import_pem(*expired.write(tmp_path / _mkdir(tmp_path, "e"))),
        "ca leaf": lambda: store.import_pem(*ca_leaf.write(tmp_path / _mkdir(tmp_path, "c"))),
        "garbage chain": lambda: store.import_pem(garbage, key_path),
        "garbage key": lambda: store.import_pem(chain_path, garbage),
        "missing file": lambda: store.import_pem(tmp_path / "absent.pem", key_path),
        "wrong p12 password": lambda: store.import_pkcs12(_p12(tmp_path, good), "wrong"),
        "garbage p12": lambda: store.import_pkcs12(garbage, "x"),
    }
    sentences = {}
    for name, attempt in cases.items():
        with pytest.raises(IdentityError) as err:
            attempt()
        sentences[name] = err.value.sentence
    assert len(set(sentences.values())) == len(sentences), sentences
    assert store.list() == []


def _mkdir(tmp_path: Path, name: str) -> str:
    (tmp_path / name).mkdir(exist_ok=True)
    return name


def _p12(tmp_path: Path, chain: Any) -> Path:
    path = tmp_path / "me.p12"
    path.write_bytes(chain.pkcs12("right"))
    return path


# ---------------------------------------------------------------- nothing leaks


def test_no_key_material_or_passphrase_in_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("c2pa").setLevel(logging.DEBUG)
    store = IdentityStore()
    identity = store.create_local("Quiet", passphrase=PASSPHRASE)
    chain = build_chain()
    chain_path, key_path = chain.write(tmp_path, password=PASSPHRASE)
    imported = store.import_pem(chain_path, key_path, PASSPHRASE)
    store.forget_passphrase(identity.id)
    with pytest.raises(WrongPassphrase):
        make_signer(identity, passphrase="wrong-" + PASSPHRASE)
    for ident in (identity, imported):
        signer = make_signer(ident, passphrase=PASSPHRASE)
        sign_with(signer, make_jpeg(tmp_path / "a.jpg"), tmp_path / f"{ident.id}.jpg")
    assert caplog.records  # the store does log what it does
    secret_pems = [(store.folder / i.id / "key.pem").read_bytes() for i in (identity, imported)] + [
        chain.key_pem()
    ]
    text = caplog.text + json.dumps([r.getMessage() for r in caplog.records])
    assert PASSPHRASE not in text
    assert "PRIVATE KEY" not in text
    for pem in secret_pems:
        assert _key_body(pem) not in text


def test_signer_uses_the_c2pa_api() -> None:
    """make_signer returns the real c2pa Signer the export code passes to Builder.sign."""
    identity = IdentityStore().create_local("Api")
    assert isinstance(make_signer(identity), c2pa.Signer)


# ---------------------------------------------------------------- the real keyring API


class InMemoryBackend(KeyringBackend):
    """A keyring backend living in memory, installed with keyring.set_keyring, so the
    detection in `keyring_backend` is exercised as on a desktop with a real keyring."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.saved.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.saved[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.saved.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


@pytest.fixture
def installed_keyring() -> Iterator[Callable[[Any], None]]:
    previous = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(previous)


def test_a_real_keyring_backend_is_used_and_fail_or_null_ones_are_not(
    installed_keyring: Callable[[Any], None],
) -> None:
    ring = InMemoryBackend()
    installed_keyring(ring)
    assert keyring_backend() is ring
    store = IdentityStore()
    identity = store.create_local("Desk Top", passphrase=PASSPHRASE)
    assert store.remember_passphrase(identity.id, PASSPHRASE, keyring=True)
    assert list(ring.saved.values()) == [PASSPHRASE]
    assert IdentityStore(passphrases=PassphraseMemory()).load_private_key(identity.id)
    for useless in (fail.Keyring(), null.Keyring()):
        installed_keyring(useless)
        assert keyring_backend() is None
        fresh = IdentityStore(passphrases=PassphraseMemory())  # a new session, no keyring
        with pytest.raises(PassphraseRequired):
            fresh.load_private_key(identity.id)
        assert fresh.remember_passphrase(identity.id, PASSPHRASE, keyring=True) is False


def test_a_wrong_typed_passphrase_does_not_forget_the_remembered_one() -> None:
    store = IdentityStore()
    identity = store.create_local("Typo", passphrase=PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        store.load_private_key(identity.id, "typo")
    assert store.load_private_key(identity.id) is not None  # still remembered


# ---------------------------------------------------------------- damaged storage


def test_a_damaged_identity_is_explained_not_a_traceback() -> None:
    store = IdentityStore()
    identity = store.create_local("Half Gone")
    (store.folder / identity.id / "key.pem").unlink()
    with pytest.raises(IdentityError) as missing_key:
        make_signer(identity)
    assert "damaged" in missing_key.value.sentence and "key.pem" in missing_key.value.sentence
    (store.folder / identity.id / "chain.pem").unlink()
    with pytest.raises(IdentityError) as missing_chain:
        store.export_chain(identity.id, store.folder.parent / "out.pem")
    assert "damaged: its file chain.pem" in missing_chain.value.sentence


def test_unreadable_or_newer_metadata_does_not_hide_the_other_identities() -> None:
    store = IdentityStore()
    good = store.create_local("Still Here")
    newer = store.create_local("From The Future")
    meta = store.folder / newer.id / "identity.json"
    data = json.loads(meta.read_text())
    data["added_in_a_later_version"] = True
    meta.write_text(json.dumps(data))
    broken = store.create_local("Broken")
    (store.folder / broken.id / "identity.json").write_text("{not json")
    assert {i.id for i in store.list()} == {good.id, newer.id}


def test_an_unusable_identities_folder_gives_a_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the identities folder should be")
    with pytest.raises(IdentityError, match="could not be saved"):
        IdentityStore(blocker).create_local("Nowhere")


def test_export_chain_into_a_folder_and_to_a_missing_folder(tmp_path: Path) -> None:
    store = IdentityStore()
    identity = store.create_local("Folder Export")
    out = store.export_chain(identity.id, tmp_path)
    assert out == tmp_path / f"{identity.id}-chain.pem" and out.is_file()
    with pytest.raises(IdentityError, match="could not be written"):
        store.export_chain(identity.id, tmp_path / "missing" / "chain.pem")
    assert not list((tmp_path).glob(".*tmp*"))


@pytest.mark.parametrize(
    ("leaf_key", "algorithm"),
    [
        (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), "PS256"),
        (ed25519.Ed25519PrivateKey.generate, "Ed25519"),
        (lambda: ec.generate_private_key(ec.SECP384R1()), "ES384"),
        (lambda: ec.generate_private_key(ec.SECP521R1()), "ES512"),
    ],
)
def test_imported_keys_of_every_supported_type_sign(
    leaf_key: Callable[[], Any], algorithm: str, tmp_path: Path
) -> None:
    chain = build_chain(leaf_key=leaf_key())
    chain_path, key_path = chain.write(tmp_path)
    store = IdentityStore()
    identity = store.import_pem(chain_path, key_path, name="Provider cert")
    assert identity.algorithm == algorithm and identity.name == "Provider cert"
    _sign_and_read(identity, store, tmp_path, chain.root_pem)


def test_a_name_with_accents_is_signed_as_written(tmp_path: Path) -> None:
    store = IdentityStore()
    identity = store.create_local("Zoë Ünal-Łukasz")
    out = sign_with(make_signer(identity), make_jpeg(tmp_path / "a.jpg"), tmp_path / "b.jpg")
    report = read_file(out, load_profile("local"))
    assert report.state is ValidationState.TRUSTED
    assert report.active is not None and report.active.signature is not None
    assert report.active.signature.common_name == "Zoë Ünal-Łukasz (CredLabel local identity)"
