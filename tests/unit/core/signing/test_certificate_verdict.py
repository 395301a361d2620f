"""The verdict comes from a real test signature read back with the app's trust settings:
Trusted only with the CA's root as an anchor, "not recognized" without, refused (with the
sentence) when readers would refuse the certificate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from app.core.reading.trust import NO_TRUST, TrustProfile, load_profile
from app.core.signing import pending_identities as pending_ids
from app.core.signing.certificate_request import CLAIM_SIGNING, RequestDetails
from app.core.signing.certificate_verdict import Outcome, judge
from app.core.signing.identity_store import IdentityStore
from tests.helpers.certificates import TestCA, pem_of


@pytest.fixture
def request_and_ca(tmp_path: Path) -> tuple[bytes, object, TestCA]:
    store = IdentityStore(tmp_path / "identities")
    pending, csr_pem = pending_ids.create_request(store, RequestDetails("Jane Doe", "Doe Photo"))
    return csr_pem, pending_ids.load_key(store, pending), TestCA.make("Acme Trust")


def anchors(tmp_path: Path, ca: TestCA) -> TrustProfile:
    root = tmp_path / "root.pem"
    root.write_bytes(ca.root_pem)
    return load_profile("none", user_anchor_files=[root])


def test_trusted_with_the_root_as_anchor_only(tmp_path: Path, request_and_ca) -> None:
    csr_pem, key, ca = request_and_ca
    chain = ca.chain_pem(ca.issue(csr_pem), with_root=False)
    trusted = judge(chain, key, anchors(tmp_path, ca))
    assert trusted.state == "Trusted" and trusted.can_sign
    assert trusted.outcome is Outcome.TRUSTED_HERE_ONLY
    assert "signer not recognized" in trusted.headline  # what others will see, said plainly
    unknown = judge(chain, key, NO_TRUST)
    assert unknown.outcome is Outcome.NOT_RECOGNIZED and unknown.state == "Valid"
    assert "signer not recognized" in unknown.headline
    assert any("Acme Trust" in reason for reason in unknown.reasons)


def test_a_chain_without_the_eku_is_refused_with_the_sentence(request_and_ca) -> None:
    csr_pem, key, ca = request_and_ca
    verdict = judge(ca.chain_pem(ca.issue(csr_pem, eku=[])), key, NO_TRUST)
    assert verdict.outcome is Outcome.REFUSED and not verdict.can_sign
    assert "cannot sign Content Credentials" in verdict.headline
    assert "has no extended key usage" in verdict.reasons[0]
    assert verdict.state == ""  # nothing was signed


def test_claim_signing_alone_is_refused(request_and_ca) -> None:
    csr_pem, key, ca = request_and_ca
    verdict = judge(ca.chain_pem(ca.issue(csr_pem, eku=[CLAIM_SIGNING])), key, NO_TRUST)
    assert verdict.outcome is Outcome.REFUSED
    assert "also allows emailProtection" in verdict.reasons[0]


def test_a_leaf_alone_is_told_to_add_the_intermediate(tmp_path: Path, request_and_ca) -> None:
    csr_pem, key, ca = request_and_ca
    verdict = judge(pem_of(ca.issue(csr_pem)), key, anchors(tmp_path, ca))
    assert verdict.outcome is Outcome.NOT_RECOGNIZED  # the root alone cannot vouch for it
    assert any("intermediate" in reason for reason in verdict.reasons)


def test_an_email_only_certificate_is_told_about_claim_signing(request_and_ca) -> None:
    csr_pem, key, ca = request_and_ca
    leaf = ca.issue(csr_pem, eku=[ExtendedKeyUsageOID.EMAIL_PROTECTION])
    verdict = judge(ca.chain_pem(leaf), key, NO_TRUST)
    assert verdict.can_sign
    assert any("claim-signing purpose" in reason for reason in verdict.reasons)


@dataclass(frozen=True)
class _ListedProfile(TrustProfile):
    """A profile that names which list vouches (as the public-lists profile does)."""

    source: str = ""

    def trust_source(self, chain: Sequence[x509.Certificate]) -> str | None:
        return self.source


@pytest.mark.parametrize(
    ("source", "outcome", "words"),
    [
        ("c2pa_trust_list", Outcome.TRUSTED_C2PA_LIST, "on the C2PA Trust List"),
        ("interim_trust_list", Outcome.TRUSTED_INTERIM_LIST, "interim trust list"),
        ("user_anchor", Outcome.TRUSTED_HERE_ONLY, "added by hand as a trust anchor"),
    ],
)
def test_the_list_that_vouches_is_named(
    tmp_path: Path, request_and_ca, source: str, outcome: Outcome, words: str
) -> None:
    # The signature and the reading are real; only which list vouches is the profile's say.
    csr_pem, key, ca = request_and_ca
    base = anchors(tmp_path, ca)
    profile = _ListedProfile(base.name, base.description, base.anchors_pem, source=source)
    verdict = judge(ca.chain_pem(ca.issue(csr_pem)), key, profile)
    assert verdict.outcome is outcome and verdict.trust_source == source
    assert words in verdict.headline
