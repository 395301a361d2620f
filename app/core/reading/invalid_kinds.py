"""Why credentials are invalid, in four causes a person can act on.

c2pa says only "Invalid". That one word covers a picture changed after signing and a
certificate that simply expired, and a teacher must not present the second as a forgery.
The causes, most serious first:

- ``content_changed``: the picture, sound or video no longer matches its signed hash;
- ``credentials_changed``: the credentials themselves were altered or are malformed;
- ``certificate``: content and credentials are intact, the signing certificate is not
  acceptable (expired without a trusted time-stamp, purpose not allowed, revoked, broken);
- ``creator_identity``: only a CAWG creator-identity statement failed or could not be
  checked offline; the C2PA credentials themselves check out.

The words for each live in `app.core.reports.wording`.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.model import StatusCode

CONTENT_CHANGED = "content_changed"
CREDENTIALS_CHANGED = "credentials_changed"
CERTIFICATE = "certificate"
CREATOR_IDENTITY = "creator_identity"
INVALID_KINDS: tuple[str, ...] = (
    CONTENT_CHANGED,
    CREDENTIALS_CHANGED,
    CERTIFICATE,
    CREATOR_IDENTITY,
)

UNTRUSTED = "signingCredential.untrusted"  # a failure code that leaves the file Valid
_CONTENT_CODES = frozenset(
    {
        "assertion.dataHash.mismatch",
        "assertion.bmffHash.mismatch",
        "assertion.boxesHash.mismatch",
        "assertion.collectionHash.mismatch",
    }
)
# A time-stamp that does not match the signature was altered: that is the credentials.
_CREDENTIAL_CODES = frozenset({"timeStamp.mismatch"})
_CERTIFICATE_PREFIXES = ("signingCredential.", "timeStamp.", "claimSignature.outsideValidity")


def cause_of(code: str) -> str:
    """The cause one failure code points to."""
    if code in _CONTENT_CODES:
        return CONTENT_CHANGED
    if code in _CREDENTIAL_CODES:
        return CREDENTIALS_CHANGED
    if code.startswith("cawg."):
        return CREATOR_IDENTITY
    if code.startswith(_CERTIFICATE_PREFIXES):
        return CERTIFICATE
    return CREDENTIALS_CHANGED  # hashed URIs, claim signature, malformed assertions, ...


def invalid_kinds(failures: Iterable[StatusCode]) -> tuple[str, ...]:
    """Every cause among `failures`, most serious first (empty when there is none).
    `signingCredential.untrusted` is no cause: a file can be intact and merely unrecognized."""
    found = {cause_of(s.code) for s in failures if s.kind == "failure" and s.code != UNTRUSTED}
    return tuple(kind for kind in INVALID_KINDS if kind in found)
