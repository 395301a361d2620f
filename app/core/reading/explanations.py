"""Plain-language explanations of C2PA validation status codes.

Every code seen in the shared corpus and every code in c2pa-rs's validation status list
(`validation_results::validation_codes`) has one sentence a non-expert understands and
what they can do about it. `explain` never fails: unknown codes get a sentence built from
their family (`assertion.`, `signingCredential.` ...).
"""

from __future__ import annotations

from app.core.i18n import N_, _

# The tables are marked with N_() because they are built at import time, before the language
# is chosen; explain() translates them each time it is asked.

# What people can do, shared by many codes.
_NOTHING = ""
_TAMPERED = N_(
    "Treat the content as changed since it was signed; ask the source for the original file."
)
_ASK_SIGNER = N_("Ask whoever signed the file to sign it again with a current, valid certificate.")
_REEXPORT = N_("Ask the source for a fresh copy exported by the original app.")
_ADD_TRUST = N_(
    "If you know and trust this signer, add their root certificate as a trust anchor "
    "(--trust-anchors); otherwise judge the file by who says they signed it."
)
_ONLINE = N_("Check it with an online verifier such as contentcredentials.org/verify.")

_EXPLANATIONS: dict[str, tuple[str, str]] = {
    # -- success --
    "claimSignature.validated": (
        N_("The digital signature on the credentials is intact."),
        _NOTHING,
    ),
    "claimSignature.insideValidity": (
        N_("The signer's certificate was valid when the file was signed."),
        _NOTHING,
    ),
    "signingCredential.trusted": (
        N_("The signer's certificate comes from an organisation on your trust list."),
        _NOTHING,
    ),
    "signingCredential.ocsp.notRevoked": (
        N_("The certificate authority confirmed the signer's certificate had not been revoked."),
        _NOTHING,
    ),
    "timeStamp.validated": (
        N_("A time-stamp service confirmed when the file was signed."),
        _NOTHING,
    ),
    "timeStamp.trusted": (
        N_("The time-stamp comes from a recognised time-stamp service."),
        _NOTHING,
    ),
    "assertion.hashedURI.match": (
        N_("A piece of the credentials matches the fingerprint the signer recorded."),
        _NOTHING,
    ),
    "assertion.dataHash.match": (
        N_("The picture or sound data is exactly what was signed."),
        _NOTHING,
    ),
    "assertion.bmffHash.match": (
        N_("The video or audio data is exactly what was signed."),
        _NOTHING,
    ),
    "assertion.boxesHash.match": (N_("The file's data is exactly what was signed."), _NOTHING),
    "assertion.collectionHash.match": (
        N_("Every file in the signed collection is unchanged."),
        _NOTHING,
    ),
    "assertion.accessible": (N_("Credentials stored elsewhere could be fetched."), _NOTHING),
    "ingredient.manifest.validated": (
        N_("The credentials of an earlier version (ingredient) are intact."),
        _NOTHING,
    ),
    "ingredient.claimSignature.validated": (
        N_("The signature of an earlier version (ingredient) is intact."),
        _NOTHING,
    ),
    "ingredient.unknownProvenance": (
        N_("An earlier version (ingredient) had no Content Credentials of its own."),
        N_("Nothing is wrong; its history before this step is simply not recorded."),
    ),
    # -- informational --
    "signingCredential.ocsp.skipped": (
        N_("The certificate was not checked online for revocation (CredLabel never goes online)."),
        _ONLINE,
    ),
    "signingCredential.ocsp.inaccessible": (
        N_("The online revocation check for the certificate could not be reached."),
        N_("Try again when online, or use an online verifier."),
    ),
    "timeStamp.mismatch": (
        N_(
            "The time-stamp does not match the credentials, so the signing time cannot be "
            "relied on."
        ),
        _ASK_SIGNER,
    ),
    "timeStamp.malformed": (
        N_("The time-stamp is damaged, so the signing time cannot be relied on."),
        _ASK_SIGNER,
    ),
    "timeStamp.outsideValidity": (
        N_("The time-stamp lies outside the period its certificates were valid."),
        _ASK_SIGNER,
    ),
    "timeStamp.untrusted": (
        N_("The time-stamp comes from a service not on your trust list."),
        N_("The signing time is probably right, but it is not independently confirmed."),
    ),
    "manifest.unknownProvenance": (
        N_("These credentials use a format this version of the reader does not understand."),
        N_("Update CredLabel, or check the file with an online verifier."),
    ),
    "manifest.unreferenced": (
        N_("The file carries credentials that no part of its history refers to."),
        N_("Usually harmless; the extra credentials are ignored."),
    ),
    "algorithm.deprecated": (
        N_("The signature uses an old algorithm that is no longer recommended."),
        N_("Future tools may stop accepting it; ask the signer to re-sign with a modern one."),
    ),
    "timeOfSigning.insideValidity": (
        N_("The signing time falls inside the signer certificate's validity period."),
        _NOTHING,
    ),
    "assertion.dataHash.additionalExclusionsPresent": (
        N_("The signer excluded extra parts of the file from the fingerprint."),
        N_("Usually harmless, but those parts could change without breaking the signature."),
    ),
    "assertion.bmffHash.additionalExclusionsPresent": (
        N_("The signer excluded extra parts of the video from the fingerprint."),
        N_("Usually harmless, but those parts could change without breaking the signature."),
    ),
    # -- failure: signature and certificate --
    "signingCredential.untrusted": (
        N_("The signature is correct, but the signer is not on your trust list."),
        _ADD_TRUST,
    ),
    "signingCredential.invalid": (
        N_("The signer's certificate is not allowed to sign Content Credentials or is broken."),
        _ASK_SIGNER,
    ),
    "signingCredential.ocsp.revoked": (
        N_("The signer's certificate has been revoked by its issuer."),
        N_("Do not rely on these credentials; the signer's key may have been misused."),
    ),
    "signingCredential.ocsp.unknown": (
        N_("The revocation service did not know the signer's certificate."),
        _ONLINE,
    ),
    "signingCredential.expired": (
        N_(
            "The signer's certificate had expired and there is no time-stamp proving the file "
            "was signed before that."
        ),
        _ASK_SIGNER,
    ),
    "claimSignature.missing": (N_("The credentials are missing their signature."), _REEXPORT),
    "claimSignature.mismatch": (
        N_("The signature does not match the credentials: they were altered after signing."),
        _TAMPERED,
    ),
    "claimSignature.outsideValidity": (
        N_("The file was signed outside the period the signer's certificate was valid."),
        _ASK_SIGNER,
    ),
    "algorithm.unsupported": (
        N_("The credentials use a signing or hashing method this reader does not support."),
        N_("Check the file with an online verifier or a newer CredLabel."),
    ),
    # -- failure: claim and manifest structure --
    "claim.malformed": (N_("The credentials are damaged and cannot be interpreted."), _REEXPORT),
    "claim.missing": (N_("Part of the credentials' history is missing."), _REEXPORT),
    "claim.multiple": (N_("The credentials contain two conflicting claims."), _REEXPORT),
    "claim.hardBindings.missing": (
        N_("The credentials are not tied to this file's content, so they prove nothing about it."),
        _REEXPORT,
    ),
    "claim.required.missing": (N_("The credentials lack a required field."), _REEXPORT),
    "claim.cbor.invalid": (N_("The credentials are damaged and cannot be decoded."), _REEXPORT),
    "manifest.inaccessible": (
        N_("The credentials are stored online and could not be fetched."),
        _ONLINE,
    ),
    "manifest.multipleParents": (
        N_("The credentials name more than one parent file, which is not allowed."),
        _REEXPORT,
    ),
    "manifest.update.invalid": (
        N_("An update to the credentials changed things an update may not change."),
        _TAMPERED,
    ),
    "manifest.update.wrongParents": (
        N_("An update to the credentials does not point to exactly one earlier version."),
        _REEXPORT,
    ),
    "manifest.timestamp.invalid": (
        N_("A time-stamp record in the credentials contains things it may not contain."),
        _REEXPORT,
    ),
    "manifest.timestamp.wrongParents": (
        N_("A time-stamp record does not point to exactly one earlier version."),
        _REEXPORT,
    ),
    "manifest.compressed.invalid": (
        N_("The compressed credentials are damaged."),
        _REEXPORT,
    ),
    # -- failure: assertions --
    "assertion.hashedURI.mismatch": (
        N_("A statement inside the credentials was changed after signing."),
        _TAMPERED,
    ),
    "assertion.missing": (N_("A statement the credentials refer to is missing."), _TAMPERED),
    "assertion.undeclared": (
        N_("The credentials contain a statement the signer never declared."),
        _TAMPERED,
    ),
    "assertion.inaccessible": (
        N_("A statement stored outside the file could not be fetched."),
        _ONLINE,
    ),
    "assertion.notRedacted": (
        N_("A statement marked as removed is still present."),
        _REEXPORT,
    ),
    "assertion.selfRedacted": (
        N_("The credentials remove one of their own statements, which is not allowed."),
        _REEXPORT,
    ),
    "assertion.outsideManifest": (
        N_("A statement is referenced from outside its own credentials."),
        _REEXPORT,
    ),
    "assertion.required.missing": (
        N_("A statement in the credentials is damaged or lacks a required field."),
        _REEXPORT,
    ),
    "assertion.json.invalid": (
        N_("A statement in the credentials is damaged (bad JSON)."),
        _REEXPORT,
    ),
    "assertion.cbor.invalid": (
        N_("A statement in the credentials is damaged (bad CBOR)."),
        _REEXPORT,
    ),
    "assertion.multipleHardBindings": (
        N_("The credentials tie themselves to the content in two conflicting ways."),
        _REEXPORT,
    ),
    "assertion.action.ingredientMismatch": (
        N_("An edit in the history refers to a source file that is not recorded."),
        _REEXPORT,
    ),
    "assertion.action.malformed": (
        N_("The list of edits is malformed (it must start with created or opened)."),
        _REEXPORT,
    ),
    "assertion.action.redacted": (
        N_("The list of edits was removed, which is not allowed."),
        _REEXPORT,
    ),
    "assertion.action.redactionMismatch": (
        N_("An edit says something was removed, but the removal is not recorded."),
        _REEXPORT,
    ),
    "assertion.dataHash.mismatch": (
        N_("The picture or sound data changed after it was signed."),
        _TAMPERED,
    ),
    "assertion.dataHash.malformed": (N_("The content fingerprint is damaged."), _REEXPORT),
    "assertion.dataHash.redacted": (
        N_("The content fingerprint was removed, so the content cannot be checked."),
        _TAMPERED,
    ),
    "assertion.bmffHash.mismatch": (
        N_("The video or audio data changed after it was signed."),
        _TAMPERED,
    ),
    "assertion.bmffHash.malformed": (N_("The video fingerprint is damaged."), _REEXPORT),
    "assertion.boxesHash.mismatch": (N_("The file's data changed after it was signed."), _TAMPERED),
    "assertion.boxesHash.unknownBox": (
        N_("The file contains a part that was not there when it was signed."),
        _TAMPERED,
    ),
    "assertion.boxesHash.malformed": (N_("The file's fingerprint is damaged."), _REEXPORT),
    "assertion.cloud-data.hardBinding": (
        N_("The content fingerprint is stored online, which is not allowed."),
        _REEXPORT,
    ),
    "assertion.cloud-data.actions": (
        N_("An update refers to an online list of edits, which is not allowed."),
        _REEXPORT,
    ),
    "assertion.cloud-data.malformed": (N_("A statement stored online is incomplete."), _REEXPORT),
    "assertion.collectionHash.mismatch": (
        N_("A file in the signed collection changed after signing."),
        _TAMPERED,
    ),
    "assertion.collectionHash.incorrectFileCount": (
        N_("A file listed in the signed collection is missing."),
        N_("Put the missing file back beside the others."),
    ),
    "assertion.collectionHash.invalidURI": (
        N_("The signed collection names a file with an unsafe path."),
        _REEXPORT,
    ),
    "assertion.collectionHash.malformed": (
        N_("The collection fingerprint is incomplete."),
        _REEXPORT,
    ),
    "assertion.ingredient.malformed": (
        N_("The record of an earlier version (ingredient) is incomplete."),
        _REEXPORT,
    ),
    "assertion.metadata.disallowed": (
        N_("The credentials' metadata contains a field that is not allowed."),
        _REEXPORT,
    ),
    "assertion.timestamp.malformed": (N_("A time-stamp statement is damaged."), _REEXPORT),
    # -- failure: ingredients and links --
    "ingredient.hashedURI.mismatch": (
        N_("The credentials of an earlier version were changed after they were recorded."),
        _TAMPERED,
    ),
    "ingredient.manifest.missing": (
        N_("The credentials of an earlier version (ingredient) are missing from the file."),
        N_("The history before that step cannot be checked; ask for the original file."),
    ),
    "ingredient.manifest.mismatch": (
        N_("The credentials of an earlier version do not match what was recorded."),
        _TAMPERED,
    ),
    "ingredient.claimSignature.missing": (
        N_("The signature of an earlier version (ingredient) is missing."),
        _REEXPORT,
    ),
    "ingredient.claimSignature.mismatch": (
        N_("The signature of an earlier version does not match what was recorded."),
        _TAMPERED,
    ),
    "hashedURI.missing": (N_("Something the credentials point to cannot be found."), _REEXPORT),
    "hashedURI.mismatch": (
        N_("Something the credentials point to was changed after signing."),
        _TAMPERED,
    ),
    "general.error": (N_("The credentials could not be checked because of an error."), _ONLINE),
    "com.adobe.prerelease": (
        N_("The credentials were made by pre-release software and cannot be checked."),
        N_("Ask the source for a copy made with a released version."),
    ),
    # -- CAWG identity assertions --
    "cawg.identity.well-formed": (N_("The creator's identity statement is well formed."), _NOTHING),
    "cawg.identity.trusted": (
        N_("The creator's identity was confirmed by a trusted issuer."),
        _NOTHING,
    ),
    "cawg.ica.credential_valid": (
        N_("The creator's identity credential is valid."),
        _NOTHING,
    ),
    # CredLabel never goes online while reading, so an identity whose issuer is named by a
    # web address (`did:web`) always ends here: say so, and that the file is not changed.
    "cawg.ica.did_unavailable": (
        N_(
            "The creator's identity could not be checked offline: confirming it needs the "
            "issuer's website, and CredLabel never goes online while reading a file. This alone "
            "does not mean the file was changed."
        ),
        N_(
            "Treat the named identity as unconfirmed for now; to confirm it, check the file with "
            "an online verifier such as contentcredentials.org/verify."
        ),
    ),
    "cawg.ica.untrusted_issuer": (
        N_("The creator's identity was vouched for by an issuer not on your trust list."),
        N_("Treat the named identity as a claim, not a confirmed fact."),
    ),
    "cawg.ica.invalid_issuer": (
        N_("The creator's identity credential names an unusable issuer."),
        N_("Treat the named identity as unconfirmed."),
    ),
    "cawg.ica.signature_mismatch": (
        N_("The creator's identity credential was altered after it was issued."),
        _TAMPERED,
    ),
    "cawg.identity.cbor.invalid": (
        N_("The creator's identity statement is damaged."),
        N_("Treat the named identity as unconfirmed."),
    ),
    "cawg.identity.sig_type.unknown": (
        N_("The creator's identity statement uses a kind of proof this reader does not know."),
        N_("Treat the named identity as unconfirmed."),
    ),
}

_FAMILIES: tuple[tuple[str, str], ...] = (
    ("cawg.", N_("A check of the creator's identity statement reported this.")),
    ("signingCredential.", N_("A check of the signer's certificate reported this.")),
    ("claimSignature.", N_("A check of the digital signature reported this.")),
    ("timeStamp.", N_("A check of the signing time reported this.")),
    ("ingredient.", N_("A check of an earlier version (ingredient) reported this.")),
    ("assertion.", N_("A check of a statement inside the credentials reported this.")),
    ("manifest.", N_("A check of the credentials' structure reported this.")),
    ("claim.", N_("A check of the credentials' structure reported this.")),
)


def is_known(code: str) -> bool:
    """True when `code` has its own explanation (not the family fallback)."""
    return code in _EXPLANATIONS


def known_codes() -> frozenset[str]:
    return frozenset(_EXPLANATIONS)


def _translated(text: str) -> str:
    return _(text) if text else text


def explain(code: str) -> tuple[str, str]:
    """(one plain sentence, what the user can do) for a validation status code, in the
    current language (the code itself is never translated)."""
    if code in _EXPLANATIONS:
        sentence, what_to_do = _EXPLANATIONS[code]
        return (_translated(sentence), _translated(what_to_do))
    for prefix, family in _FAMILIES:
        if code.startswith(prefix):
            # TRANSLATORS: {sentence} is one of the "A check of ... reported this." sentences;
            # {code} is a validation code such as "assertion.foo" and stays as it is.
            text = _("{sentence} (code {code})").format(sentence=_(family), code=code)
            return (text, _(_ONLINE))
    return (
        _("The reader reported a check we cannot describe yet (code {code}).").format(code=code),
        _(_ONLINE),
    )
