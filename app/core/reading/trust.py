"""Whose signatures count as "Trusted": trust profiles and the c2pa Context built from them.

c2pa has no trust anchors built in, so with the "none" profile a correctly signed file is at
best "Valid, signer not recognized". Profiles:

- ``none``: no anchors.
- ``local`` (the app's default): the roots of this computer's own signing identities
  (``<identities>/<id>/root.pem``, written by the identity code), so the user's own exports
  read Trusted here and nowhere else.
- ``c2pa-test``: the C2PA test root, for workshops and tests. Its anchors are read from a
  trust-settings JSON file (never copied into the project).

User anchors (PEM files) are added to any profile. `make_context` is the one way to build a
`c2pa.Context`, so the Reader and the export Builder share the same trust settings (the
Builder freezes an ingredient's validation with its own context).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import CredLabelError
from app.core.paths import user_folders

PROFILE_NAMES: tuple[str, ...] = ("none", "local", "c2pa-test")
DEFAULT_PROFILE = "local"
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
class TrustProfile:
    """A named set of trust anchors (PEM certificates, concatenated)."""

    name: str
    description: str
    anchors_pem: str = ""
    trust_config: str | None = None  # allowed EKU OIDs, when the profile brings its own
    sources: tuple[Path, ...] = field(default=())  # files the anchors came from

    @property
    def anchor_count(self) -> int:
        return self.anchors_pem.count(_PEM_BEGIN)

    def context_settings(self) -> dict[str, Any]:
        """The settings dict for `c2pa.Context.from_dict` (offline, with these anchors)."""
        settings: dict[str, Any] = {
            "verify": dict(_OFFLINE_VERIFY),
            "core": dict(_OFFLINE_CORE),
        }
        trust: dict[str, str] = {}
        if self.anchors_pem:
            # `user_anchors` (not `allowed_list`: that never gave Trusted in c2pa-rs 0.91.3).
            trust["user_anchors"] = self.anchors_pem
        if self.trust_config:
            trust["trust_config"] = self.trust_config
        if trust:
            settings["trust"] = trust
        return settings


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


NO_TRUST = TrustProfile("none", "No trust anchors: correct signatures read as not recognized.")


def load_profile(
    name: str,
    *,
    user_anchor_files: Iterable[Path] = (),
    test_trust_file: Path | None = None,
) -> TrustProfile:
    """Build the profile `name` ("none", "local", "c2pa-test") plus any user anchor files."""
    if name == "none":
        base = NO_TRUST
    elif name == "local":
        base = _local_profile()
    elif name == "c2pa-test":
        base = _test_profile(test_trust_file)
    else:
        choices = ", ".join(PROFILE_NAMES)
        raise TrustError(f'There is no trust profile called "{name}". Choose one of: {choices}.')
    return _with_user_anchors(base, tuple(Path(p) for p in user_anchor_files))


def _local_profile() -> TrustProfile:
    roots = sorted(user_folders().identities.glob("*/root.pem"))
    pems = [pem for pem in (_read_pem(p, quiet=True) for p in roots) if pem]
    return TrustProfile(
        "local",
        "Files signed with this computer's own signing identities read as Trusted.",
        anchors_pem="".join(pems),
        sources=tuple(roots),
    )


def _test_profile(test_trust_file: Path | None) -> TrustProfile:
    path = find_test_trust_file(test_trust_file)
    if path is None:
        raise TrustError(
            "The C2PA test trust settings were not found. "
            f"Set {TEST_TRUST_ENV} to the path of test_trust_settings.json."
        )
    try:
        trust = json.loads(path.read_text(encoding="utf-8"))["trust"]
        anchors = _unescape(str(trust.get("trust_anchors") or trust.get("user_anchors") or ""))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TrustError(f"The trust settings file {path} could not be read.", str(exc)) from exc
    # The file's `trust_config` (extra allowed EKUs) is stored with escaped newlines, which
    # c2pa reads as one comment line, i.e. c2pa's default EKU list: so do we (unescaping it
    # would accept certificates the corpus expectations record as signingCredential.invalid).
    return TrustProfile(
        "c2pa-test",
        "The C2PA test root: for workshops and tests only, never for real decisions.",
        anchors_pem=_normalise_pem(anchors),
        sources=(path,),
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
    pems = [_read_pem(p) for p in files]
    names = ", ".join(p.name for p in files)
    return TrustProfile(
        base.name,
        f"{base.description} Also trusted: {names}.",
        anchors_pem=base.anchors_pem + "".join(pems),
        trust_config=base.trust_config,
        sources=base.sources + files,
    )


def _read_pem(path: Path, *, quiet: bool = False) -> str:
    """The certificates in a PEM file, normalised; "" (quiet) or TrustError when unusable."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        if quiet:
            return ""
        raise TrustError(f"The trust anchor file {path} could not be read.", str(exc)) from exc
    pem = _normalise_pem(text)
    if not pem and not quiet:
        raise TrustError(f"The file {path} contains no PEM certificate (BEGIN CERTIFICATE).")
    return pem


def _normalise_pem(text: str) -> str:
    """Only the certificate blocks, each ending with a newline (so they concatenate)."""
    blocks = []
    rest = text
    while _PEM_BEGIN in rest:
        start = rest.index(_PEM_BEGIN)
        end = rest.find(_PEM_END, start)
        if end < 0:
            break
        end += len(_PEM_END)
        blocks.append(rest[start:end].strip() + "\n")
        rest = rest[end:]
    return "".join(blocks)


def _unescape(text: str) -> str:
    # The shared settings file stores PEM newlines as the two characters "\n".
    return text.replace("\\n", "\n")
