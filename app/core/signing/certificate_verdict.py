"""Will copies signed with this certificate read Trusted? Found out by trying, in memory.

`judge` runs the import checks (app/core/signing/certificate_checks.py), then signs a tiny
JPEG in memory with the chain and key and reads it back with the trust profile the app
reads with (the same `make_context`, so the public trust lists, this computer's identities
and the user's own anchors all count, exactly as when a real file is opened). Nothing is
written to disk and no socket is opened (no timestamp server is used for the test).

The outcome says which list vouches for the signer, when the profile can tell
(`TrustProfile.trust_source`): the official C2PA Trust List, the interim list, or only
anchors of this computer or of the user, which other people's readers do not have. When
the copy is not Trusted, the reasons say why: a CA not on the lists, a chain file without
its intermediate, a purpose (EKU) readers refuse.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cryptography import x509

from app.core.about import APP_NAME, __version__
from app.core.i18n import _
from app.core.reading.explanations import explain
from app.core.reading.trust import TrustProfile, make_context
from app.core.signing import certificate_checks as checks
from app.core.signing import certificates as certs
from app.core.signing.certificate_request import CLAIM_SIGNING

log = logging.getLogger(__name__)

_IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
_C2PA_NAMES = {"ES256": "es256", "ES384": "es384", "ES512": "es512", "PS256": "ps256"}


class Outcome(StrEnum):
    TRUSTED_C2PA_LIST = "trusted_c2pa_list"
    TRUSTED_INTERIM_LIST = "trusted_interim_list"
    TRUSTED_HERE_ONLY = "trusted_here_only"  # this computer's or the user's own anchors
    NOT_RECOGNIZED = "not_recognized"
    INVALID = "invalid"
    REFUSED = "refused"


@dataclass(frozen=True)
class Verdict:
    """What copies signed with a certificate will show, and why."""

    outcome: Outcome
    headline: str
    reasons: tuple[str, ...] = ()
    state: str = ""  # what the test copy read as: "Trusted", "Valid", "Invalid"; "" unsigned
    trust_source: str | None = None
    profile: str = ""
    codes: tuple[str, ...] = field(default=())  # the test copy's failure codes

    @property
    def can_sign(self) -> bool:
        """False when the certificate cannot sign, or its copies would read Invalid."""
        return self.outcome not in (Outcome.REFUSED, Outcome.INVALID)

    @property
    def trusted(self) -> bool:
        return self.state == "Trusted"

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "headline": self.headline,
            "reasons": list(self.reasons),
            "test_copy_state": self.state,
            "trust_source": self.trust_source,
            "trust_profile": self.profile,
            "failure_codes": list(self.codes),
        }

    def text(self) -> str:
        return "\n".join([self.headline, *(f"- {reason}" for reason in self.reasons)])


def judge(chain_pem: bytes, key: certs.PrivateKey, profile: TrustProfile) -> Verdict:
    """The verdict for `chain_pem` (leaf first) and its `key` under `profile`."""
    problems = checks.check_chain(chain_pem, key)
    stoppers = checks.blocking(problems)
    drawbacks = tuple(str(p) for p in problems if p.warning)  # they do not stop signing
    if stoppers:
        return Verdict(
            Outcome.REFUSED,
            _("This certificate cannot sign Content Credentials."),
            tuple(str(p) for p in stoppers),
            profile=profile.name,
        )
    try:
        state, codes = _sign_and_read(chain_pem, key, profile)
    except Exception as exc:  # c2pa's errors carry no sentence for a person
        log.info("test signature failed: %s", type(exc).__name__)
        return Verdict(
            Outcome.REFUSED,
            _(
                "The signing library refused this certificate, so it cannot sign Content "
                "Credentials."
            ),
            (_library_reason(str(exc)),),
            profile=profile.name,
        )
    chain = certs.parse_certificates(chain_pem)
    notes = drawbacks + _profile_notes(chain[0])
    if state == "Trusted":
        return _trusted(chain, profile, notes)
    if state == "Invalid":
        return Verdict(
            Outcome.INVALID,
            _("Copies signed with this certificate would read as Invalid."),
            tuple(_invalid_reason(code) for code in codes) + notes,
            state,
            profile=profile.name,
            codes=codes,
        )
    return Verdict(
        Outcome.NOT_RECOGNIZED,
        _(
            "Copies will read “Valid, signer not recognized”: the signature is correct, but no "
            "trust list this computer reads names the CA."
        ),
        (_unrecognized_reason(chain, profile), *notes),
        state,
        profile=profile.name,
        codes=codes,
    )


# ---------------------------------------------------------------- the test signature


def _sign_and_read(
    chain_pem: bytes, key: certs.PrivateKey, profile: TrustProfile
) -> tuple[str, tuple[str, ...]]:
    """(validation state, failure codes) of a tiny JPEG signed and read back in memory."""
    import c2pa

    alg = certs.algorithm_of(key) or "ES256"
    info = c2pa.C2paSignerInfo(_C2PA_NAMES.get(alg, "ed25519"), chain_pem, certs.key_pem(key), None)
    signer = c2pa.Signer.from_info(info)
    # The Builder checks its own signature after signing: give it the reader's settings, so
    # a purpose the profile accepts is accepted there too.
    quiet = {"thumbnail": {"enabled": False}}
    builder = c2pa.Builder(json.dumps(_test_manifest()), make_context(profile, builder=quiet))
    signed = io.BytesIO()
    builder.sign(signer, "image/jpeg", io.BytesIO(_tiny_jpeg()), signed)
    signed.seek(0)
    reader = c2pa.Reader("image/jpeg", signed, None, make_context(profile))
    store = json.loads(reader.json())
    results = store.get("validation_results", {}).get("activeManifest", {})
    codes = tuple(str(item.get("code", "")) for item in results.get("failure", []))
    return str(store.get("validation_state", "")), codes


def _test_manifest() -> dict[str, Any]:
    action = {
        "action": "c2pa.created",
        "digitalSourceType": _IPTC + "digitalCapture",
        "softwareAgent": {"name": APP_NAME},
    }
    return {
        "claim_generator_info": [{"name": APP_NAME, "version": __version__}],
        "title": "certificate check",
        "assertions": [{"label": "c2pa.actions.v2", "data": {"actions": [action]}}],
    }


def _tiny_jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), "grey").save(out, "JPEG", quality=80)
    return out.getvalue()


# ---------------------------------------------------------------- the words


def _trusted(
    chain: list[x509.Certificate], profile: TrustProfile, notes: tuple[str, ...]
) -> Verdict:
    source = _trust_source(profile, chain)
    ca = _ca_name(chain)
    if source == "c2pa_trust_list":
        outcome, headline = (
            Outcome.TRUSTED_C2PA_LIST,
            _(
                "Copies will read Trusted: {ca} is on the C2PA Trust List, which C2PA readers "
                "everywhere use."
            ).format(ca=ca),
        )
    elif source == "interim_trust_list":
        outcome, headline = (
            Outcome.TRUSTED_INTERIM_LIST,
            _(
                "Copies will read Trusted where the interim trust list is used (the Content "
                "Credentials Verify site uses it): {ca} is on that list, not on the official "
                "C2PA Trust List. Readers with only the official list show “signer not "
                "recognized”; the interim list is frozen and will be retired."
            ).format(ca=ca),
        )
    else:
        outcome, headline = Outcome.TRUSTED_HERE_ONLY, _here_only(source, ca)
    return Verdict(outcome, headline, notes, "Trusted", source, profile=profile.name)


def _here_only(source: str | None, ca: str) -> str:
    # Whole sentences (not a shared tail pasted in) so each language can order them.
    if source == "user_anchor":
        text = _(
            "Copies will read Trusted only where the root certificate is added by hand as a "
            "trust anchor (as on this computer); on other computers and on the Verify site "
            "they read “signer not recognized” unless {ca} is on the C2PA Trust List."
        )
    elif source == "test_root":
        text = _("Copies read Trusted only with the C2PA test root: never in real use.")
    elif source == "this_computer":
        text = _(
            "Copies will read Trusted on this computer only; on other computers and on the "
            "Verify site they read “signer not recognized” unless {ca} is on the C2PA Trust List."
        )
    else:
        text = _(
            "Copies read Trusted with this computer's trust settings; on other computers and "
            "on the Verify site they read “signer not recognized” unless {ca} is on the C2PA "
            "Trust List. (CredLabel could not tell which list vouches for it.)"
        )
    return text.format(ca=ca)


def _trust_source(profile: TrustProfile, chain: list[x509.Certificate]) -> str | None:
    # The profile checks the chain against each of its sources (public lists, anchors).
    try:
        source = profile.trust_source(chain)
    except Exception:  # a source we cannot name must not hide the verdict itself
        log.debug("trust source not determined", exc_info=True)
        return None
    return str(source) if source else None


def _unrecognized_reason(chain: list[x509.Certificate], profile: TrustProfile) -> str:
    if profile.public_anchors_pem:  # a profile with the public lists
        text = _(
            "The CA that issued it ({ca}) is on neither the C2PA Trust List nor the interim "
            "list, and its root is not among this computer's own trust anchors (trust profile "
            "“{profile}”). Get a certificate from a CA on the C2PA Trust List, or add the CA's "
            "root as a trust anchor to trust it on this computer only."
        )
    else:
        text = _(
            "The CA that issued it ({ca}) is not among the trust anchors CredLabel reads with "
            "(trust profile “{profile}”). Get a certificate from a CA on the C2PA Trust List, "
            "or add the CA's root as a trust anchor to trust it on this computer only."
        )
    return text.format(ca=_ca_name(chain), profile=profile.name)


def _profile_notes(leaf: x509.Certificate) -> tuple[str, ...]:
    try:
        purposes = set(leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        return ()
    if CLAIM_SIGNING in purposes:
        return ()
    return (
        _(
            "It lacks the C2PA claim-signing purpose (EKU 1.3.6.1.4.1.62558.2.1). Readers "
            "accept it today because it allows emailProtection, but the C2PA certificate "
            "profile asks for claim signing: ask for it when you renew."
        ),
    )


def _invalid_reason(code: str) -> str:
    if code == "signingCredential.invalid":
        return _(
            "Readers refuse this certificate's purpose (extended key usage) or another of its "
            "fields. Ask the CA for a certificate that allows emailProtection together with "
            "C2PA claim signing."
        )
    sentence, _unused = explain(code)
    return sentence


def _library_reason(text: str) -> str:
    lowered = text.lower()
    if "missing required eku" in lowered:
        return _(
            "Its purpose (extended key usage) is one readers refuse. Ask the CA for a "
            "certificate that allows emailProtection together with C2PA claim signing."
        )
    if "invalid" in lowered:
        return _(
            "It does not follow the C2PA certificate profile (key usage, extended key usage, "
            "basic constraints or key identifiers)."
        )
    return "The library gave no reason a person could act on; check the certificate's fields."


def _ca_name(chain: list[x509.Certificate]) -> str:
    top = chain[-1]
    issuer = top.issuer
    orgs = [str(a.value) for a in issuer.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)]
    name = certs.common_name(issuer)
    return f"{name} ({orgs[0]})" if orgs and orgs[0] not in name else name
