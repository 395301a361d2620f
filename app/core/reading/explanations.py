"""Plain-language explanations of C2PA validation status codes.

Every code seen in the shared corpus and every code in c2pa-rs's validation status list
(`validation_results::validation_codes`) has one sentence a non-expert understands and
what they can do about it. `explain` never fails: unknown codes get a sentence built from
their family (`assertion.`, `signingCredential.` ...).
"""

from __future__ import annotations

# What people can do, shared by many codes.
_NOTHING = ""
_TAMPERED = (
    "Treat the content as changed since it was signed; ask the source for the original file."
)
_ASK_SIGNER = "Ask whoever signed the file to sign it again with a current, valid certificate."
_REEXPORT = "Ask the source for a fresh copy exported by the original app."
_ADD_TRUST = (
    "If you know and trust this signer, add their root certificate as a trust anchor "
    "(--trust-anchors); otherwise judge the file by who says they signed it."
)
_ONLINE = "Check it with an online verifier such as contentcredentials.org/verify."

_EXPLANATIONS: dict[str, tuple[str, str]] = {
    # -- success --
    "claimSignature.validated": ("The digital signature on the credentials is intact.", _NOTHING),
    "claimSignature.insideValidity": (
        "The signer's certificate was valid when the file was signed.",
        _NOTHING,
    ),
    "signingCredential.trusted": (
        "The signer's certificate comes from an organisation on your trust list.",
        _NOTHING,
    ),
    "signingCredential.ocsp.notRevoked": (
        "The certificate authority confirmed the signer's certificate had not been revoked.",
        _NOTHING,
    ),
    "timeStamp.validated": (
        "A time-stamp service confirmed when the file was signed.",
        _NOTHING,
    ),
    "timeStamp.trusted": ("The time-stamp comes from a recognised time-stamp service.", _NOTHING),
    "assertion.hashedURI.match": (
        "A piece of the credentials matches the fingerprint the signer recorded.",
        _NOTHING,
    ),
    "assertion.dataHash.match": (
        "The picture or sound data is exactly what was signed.",
        _NOTHING,
    ),
    "assertion.bmffHash.match": ("The video or audio data is exactly what was signed.", _NOTHING),
    "assertion.boxesHash.match": ("The file's data is exactly what was signed.", _NOTHING),
    "assertion.collectionHash.match": (
        "Every file in the signed collection is unchanged.",
        _NOTHING,
    ),
    "assertion.accessible": ("Credentials stored elsewhere could be fetched.", _NOTHING),
    "ingredient.manifest.validated": (
        "The credentials of an earlier version (ingredient) are intact.",
        _NOTHING,
    ),
    "ingredient.claimSignature.validated": (
        "The signature of an earlier version (ingredient) is intact.",
        _NOTHING,
    ),
    "ingredient.unknownProvenance": (
        "An earlier version (ingredient) had no Content Credentials of its own.",
        "Nothing is wrong; its history before this step is simply not recorded.",
    ),
    # -- informational --
    "signingCredential.ocsp.skipped": (
        "The certificate was not checked online for revocation (CredLabel never goes online).",
        _ONLINE,
    ),
    "signingCredential.ocsp.inaccessible": (
        "The online revocation check for the certificate could not be reached.",
        "Try again when online, or use an online verifier.",
    ),
    "timeStamp.mismatch": (
        "The time-stamp does not match the credentials, so the signing time cannot be relied on.",
        _ASK_SIGNER,
    ),
    "timeStamp.malformed": (
        "The time-stamp is damaged, so the signing time cannot be relied on.",
        _ASK_SIGNER,
    ),
    "timeStamp.outsideValidity": (
        "The time-stamp lies outside the period its certificates were valid.",
        _ASK_SIGNER,
    ),
    "timeStamp.untrusted": (
        "The time-stamp comes from a service not on your trust list.",
        "The signing time is probably right, but it is not independently confirmed.",
    ),
    "manifest.unknownProvenance": (
        "These credentials use a format this version of the reader does not understand.",
        "Update CredLabel, or check the file with an online verifier.",
    ),
    "manifest.unreferenced": (
        "The file carries credentials that no part of its history refers to.",
        "Usually harmless; the extra credentials are ignored.",
    ),
    "algorithm.deprecated": (
        "The signature uses an old algorithm that is no longer recommended.",
        "Future tools may stop accepting it; ask the signer to re-sign with a modern one.",
    ),
    "timeOfSigning.insideValidity": (
        "The signing time falls inside the signer certificate's validity period.",
        _NOTHING,
    ),
    "assertion.dataHash.additionalExclusionsPresent": (
        "The signer excluded extra parts of the file from the fingerprint.",
        "Usually harmless, but those parts could change without breaking the signature.",
    ),
    "assertion.bmffHash.additionalExclusionsPresent": (
        "The signer excluded extra parts of the video from the fingerprint.",
        "Usually harmless, but those parts could change without breaking the signature.",
    ),
    # -- failure: signature and certificate --
    "signingCredential.untrusted": (
        "The signature is correct, but the signer is not on your trust list.",
        _ADD_TRUST,
    ),
    "signingCredential.invalid": (
        "The signer's certificate is not allowed to sign Content Credentials or is broken.",
        _ASK_SIGNER,
    ),
    "signingCredential.ocsp.revoked": (
        "The signer's certificate has been revoked by its issuer.",
        "Do not rely on these credentials; the signer's key may have been misused.",
    ),
    "signingCredential.ocsp.unknown": (
        "The revocation service did not know the signer's certificate.",
        _ONLINE,
    ),
    "signingCredential.expired": (
        "The signer's certificate had expired and there is no time-stamp proving the file "
        "was signed before that.",
        _ASK_SIGNER,
    ),
    "claimSignature.missing": ("The credentials are missing their signature.", _REEXPORT),
    "claimSignature.mismatch": (
        "The signature does not match the credentials: they were altered after signing.",
        _TAMPERED,
    ),
    "claimSignature.outsideValidity": (
        "The file was signed outside the period the signer's certificate was valid.",
        _ASK_SIGNER,
    ),
    "algorithm.unsupported": (
        "The credentials use a signing or hashing method this reader does not support.",
        "Check the file with an online verifier or a newer CredLabel.",
    ),
    # -- failure: claim and manifest structure --
    "claim.malformed": ("The credentials are damaged and cannot be interpreted.", _REEXPORT),
    "claim.missing": ("Part of the credentials' history is missing.", _REEXPORT),
    "claim.multiple": ("The credentials contain two conflicting claims.", _REEXPORT),
    "claim.hardBindings.missing": (
        "The credentials are not tied to this file's content, so they prove nothing about it.",
        _REEXPORT,
    ),
    "claim.required.missing": ("The credentials lack a required field.", _REEXPORT),
    "claim.cbor.invalid": ("The credentials are damaged and cannot be decoded.", _REEXPORT),
    "manifest.inaccessible": (
        "The credentials are stored online and could not be fetched.",
        _ONLINE,
    ),
    "manifest.multipleParents": (
        "The credentials name more than one parent file, which is not allowed.",
        _REEXPORT,
    ),
    "manifest.update.invalid": (
        "An update to the credentials changed things an update may not change.",
        _TAMPERED,
    ),
    "manifest.update.wrongParents": (
        "An update to the credentials does not point to exactly one earlier version.",
        _REEXPORT,
    ),
    "manifest.timestamp.invalid": (
        "A time-stamp record in the credentials contains things it may not contain.",
        _REEXPORT,
    ),
    "manifest.timestamp.wrongParents": (
        "A time-stamp record does not point to exactly one earlier version.",
        _REEXPORT,
    ),
    "manifest.compressed.invalid": (
        "The compressed credentials are damaged.",
        _REEXPORT,
    ),
    # -- failure: assertions --
    "assertion.hashedURI.mismatch": (
        "A statement inside the credentials was changed after signing.",
        _TAMPERED,
    ),
    "assertion.missing": ("A statement the credentials refer to is missing.", _TAMPERED),
    "assertion.undeclared": (
        "The credentials contain a statement the signer never declared.",
        _TAMPERED,
    ),
    "assertion.inaccessible": (
        "A statement stored outside the file could not be fetched.",
        _ONLINE,
    ),
    "assertion.notRedacted": (
        "A statement marked as removed is still present.",
        _REEXPORT,
    ),
    "assertion.selfRedacted": (
        "The credentials remove one of their own statements, which is not allowed.",
        _REEXPORT,
    ),
    "assertion.outsideManifest": (
        "A statement is referenced from outside its own credentials.",
        _REEXPORT,
    ),
    "assertion.required.missing": (
        "A statement in the credentials is damaged or lacks a required field.",
        _REEXPORT,
    ),
    "assertion.json.invalid": ("A statement in the credentials is damaged (bad JSON).", _REEXPORT),
    "assertion.cbor.invalid": ("A statement in the credentials is damaged (bad CBOR).", _REEXPORT),
    "assertion.multipleHardBindings": (
        "The credentials tie themselves to the content in two conflicting ways.",
        _REEXPORT,
    ),
    "assertion.action.ingredientMismatch": (
        "An edit in the history refers to a source file that is not recorded.",
        _REEXPORT,
    ),
    "assertion.action.malformed": (
        "The list of edits is malformed (it must start with created or opened).",
        _REEXPORT,
    ),
    "assertion.action.redacted": (
        "The list of edits was removed, which is not allowed.",
        _REEXPORT,
    ),
    "assertion.action.redactionMismatch": (
        "An edit says something was removed, but the removal is not recorded.",
        _REEXPORT,
    ),
    "assertion.dataHash.mismatch": (
        "The picture or sound data changed after it was signed.",
        _TAMPERED,
    ),
    "assertion.dataHash.malformed": ("The content fingerprint is damaged.", _REEXPORT),
    "assertion.dataHash.redacted": (
        "The content fingerprint was removed, so the content cannot be checked.",
        _TAMPERED,
    ),
    "assertion.bmffHash.mismatch": (
        "The video or audio data changed after it was signed.",
        _TAMPERED,
    ),
    "assertion.bmffHash.malformed": ("The video fingerprint is damaged.", _REEXPORT),
    "assertion.boxesHash.mismatch": ("The file's data changed after it was signed.", _TAMPERED),
    "assertion.boxesHash.unknownBox": (
        "The file contains a part that was not there when it was signed.",
        _TAMPERED,
    ),
    "assertion.boxesHash.malformed": ("The file's fingerprint is damaged.", _REEXPORT),
    "assertion.cloud-data.hardBinding": (
        "The content fingerprint is stored online, which is not allowed.",
        _REEXPORT,
    ),
    "assertion.cloud-data.actions": (
        "An update refers to an online list of edits, which is not allowed.",
        _REEXPORT,
    ),
    "assertion.cloud-data.malformed": ("A statement stored online is incomplete.", _REEXPORT),
    "assertion.collectionHash.mismatch": (
        "A file in the signed collection changed after signing.",
        _TAMPERED,
    ),
    "assertion.collectionHash.incorrectFileCount": (
        "A file listed in the signed collection is missing.",
        "Put the missing file back beside the others.",
    ),
    "assertion.collectionHash.invalidURI": (
        "The signed collection names a file with an unsafe path.",
        _REEXPORT,
    ),
    "assertion.collectionHash.malformed": ("The collection fingerprint is incomplete.", _REEXPORT),
    "assertion.ingredient.malformed": (
        "The record of an earlier version (ingredient) is incomplete.",
        _REEXPORT,
    ),
    "assertion.metadata.disallowed": (
        "The credentials' metadata contains a field that is not allowed.",
        _REEXPORT,
    ),
    "assertion.timestamp.malformed": ("A time-stamp statement is damaged.", _REEXPORT),
    # -- failure: ingredients and links --
    "ingredient.hashedURI.mismatch": (
        "The credentials of an earlier version were changed after they were recorded.",
        _TAMPERED,
    ),
    "ingredient.manifest.missing": (
        "The credentials of an earlier version (ingredient) are missing from the file.",
        "The history before that step cannot be checked; ask for the original file.",
    ),
    "ingredient.manifest.mismatch": (
        "The credentials of an earlier version do not match what was recorded.",
        _TAMPERED,
    ),
    "ingredient.claimSignature.missing": (
        "The signature of an earlier version (ingredient) is missing.",
        _REEXPORT,
    ),
    "ingredient.claimSignature.mismatch": (
        "The signature of an earlier version does not match what was recorded.",
        _TAMPERED,
    ),
    "hashedURI.missing": ("Something the credentials point to cannot be found.", _REEXPORT),
    "hashedURI.mismatch": (
        "Something the credentials point to was changed after signing.",
        _TAMPERED,
    ),
    "general.error": ("The credentials could not be checked because of an error.", _ONLINE),
    "com.adobe.prerelease": (
        "The credentials were made by pre-release software and cannot be checked.",
        "Ask the source for a copy made with a released version.",
    ),
    # -- CAWG identity assertions --
    "cawg.identity.well-formed": ("The creator's identity statement is well formed.", _NOTHING),
    "cawg.identity.trusted": (
        "The creator's identity was confirmed by a trusted issuer.",
        _NOTHING,
    ),
    "cawg.ica.credential_valid": (
        "The creator's identity credential is valid.",
        _NOTHING,
    ),
    # CredLabel never goes online while reading, so an identity whose issuer is named by a
    # web address (`did:web`) always ends here: say so, and that the file is not changed.
    "cawg.ica.did_unavailable": (
        "The creator's identity could not be checked offline: confirming it needs the "
        "issuer's website, and CredLabel never goes online while reading a file. This alone "
        "does not mean the file was changed.",
        "Treat the named identity as unconfirmed for now; to confirm it, check the file with "
        "an online verifier such as contentcredentials.org/verify.",
    ),
    "cawg.ica.untrusted_issuer": (
        "The creator's identity was vouched for by an issuer not on your trust list.",
        "Treat the named identity as a claim, not a confirmed fact.",
    ),
    "cawg.ica.invalid_issuer": (
        "The creator's identity credential names an unusable issuer.",
        "Treat the named identity as unconfirmed.",
    ),
    "cawg.ica.signature_mismatch": (
        "The creator's identity credential was altered after it was issued.",
        _TAMPERED,
    ),
    "cawg.identity.cbor.invalid": (
        "The creator's identity statement is damaged.",
        "Treat the named identity as unconfirmed.",
    ),
    "cawg.identity.sig_type.unknown": (
        "The creator's identity statement uses a kind of proof this reader does not know.",
        "Treat the named identity as unconfirmed.",
    ),
}

_FAMILIES: tuple[tuple[str, str], ...] = (
    ("cawg.", "A check of the creator's identity statement reported this."),
    ("signingCredential.", "A check of the signer's certificate reported this."),
    ("claimSignature.", "A check of the digital signature reported this."),
    ("timeStamp.", "A check of the signing time reported this."),
    ("ingredient.", "A check of an earlier version (ingredient) reported this."),
    ("assertion.", "A check of a statement inside the credentials reported this."),
    ("manifest.", "A check of the credentials' structure reported this."),
    ("claim.", "A check of the credentials' structure reported this."),
)


def is_known(code: str) -> bool:
    """True when `code` has its own explanation (not the family fallback)."""
    return code in _EXPLANATIONS


def known_codes() -> frozenset[str]:
    return frozenset(_EXPLANATIONS)


def explain(code: str) -> tuple[str, str]:
    """(one plain sentence, what the user can do) for a validation status code."""
    if code in _EXPLANATIONS:
        return _EXPLANATIONS[code]
    for prefix, sentence in _FAMILIES:
        if code.startswith(prefix):
            return (f"{sentence} (code {code})", _ONLINE)
    return (f"The reader reported a check we cannot describe yet (code {code}).", _ONLINE)
