"""Every status code a user can meet has a plain explanation."""

from __future__ import annotations

import pytest

from app.core.reading.explanations import explain, is_known, known_codes
from tests.conftest import corpus_records

# The codes of c2pa-rs 0.91.3's `validation_codes` list (sdk/src/validation_results.rs).
C2PA_RS_CODES = [
    "claimSignature.validated",
    "claimSignature.insideValidity",
    "signingCredential.trusted",
    "signingCredential.ocsp.notRevoked",
    "timeStamp.validated",
    "timeStamp.trusted",
    "assertion.hashedURI.match",
    "assertion.dataHash.match",
    "assertion.dataHash.additionalExclusionsPresent",
    "assertion.bmffHash.match",
    "assertion.boxesHash.match",
    "assertion.collectionHash.match",
    "assertion.accessible",
    "ingredient.manifest.validated",
    "ingredient.unknownProvenance",
    "ingredient.claimSignature.validated",
    "signingCredential.ocsp.skipped",
    "signingCredential.ocsp.inaccessible",
    "timeStamp.mismatch",
    "timeStamp.malformed",
    "timeStamp.outsideValidity",
    "timeStamp.untrusted",
    "manifest.unknownProvenance",
    "manifest.unreferenced",
    "algorithm.deprecated",
    "timeOfSigning.insideValidity",
    "claim.malformed",
    "claim.missing",
    "claim.multiple",
    "claim.hardBindings.missing",
    "assertion.multipleHardBindings",
    "claim.required.missing",
    "claim.cbor.invalid",
    "ingredient.hashedURI.mismatch",
    "claimSignature.missing",
    "claimSignature.mismatch",
    "manifest.inaccessible",
    "manifest.multipleParents",
    "manifest.update.invalid",
    "manifest.update.wrongParents",
    "signingCredential.untrusted",
    "signingCredential.invalid",
    "signingCredential.ocsp.revoked",
    "signingCredential.expired",
    "assertion.hashedURI.mismatch",
    "assertion.missing",
    "assertion.undeclared",
    "assertion.inaccessible",
    "assertion.notRedacted",
    "assertion.selfRedacted",
    "assertion.required.missing",
    "assertion.json.invalid",
    "assertion.cbor.invalid",
    "assertion.action.ingredientMismatch",
    "assertion.action.redacted",
    "assertion.dataHash.mismatch",
    "assertion.bmffHash.mismatch",
    "assertion.boxesHash.mismatch",
    "assertion.boxesHash.unknownBox",
    "assertion.cloud-data.hardBinding",
    "assertion.cloud-data.actions",
    "algorithm.unsupported",
    "general.error",
    "claimSignature.outsideValidity",
    "manifest.timestamp.invalid",
    "manifest.timestamp.wrongParents",
    "manifest.compressed.invalid",
    "signingCredential.ocsp.unknown",
    "assertion.outsideManifest",
    "assertion.action.malformed",
    "assertion.action.redactionMismatch",
    "assertion.dataHash.malformed",
    "assertion.dataHash.redacted",
    "assertion.bmffHash.malformed",
    "assertion.boxesHash.malformed",
    "assertion.cloud-data.malformed",
    "assertion.collectionHash.mismatch",
    "assertion.collectionHash.incorrectFileCount",
    "assertion.collectionHash.invalidURI",
    "assertion.collectionHash.malformed",
    "assertion.ingredient.malformed",
    "assertion.metadata.disallowed",
    "ingredient.manifest.missing",
    "ingredient.manifest.mismatch",
    "ingredient.claimSignature.missing",
    "ingredient.claimSignature.mismatch",
    "hashedURI.missing",
    "hashedURI.mismatch",
    "assertion.timestamp.malformed",
    "com.adobe.prerelease",
]


def _corpus_codes() -> set[str]:
    codes: set[str] = set()
    for record in corpus_records():
        for values in (record.get("status_codes") or {}).values():
            codes.update(values)
        for key in ("validation_status_codes", "failure_codes_test_anchors"):
            codes.update(record.get(key) or [])
        codes.update(record.get("failure_codes_standalone") or [])
        for pair in record.get("sidecar_for") or []:
            codes.update(pair.get("failure_codes") or [])
            codes.update(pair.get("failure_codes_test_anchors") or [])
    return codes


@pytest.mark.parametrize("code", C2PA_RS_CODES)
def test_every_library_code_is_explained(code: str) -> None:
    assert is_known(code)
    sentence, _ = explain(code)
    assert sentence.endswith(".") and len(sentence) < 160


@pytest.mark.corpus
def test_every_corpus_code_is_explained(corpus) -> None:
    codes = _corpus_codes()
    assert codes, "corpus.json lists status codes"
    assert sorted(c for c in codes if not is_known(c)) == []


def test_failures_say_what_to_do() -> None:
    for code in ("assertion.dataHash.mismatch", "signingCredential.untrusted"):
        assert explain(code)[1]


def test_unknown_codes_fall_back_by_family() -> None:
    sentence, todo = explain("signingCredential.somethingNew")
    assert "signer's certificate" in sentence and "somethingNew" in sentence and todo
    assert "x.y.z" in explain("x.y.z")[0]
    assert "x.y.z" not in known_codes()
