"""Whose signatures count as "Trusted": trust profiles and the c2pa Context built from them.

c2pa has no trust anchors built in, so with the "none" profile a correctly signed file is at
best "Valid, signer not recognized". Profiles:

- ``content-credentials`` (the default, "Content Credentials trust lists"): the public lists
  bundled in `resources/trust` (`trust_lists`): the official C2PA Trust List, the interim
  list the Verify site uses (anchors, individually allowed signers, accepted EKUs) and the
  C2PA time-stamp authority list, plus this computer's own identities.
- ``none``: no anchors.
- ``local``: only the roots of this computer's own signing identities
  (``<identities>/<id>/root.pem``, written by the identity code), so the user's own exports
  read Trusted here and nowhere else.
- ``c2pa-test``: the C2PA test root, for workshops and tests. Its anchors are read from a
  trust-settings JSON file (never copied into the project).

User anchors (PEM files) are added to any profile. `make_context` is the one way to build a
`c2pa.Context`, so the Reader and the export Builder share the same trust settings (the
Builder freezes an ingredient's validation with its own context).

c2pa only says trusted or not; the C2PA asks validators to keep results from the interim
list apart from the official one, so `TrustProfile.trust_source` works out which of the
profile's sources vouches for a signer's chain (`AnchorSet`). Certificates are compared as
DER and by name (`der`); cryptography is loaded only to check a signature between a
certificate and an anchor whose name matches its issuer.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import CredLabelError
from app.core.i18n import N_, _
from app.core.paths import user_folders
from app.core.reading import anchor_certs as certs
from app.core.reading import trust_lists
from app.core.reading.der import RawCertificate, name_key, pem_block_count, same_name
from app.core.reading.trust_lists import C2PA_SOURCE, INTERIM_SOURCE

if TYPE_CHECKING:
    from cryptography import x509

DEFAULT_PROFILE = "content-credentials"
PROFILE_NAMES: tuple[str, ...] = (DEFAULT_PROFILE, "none", "local", "c2pa-test")
PROFILE_TITLES: dict[str, str] = {
    DEFAULT_PROFILE: N_("Content Credentials trust lists"),  # `_()` where shown
    "none": N_("Nobody (no trust anchors)"),
    "local": N_("This computer's identities only"),
    "c2pa-test": N_("C2PA test root (testing only)"),
}
THIS_COMPUTER = "this_computer"
USER_ANCHOR = "user_anchor"
TEST_ROOT = "test_root"
TRUST_SOURCES: tuple[str, ...] = (
    C2PA_SOURCE,
    INTERIM_SOURCE,
    THIS_COMPUTER,
    USER_ANCHOR,
    TEST_ROOT,
)
TEST_TRUST_ENV = "CREDLABEL_TEST_TRUST"
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
_DEFAULT_TEST_TRUST = _PROJECT_ROOT.parent / "shared" / "corpus" / "test_trust_settings.json"
_PEM_BEGIN = "-----BEGIN CERTIFICATE-----"
_PEM_END = "-----END CERTIFICATE-----"

# Never let reading reach the network: a remote-only manifest is reported with its URL, and
# no certificate revocation (OCSP) is fetched.
_OFFLINE_VERIFY: dict[str, Any] = {"remote_manifest_fetch": False, "ocsp_fetch": False}
# An empty allow-list blocks every request c2pa's HTTP resolvers would make. Reading a CAWG
# identity whose issuer is a `did:web` otherwise looks the issuer's host up (DNS, then HTTPS):
# a beacon to whoever made the file. Measured with c2pa-rs 0.91.3: with this list the identity
# is still decoded and reported as `cawg.ica.did_unavailable`, and no socket is opened. (The
# other knob, `decode_identity_assertions: false`, would hide identities that can be checked
# offline, such as `did:jwk` ones.) A user's timestamp server is reached by the Signer, which
# does not use these resolvers.
_OFFLINE_CORE: dict[str, Any] = {"allowed_network_hosts": []}


class TrustError(CredLabelError):
    """A trust profile or anchor file could not be loaded."""


@dataclass(frozen=True)
class AnchorSet:
    """Certificates that vouch for signers as one `trust_source` ("c2pa_trust_list", ...)."""

    source: str
    pem: str

    @cached_property
    def certificates(self) -> tuple[x509.Certificate, ...]:
        return certs.certificates(self.pem)

    @cached_property
    def fingerprints(self) -> frozenset[bytes]:
        return certs.fingerprints(self.pem)

    def vouches_for(self, chain: certs.Chain) -> bool:
        """Some certificate of `chain` is one of these, or was issued by one of these."""
        certificates = certs.raw_chain(chain)
        if any(cert.der in self.fingerprints for cert in certificates):
            return True
        for cert in certificates:
            for anchor in certs.anchors(self.pem):
                # Names that differ cannot be issuer and issued: no signature to check.
                named = same_name(cert.issuer, anchor.subject) is not False
                if named and certs.issued_by(cert, anchor):
                    return True
        return False


@dataclass(frozen=True)
class TrustProfile:
    """A named set of trust anchors (PEM certificates, concatenated), with the settings the
    public lists add (individually allowed signers, accepted EKUs)."""

    name: str
    description: str
    anchors_pem: str = ""  # this computer's, the user's and test anchors (`user_anchors`)
    trust_config: str | None = None  # allowed EKU OIDs, when the profile brings its own
    sources: tuple[Path, ...] = field(default=())  # files the anchors came from
    public_anchors_pem: str = ""  # the public lists' anchors and TSAs (`trust_anchors`)
    allowed_pem: str = ""  # end-entity certificates allowed one by one (`allowed_list`)
    anchor_sets: tuple[AnchorSet, ...] = ()  # who vouches, most authoritative first
    allowed_source: str | None = None  # the trust_source of `allowed_pem`

    @property
    def title(self) -> str:
        return PROFILE_TITLES.get(self.name, self.name)

    @property
    def anchor_count(self) -> int:
        return pem_block_count(self.anchors_pem + self.public_anchors_pem)

    def context_settings(self) -> dict[str, Any]:
        """The settings dict for `c2pa.Context.from_dict` (offline, with these anchors)."""
        settings: dict[str, Any] = {
            "verify": dict(_OFFLINE_VERIFY),
            "core": dict(_OFFLINE_CORE),
        }
        trust: dict[str, str] = {}
        if self.public_anchors_pem:
            trust["trust_anchors"] = self.public_anchors_pem
        if self.anchors_pem:
            trust["user_anchors"] = self.anchors_pem
        if self.allowed_pem:
            trust["allowed_list"] = self.allowed_pem
        if self.trust_config:
            trust["trust_config"] = self.trust_config
        if trust:
            settings["trust"] = trust
        return settings

    @cached_property
    def allowed_fingerprints(self) -> frozenset[bytes]:
        return certs.fingerprints(self.allowed_pem)

    def trust_source(self, chain: Sequence[Any]) -> str | None:
        """Which of this profile's sources vouches for the signer `chain` (leaf first: x509
        certificates or `der.RawCertificate`s), or None when none does (or it is unknown)."""
        return self._source(chain, c2pa_trusts=False)

    def source_of_trusted(self, chain: Sequence[Any]) -> str | None:
        """`trust_source` of a chain c2pa, given this profile's anchors, said is trusted."""
        return self._source(chain, c2pa_trusts=True)

    def _source(self, chain: Sequence[Any], *, c2pa_trusts: bool) -> str | None:
        if not chain:
            return None
        certificates = certs.raw_chain(chain)
        if self.allowed_source and certificates[0].der in self.allowed_fingerprints:
            return self.allowed_source
        if c2pa_trusts:
            only = self._only_issuer(certificates)
            if only is not None:
                return next((a.source for a in self.anchor_sets if only in a.fingerprints), None)
        for anchors in self.anchor_sets:
            if anchors.vouches_for(certificates):
                return anchors.source
        return None

    def _only_issuer(self, chain: list[RawCertificate]) -> bytes | None:
        """The DER of the one anchor that can have issued a certificate of `chain`, when the
        names leave only one among every anchor c2pa and the sources have; else None.

        c2pa checked the chain up to one of its anchors, so that anchor names a chain
        certificate's issuer: when only one anchor does, it is the one, and its signature
        needs no second check (loading cryptography for it costs ~25 ms). None (check it
        all) when a chain certificate is itself an anchor or names cannot be compared."""
        ders, by_name = self._anchor_names
        if by_name is None or any(cert.der in ders for cert in chain):
            return None
        found: set[bytes] = set()
        for cert in chain:
            key = name_key(cert.issuer)
            if key is None:
                return None
            found |= by_name.get(key, set())
        return found.pop() if len(found) == 1 else None

    @cached_property
    def _anchor_names(self) -> tuple[frozenset[bytes], dict[Any, set[bytes]] | None]:
        """Every anchor's DER, and their DERs by subject name (None when a name is not plain
        text: then names cannot rule anchors out)."""
        pems = (self.public_anchors_pem, self.anchors_pem, *(a.pem for a in self.anchor_sets))
        anchors = {a.der: a for pem in pems for a in certs.anchors(pem)}
        by_name: dict[Any, set[bytes]] = {}
        for anchor in anchors.values():
            key = name_key(anchor.subject)
            if key is None:
                return frozenset(anchors), None
            by_name.setdefault(key, set()).add(anchor.der)
        return frozenset(anchors), by_name


def make_context(profile: TrustProfile | None, **extra_settings: Mapping[str, Any]) -> Any:
    """A `c2pa.Context` with `profile`'s trust settings, merged with `extra_settings`
    (one mapping per top-level section, e.g. ``builder={"thumbnail": {...}}``)."""
    import c2pa

    settings = (profile or NO_TRUST).context_settings()
    for section, values in extra_settings.items():
        merged = dict(settings.get(section, {}))
        merged.update(values)
        settings[section] = merged
    return c2pa.Context.from_dict(settings)


def reading_context(profile: TrustProfile | None, **extra_settings: Mapping[str, Any]) -> Any:
    """`make_context(profile, **extra_settings)` for Readers, built once per distinct settings
    in this process and shared by every Reader after it. Building one parses the profile's
    ~260 KB of trust lists (~1.5-4 ms a file when it was rebuilt for each read); c2pa lets
    Readers share a Context, also across threads (each native call holds it). A fork gets
    its own (the native handle belongs to the process that made it)."""
    base = profile or NO_TRUST
    key = (
        os.getpid(),
        type(base),  # a subclass may build other settings
        base.public_anchors_pem,
        base.anchors_pem,
        base.allowed_pem,
        base.trust_config,
        json.dumps(extra_settings, sort_keys=True),
    )
    with _CONTEXT_LOCK:
        context = _CONTEXTS.get(key)
        if context is None or not context.is_valid:
            context = make_context(profile, **extra_settings)
            _CONTEXTS[key] = context
            while len(_CONTEXTS) > _MAX_CONTEXTS:  # oldest first: profiles rarely change
                del _CONTEXTS[next(iter(_CONTEXTS))]
        return context


# A handful: the window's profile, its unchecked variant, a CLI's --trust, a test's.
_MAX_CONTEXTS = 6
_CONTEXTS: dict[tuple[Any, ...], Any] = {}
_CONTEXT_LOCK = threading.Lock()


NO_TRUST = TrustProfile("none", "No trust anchors: correct signatures read as not recognized.")


def load_profile(
    name: str,
    *,
    user_anchor_files: Iterable[Path] = (),
    test_trust_file: Path | None = None,
) -> TrustProfile:
    """Build the profile `name` (see `PROFILE_NAMES`) plus any user anchor files."""
    if name == DEFAULT_PROFILE:
        base = _public_profile()
    elif name == "none":
        base = NO_TRUST
    elif name == "local":
        base = _local_profile()
    elif name == "c2pa-test":
        base = _test_profile(test_trust_file)
    else:
        choices = ", ".join(PROFILE_NAMES)
        raise TrustError(
            _('There is no trust profile called "{name}". Choose one of: {choices}.').format(
                name=name, choices=choices
            )
        )
    return _with_user_anchors(base, tuple(Path(p) for p in user_anchor_files))


def _public_profile() -> TrustProfile:
    """The public lists in force (bundled, or updated by the user) + this computer's roots."""
    try:
        lists = {item.spec.key: item for item in trust_lists.load_lists()}
    except trust_lists.TrustListError as exc:
        raise TrustError(
            _("The bundled trust lists could not be read: {problem}").format(problem=exc.sentence)
        ) from exc
    official = _normalise_pem(lists["c2pa"].text)
    interim = _normalise_pem(lists["interim-anchors"].text)
    tsa = _normalise_pem(lists["c2pa-tsa"].text)
    local = _local_profile()
    return TrustProfile(
        DEFAULT_PROFILE,
        "Signers on the C2PA Trust List or the older interim list the Verify site uses, and "
        "this computer's own identities, read as Trusted.",
        anchors_pem=local.anchors_pem,
        # Time-stamps are checked against the same anchors, so the TSA list goes in too.
        public_anchors_pem=official + interim + tsa,
        allowed_pem=_normalise_pem(lists["interim-allowed"].text),
        trust_config=lists["interim-eku"].text,
        sources=tuple(item.path for item in lists.values()) + local.sources,
        anchor_sets=(
            AnchorSet(C2PA_SOURCE, official),
            AnchorSet(INTERIM_SOURCE, interim),
            AnchorSet(THIS_COMPUTER, local.anchors_pem),
        ),
        allowed_source=INTERIM_SOURCE,
    )


def _local_profile() -> TrustProfile:
    roots = sorted(user_folders().identities.glob("*/root.pem"))
    pems = [pem for pem in (_read_pem(p, quiet=True) for p in roots) if pem]
    anchors = "".join(pems)
    return TrustProfile(
        "local",
        "Files signed with this computer's own signing identities read as Trusted.",
        anchors_pem=anchors,
        sources=tuple(roots),
        anchor_sets=(AnchorSet(THIS_COMPUTER, anchors),),
    )


def _test_profile(test_trust_file: Path | None) -> TrustProfile:
    path = find_test_trust_file(test_trust_file)
    if path is None:
        raise TrustError(
            _(
                "The C2PA test trust settings were not found. "
                "Set {variable} to the path of test_trust_settings.json."
            ).format(variable=TEST_TRUST_ENV)
        )
    try:
        trust = json.loads(path.read_text(encoding="utf-8"))["trust"]
        anchors = _unescape(str(trust.get("trust_anchors") or trust.get("user_anchors") or ""))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        sentence = _("The trust settings file {path} could not be read.").format(path=path)
        raise TrustError(sentence, str(exc)) from exc
    # The file's `trust_config` (extra allowed EKUs) is stored with escaped newlines, which
    # c2pa reads as one comment line, i.e. c2pa's default EKU list: so do we (unescaping it
    # would accept certificates the corpus expectations record as signingCredential.invalid).
    return TrustProfile(
        "c2pa-test",
        "The C2PA test root: for workshops and tests only, never for real decisions.",
        anchors_pem=_normalise_pem(anchors),
        sources=(path,),
        anchor_sets=(AnchorSet(TEST_ROOT, _normalise_pem(anchors)),),
    )


def find_test_trust_file(explicit: Path | None = None) -> Path | None:
    """The test trust-settings file: argument, then $CREDLABEL_TEST_TRUST, then the corpus."""
    env = os.environ.get(TEST_TRUST_ENV)
    for candidate in (explicit, Path(env) if env else None, _DEFAULT_TEST_TRUST):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def _with_user_anchors(base: TrustProfile, files: tuple[Path, ...]) -> TrustProfile:
    if not files:
        return base
    pems = "".join(_read_pem(p) for p in files)
    names = ", ".join(p.name for p in files)
    return replace(
        base,
        description=f"{base.description} Also trusted: {names}.",
        anchors_pem=base.anchors_pem + pems,
        sources=base.sources + files,
        anchor_sets=(*base.anchor_sets, AnchorSet(USER_ANCHOR, pems)),
    )


def _read_pem(path: Path, *, quiet: bool = False) -> str:
    """The certificates in a PEM file, normalised; "" (quiet) or TrustError when unusable."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        if quiet:
            return ""
        sentence = _("The trust anchor file {path} could not be read.").format(path=path)
        raise TrustError(sentence, str(exc)) from exc
    pem = _normalise_pem(text)
    if not pem and not quiet:
        raise TrustError(
            _("The file {path} contains no PEM certificate (BEGIN CERTIFICATE).").format(path=path)
        )
    return pem


def _normalise_pem(text: str) -> str:
    """Only the certificate blocks, each ending with a newline (so they concatenate)."""
    blocks = []
    start = text.find(_PEM_BEGIN)
    while start >= 0:
        end = text.find(_PEM_END, start)
        if end < 0:
            break
        end += len(_PEM_END)
        blocks.append(text[start:end].strip() + "\n")
        start = text.find(_PEM_BEGIN, end)
    return "".join(blocks)


def _unescape(text: str) -> str:
    # The shared settings file stores PEM newlines as the two characters "\n".
    return text.replace("\\n", "\n")
