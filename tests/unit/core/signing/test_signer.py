"""make_signer: every algorithm's local identity signs real JPEG and MP4 files that read
"Valid, signer not recognized" by default and "Trusted" with the local trust profile."""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any

import c2pa
import pytest

from app.core.errors import (
    IdentityError,
    PassphraseRequired,
    TimestampUnavailable,
    WrongPassphrase,
)
from app.core.model import ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.trust import load_profile
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import make_signer, signing_alg_name, timestamp_failure
from tests.helpers.certificates import build_chain
from tests.helpers.exports import make_av
from tests.helpers.signing import make_jpeg, sign_with
from tests.helpers.tsa_server import running_tsa

ALGORITHMS = ("ES256", "Ed25519", "PS256")


def assert_valid_then_trusted(path: Path) -> None:
    untrusted = read_file(path, load_profile("none"))
    assert untrusted.state is ValidationState.VALID_UNTRUSTED
    assert "signingCredential.untrusted" in {s.code for s in untrusted.failures}
    trusted = read_file(path, load_profile("local"))
    assert trusted.state is ValidationState.TRUSTED, [s.code for s in trusted.failures]


@pytest.fixture(scope="module")
def identities(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One local identity per algorithm, made once (RSA key generation is slow)."""
    folder = tmp_path_factory.mktemp("identities")
    store = IdentityStore(folder)
    for alg in ALGORITHMS:
        store.create_local(f"Jane {alg}", alg)
    return {"folder": folder}


def _store(identities: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> IdentityStore:
    # The "local" trust profile reads the user identities folder: point it at the shared one.
    home = identities["folder"].parent / "home"
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    link = data / "identities"
    if not link.exists():
        link.symlink_to(identities["folder"])
    monkeypatch.setenv("CREDLABEL_HOME", str(home))
    return IdentityStore()


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_local_identity_signs_generated_jpeg_and_mp4(
    alg: str, identities: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(identities, monkeypatch)
    identity = next(i for i in store.list() if i.algorithm == alg)
    assert f"CN=Jane {alg} (CredLabel local identity)" in identity.subject
    for src in (make_jpeg(tmp_path / "photo.jpg"), make_av(tmp_path / "clip.mp4")):
        signer = make_signer(identity, store=store)
        out = sign_with(signer, src, tmp_path / f"signed-{src.name}")
        assert_valid_then_trusted(out)


@pytest.mark.corpus
@pytest.mark.parametrize("alg", ALGORITHMS)
def test_local_identity_signs_corpus_jpeg_and_mp4(
    alg: str,
    identities: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    corpus_file,
) -> None:
    store = _store(identities, monkeypatch)
    identity = next(i for i in store.list() if i.algorithm == alg)
    for name in ("pt_adobe-20220124-A.jpg", "rs_video1_no_manifest.mp4"):
        src = shutil.copyfile(corpus_file(name), tmp_path / name)
        out = sign_with(make_signer(identity.id, store=store), src, tmp_path / f"signed-{name}")
        assert_valid_then_trusted(out)


def test_default_store_and_ensure_default_sign(tmp_path: Path) -> None:
    """What the export code does: IdentityStore().ensure_default(...) then make_signer(id)."""
    store = IdentityStore()
    identity, created = store.ensure_default("Sam Creator")
    assert created and identity.is_default and identity.kind == "local"
    assert store.ensure_default("Someone Else") == (identity, False)
    out = sign_with(make_signer(identity), make_jpeg(tmp_path / "a.jpg"), tmp_path / "b.jpg")
    assert_valid_then_trusted(out)


def test_encrypted_key_needs_the_right_passphrase(tmp_path: Path) -> None:
    store = IdentityStore()
    identity = store.create_local("Locked Person", passphrase="correct horse")
    store.forget_passphrase(identity.id)  # a new session: nothing remembered
    with pytest.raises(PassphraseRequired) as needed:
        make_signer(identity)
    with pytest.raises(WrongPassphrase) as wrong:
        make_signer(identity, passphrase="wrong horse")
    assert needed.value.sentence != wrong.value.sentence
    signer = make_signer(identity, passphrase="correct horse")
    out = sign_with(signer, make_jpeg(tmp_path / "a.jpg"), tmp_path / "b.jpg")
    assert read_file(out, load_profile("local")).state is ValidationState.TRUSTED
    # Remembered for the rest of the session.
    assert make_signer(identity) is not None


@pytest.mark.allow_local_network
def test_unreachable_timestamp_server_is_an_error_with_a_way_out(tmp_path: Path) -> None:
    with socket.socket() as probe_socket:  # a loopback port nobody listens on
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    store = IdentityStore()
    identity = store.create_local("Tess Stamp")
    identity = store.set_timestamp_url(identity.id, f"http://127.0.0.1:{port}/tsa")
    with pytest.raises(TimestampUnavailable) as err:
        make_signer(identity)
    assert "sign without a timestamp" in err.value.sentence
    # The caller's explicit choice: no timestamp, and signing works fully offline.
    signer = make_signer(identity, use_timestamp=False)
    out = sign_with(signer, make_jpeg(tmp_path / "a.jpg"), tmp_path / "b.jpg")
    assert read_file(out, load_profile("local")).state is ValidationState.TRUSTED


@pytest.mark.allow_local_network
def test_a_timestamp_server_that_answers_with_an_error_stops_signing(tmp_path: Path) -> None:
    """Reachable but broken: c2pa-rs fails the signature; CredLabel explains it and the file
    is never signed without the timestamp behind the user's back."""

    class Refusing(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(500)
            self.end_headers()

        def log_message(self, *args: Any) -> None:  # keep pytest's output clean
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        store = IdentityStore()
        identity = store.create_local("Tina Stamp")
        url = f"http://127.0.0.1:{server.server_port}/tsa"
        identity = store.set_timestamp_url(identity.id, url)
        signer = make_signer(identity)  # the server is reachable: no error yet
        with pytest.raises(c2pa.C2paError) as failed:
            sign_with(signer, make_jpeg(tmp_path / "a.jpg"), tmp_path / "b.jpg")
    finally:
        server.shutdown()
        server.server_close()
    explained = timestamp_failure(failed.value, identity)
    assert explained is not None and "sign without a timestamp" in explained.sentence
    assert url in explained.sentence
    assert read_file(tmp_path / "b.jpg", load_profile("local")).state in {
        ValidationState.NO_CREDENTIALS,
        ValidationState.COULD_NOT_READ,
    }
    no_tsa = store.set_timestamp_url(identity.id, None)
    assert timestamp_failure(failed.value, no_tsa) is None  # not blamed without a server


def test_signing_alg_name_is_c2pas_name() -> None:
    store = IdentityStore()
    assert signing_alg_name(store.create_local("Eve", "ES256")) == "es256"
    assert signing_alg_name(store.create_local("Ed", "Ed25519")) == "ed25519"


# ---------------------------------------------------------------- a working timestamp server


def _codes(report: object, kind: str) -> set[str]:
    return {s.code for s in getattr(report, "status", ()) if s.kind == kind}


@pytest.mark.allow_local_network
def test_a_reachable_timestamp_server_stamps_the_signature(tmp_path: Path) -> None:
    store = IdentityStore()
    identity = store.create_local("Tom Stamp")
    with running_tsa() as (tsa, url):
        identity = store.set_timestamp_url(identity.id, url)
        stamped = sign_with(
            make_signer(identity), make_jpeg(tmp_path / "a.jpg"), tmp_path / "s.jpg"
        )
        assert tsa.requests == 1
        plain = sign_with(
            make_signer(identity, use_timestamp=False),
            make_jpeg(tmp_path / "b.jpg"),
            tmp_path / "p.jpg",
        )
        assert tsa.requests == 1  # the user's choice: no timestamp, no request
        anchors = tmp_path / "tsa-root.pem"
        anchors.write_bytes(tsa.root_pem)
        report = read_file(stamped, load_profile("local", user_anchor_files=[anchors]))
    assert report.state is ValidationState.TRUSTED
    assert report.active is not None and report.active.signature is not None
    assert report.active.signature.time  # when it was signed, vouched for by the TSA
    assert {"timeStamp.validated", "timeStamp.trusted"} <= _codes(report, "success")
    unstamped = read_file(plain, load_profile("local"))
    assert unstamped.state is ValidationState.TRUSTED
    assert unstamped.active is not None and unstamped.active.signature is not None
    assert unstamped.active.signature.time is None


@pytest.mark.slow
@pytest.mark.allow_local_network
def test_only_a_trusted_timestamp_keeps_a_file_valid_after_the_certificate_expires(
    tmp_path: Path,
) -> None:
    """Why a local identity's certificate lasts 20 years: without a timestamp — or with one
    from a server the reader does not trust — a file reads invalid the moment its
    certificate expires. Here a certificate lives a few seconds."""
    chain = build_chain(expires_in=dt.timedelta(seconds=4))
    chain_path, key_path = chain.write(tmp_path)
    store = IdentityStore()
    identity = store.import_pem(chain_path, key_path)
    with running_tsa() as (tsa, url):
        identity = store.set_timestamp_url(identity.id, url)
        signer = make_signer(identity)
        stamped = sign_with(signer, make_jpeg(tmp_path / "a.jpg"), tmp_path / "s.jpg")
    signer = make_signer(identity, use_timestamp=False)
    plain = sign_with(signer, make_jpeg(tmp_path / "b.jpg"), tmp_path / "p.jpg")
    while dt.datetime.now(dt.UTC) <= chain.leaf.not_valid_after_utc + dt.timedelta(seconds=1):
        time.sleep(0.25)  # wait for the certificate to expire (not a timing assertion)
    root, tsa_root = tmp_path / "provider-root.pem", tmp_path / "tsa-root.pem"
    root.write_bytes(chain.root_pem)
    tsa_root.write_bytes(tsa.root_pem)
    provider_only = load_profile("none", user_anchor_files=[root])
    with_tsa = load_profile("none", user_anchor_files=[root, tsa_root])
    for path, profile in ((plain, provider_only), (plain, with_tsa), (stamped, provider_only)):
        expired = read_file(path, profile)
        assert expired.state is ValidationState.INVALID, (path.name, profile.sources)
        assert "signingCredential.expired" in {s.code for s in expired.failures}
    assert read_file(stamped, with_tsa).state is ValidationState.TRUSTED
    with pytest.raises(IdentityError, match="expired"):
        make_signer(identity, use_timestamp=False)  # and it can no longer sign
