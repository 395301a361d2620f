"""Typed errors that carry one sentence a person can act on.

The GUI turns them into a dialog (sentence + expandable details), the CLI into a message
and an exit code. Every error the core raises on purpose is a `CredLabelError`.
"""

from __future__ import annotations


class CredLabelError(Exception):
    """An error with a plain-language `sentence` and optional technical `details`."""

    def __init__(self, sentence: str, details: str = "") -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.details = details

    def __str__(self) -> str:
        return self.sentence


class UnreadableFileError(CredLabelError):
    """The file could not be opened or is not a media file we understand."""


class UnsupportedFormatError(CredLabelError):
    """The file's real type cannot carry Content Credentials (or cannot be signed here)."""


class IdentityError(CredLabelError):
    """A signing identity could not be created, imported, unlocked or used."""


class ExportError(CredLabelError):
    """A labeled copy could not be written or did not verify; nothing was left behind."""


class WriteError(ExportError):
    """A file CredLabel writes for the user (copy, sidecar, report, bundle, certificates,
    thumbnails, settings) could not be written; nothing was left behind. An `ExportError`
    too, so an export's callers see every reason its copy was not written as one kind."""


class DestinationExists(WriteError):
    """The chosen name is taken and replacing it was not asked for."""


class DestinationIsOriginal(WriteError):
    """The chosen name reaches the original (or another protected file): never written."""


class ExportCancelled(CredLabelError):
    """The user cancelled an export; the partial output was removed."""


class PassphraseRequired(IdentityError):
    """The identity's private key is encrypted and no passphrase was given or remembered."""


class WrongPassphrase(IdentityError):
    """The passphrase (or certificate password) given does not unlock the key."""


class TimestampUnavailable(IdentityError):
    """The identity's timestamp server cannot be reached; signing without one is offered."""


class CertificateRejected(IdentityError):
    """An imported certificate chain breaks the C2PA certificate rules. `sentence` is the
    first problem; `details` holds every other one, one sentence + what to do per line."""
