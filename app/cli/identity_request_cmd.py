"""`credlabel identity request | complete | check`: the way to a certificate from a real CA.

`request` makes the key (kept in the identity store like every other key) and writes the
certificate request (CSR) with a short note on what to send to the certificate authority;
`complete` takes the certificate the CA issued, checks it against the waiting key and says,
from a test signature read back with this computer's trust settings, whether copies will
read Trusted; `check` gives that verdict for a certificate someone already has, importing
nothing. Registered under `credlabel identity` by app/cli/identity_cmd.py.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias, TypeVar

from app.cli import identity_cmd as base
from app.cli.exitcodes import ExitCode
from app.cli.output import say
from app.cli.trust_args import add_trust_arguments
from app.core.errors import IdentityError, PassphraseRequired
from app.core.i18n import _
from app.core.reading.trust import TrustProfile, load_profile
from app.core.signing import certificates as certs
from app.core.signing import identity_files as disk
from app.core.signing import pending_identities as pending_ids
from app.core.signing.certificate_request import RequestDetails
from app.core.signing.certificate_verdict import Verdict, judge
from app.core.signing.identity_store import IdentityStore
from app.core.signing.signer import protect_process

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
T = TypeVar("T")


def register(sub: SubParsers) -> None:
    _add_request(sub)
    _add_complete(sub)
    _add_check(sub)


def _add_request(sub: SubParsers) -> None:
    request = sub.add_parser(
        "request",
        help=_("make a key and a certificate request (CSR) to send to a certificate authority"),
        description=_(
            "Makes a new key (kept with your signing identities) and a certificate "
            "request for a C2PA claim-signing certificate. Send the request to a CA on the C2PA "
            "Trust List, then run `{command}`."
        ).format(command="credlabel identity complete ID --chain ISSUED.pem"),
    )
    request.add_argument("--name", required=True, help=_("whose certificate, e.g. “Jane Doe”"))
    request.add_argument("--organization", default="", metavar="O", help=_("organization (O)"))
    request.add_argument("--email", default="", metavar="E", help=_("e-mail address"))
    request.add_argument("--country", default="", metavar="CC", help=_("two-letter country (C)"))
    request.add_argument(
        "--algorithm",
        type=str.lower,
        choices=[a.lower() for a in certs.ALGORITHMS],
        default=certs.DEFAULT_ALGORITHM.lower(),
        help=_("key type (default: {default}; most CAs accept es256 and ps256)").format(
            default="es256"
        ),
    )
    request.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="CSR",
        help=_("where to write the request (default: ID.csr in the current folder)"),
    )
    request.add_argument("--overwrite", action="store_true", help=_("replace CSR if it exists"))
    base._add_passphrase_options(request)
    request.add_argument("--json", action="store_true", help=_("machine-readable output"))
    request.set_defaults(handler=base._guard(_request))


def _add_complete(sub: SubParsers) -> None:
    complete = sub.add_parser(
        "complete",
        help=_("finish a certificate request with the certificate the CA issued"),
        description=_(
            "Checks that the issued certificate belongs to the request's key, runs "
            "the import checks, signs a test file in memory and says whether copies will read "
            "Trusted, then saves the signing identity."
        ),
    )
    complete.add_argument("id", metavar="ID", help=_("the request's id (see `identity list`)"))
    complete.add_argument(
        "--chain", type=Path, required=True, metavar="PEM", help=_("what the CA sent (PEM or .p7b)")
    )
    complete.add_argument(
        "--passphrase-file", type=Path, metavar="F", help=_("the passphrase chosen for the request")
    )
    add_trust_arguments(complete)
    complete.add_argument("--json", action="store_true", help=_("machine-readable output"))
    complete.set_defaults(handler=base._guard(_complete))


def _add_check(sub: SubParsers) -> None:
    check = sub.add_parser(
        "check",
        help=_("will copies signed with this certificate read Trusted? (imports nothing)"),
        description=_(
            "Signs a test file in memory with the certificate and reads it back with "
            "this computer's trust settings. Give --chain and --key, or --pkcs12."
        ),
    )
    check.add_argument("--chain", type=Path, metavar="PEM", help=_("certificate chain, leaf first"))
    check.add_argument("--key", type=Path, metavar="KEY", help=_("private key (PEM or PKCS#8)"))
    check.add_argument("--key-password-file", type=Path, metavar="F", help=_("the key's password"))
    check.add_argument("--pkcs12", type=Path, metavar="P12", help=_("a .p12 / .pfx file"))
    check.add_argument("--password-file", type=Path, metavar="F", help=_("the PKCS#12 password"))
    add_trust_arguments(check)
    check.add_argument("--json", action="store_true", help=_("machine-readable output"))
    check.set_defaults(handler=base._guard(_check))


# ---------------------------------------------------------------- commands


def _request(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    details = RequestDetails(args.name, args.organization, args.email, args.country).cleaned()
    passphrase = base._new_passphrase(args)
    made = pending_ids.request_certificate(
        store,
        details,
        Path(args.output) if args.output else None,
        algorithm=args.algorithm,
        passphrase=passphrase,
        overwrite=args.overwrite,
    )
    pending = made.pending
    if passphrase and args.remember == "keyring":
        store.remember_passphrase(pending.id, passphrase, keyring=True)
    if args.json:
        files = {"request_file": str(made.csr_path), "instructions_file": str(made.note_path)}
        base._print_json({"pending": pending.to_json(), **files})
        return ExitCode.OK
    say(
        _("Made key and certificate request {id}: {name} ({status})").format(
            id=pending.id, name=pending.name, status=_(pending.status)
        )
    )
    rows = (
        (_("Request (send this to the CA):"), made.csr_path),
        (_("What to send and ask for:"), made.note_path),
    )
    width = max(len(label) for label, _path in rows) + 1  # the paths line up
    for label, path in rows:
        say(f"  {label.ljust(width)}{path}")
    say(_("The private key stays here, with your signing identities; never send it to anyone."))
    say(
        _("When the certificate arrives: {command}").format(
            command=f"credlabel identity complete {pending.id} --chain FILE"
        )
    )
    return ExitCode.OK


def _complete(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    pending = pending_ids.get_pending(store, args.id)
    chain_pem = pending_ids.match_chain(pending, pending_ids.read_issued(args.chain))
    given = base._passphrase_from(args.passphrase_file, base.PASSPHRASE_ENV)
    key = _ask_if_needed(
        lambda pw: pending_ids.load_key(store, pending, pw), given, _("Passphrase of the request: ")
    )
    pending_ids.check_issued(chain_pem, key)  # refused: every problem, exit 1
    verdict = judge(chain_pem, key, _profile(args))
    if not verdict.can_sign:
        raise IdentityError(f"{verdict.headline} {' '.join(verdict.reasons)}")
    identity = pending_ids.complete(store, pending, chain_pem, key)
    if args.json:
        base._print_json({"identity": identity.to_json(), "verdict": verdict.to_json()})
        return ExitCode.OK
    say(_("Completed signing identity {id}: {name}").format(id=identity.id, name=identity.name))
    base._print_identity(identity)
    say()
    _print_verdict(verdict)
    return ExitCode.OK


def _check(args: argparse.Namespace, _store: IdentityStore) -> ExitCode:
    if bool(args.pkcs12) == bool(args.chain or args.key):
        raise IdentityError(_("Give either --chain and --key, or --pkcs12 (not both)."))
    protect_process()  # before the key is in memory, as for signing
    if args.pkcs12:
        data = disk.read_input(args.pkcs12, "PKCS#12")
        password = base._passphrase_from(args.password_file, base.KEY_PASSWORD_ENV)
        key, chain = _ask_if_needed(
            lambda pw: certs.load_pkcs12(data, pw), password, _("PKCS#12 password: ")
        )
        chain_pem = b"".join(certs.pem_of(c) for c in chain)
    else:
        if not (args.chain and args.key):
            raise IdentityError(_("Give both --chain (the certificates) and --key (the key)."))
        chain_pem = disk.read_input(args.chain, "certificate")
        key_data = disk.read_input(args.key, "key")
        password = base._passphrase_from(args.key_password_file, base.KEY_PASSWORD_ENV)
        key = _ask_if_needed(
            lambda pw: certs.load_private_key(key_data, pw), password, _("Key password: ")
        )
    verdict = judge(chain_pem, key, _profile(args))
    if args.json:
        base._print_json({"verdict": verdict.to_json()})
    else:
        _print_verdict(verdict)
    return ExitCode.OK if verdict.can_sign else ExitCode.ERROR


# ---------------------------------------------------------------- helpers


def _profile(args: argparse.Namespace) -> TrustProfile:
    return load_profile(args.trust, user_anchor_files=args.trust_anchors)


def _ask_if_needed(action: Callable[[str | None], T], given: str | None, prompt: str) -> T:
    """`action(given)`; when a password turns out to be needed, ask on a terminal only."""
    try:
        return action(given)
    except PassphraseRequired:
        if given is not None or not sys.stdin.isatty():
            raise
    return action(getpass.getpass(prompt) or None)


def _print_verdict(verdict: Verdict) -> None:
    say(verdict.headline)
    for reason in verdict.reasons:
        say(f"  - {reason}")
    if verdict.state:
        say(
            _("(Test copy signed in memory read as: {state}; trust: {profile})").format(
                state=verdict.state, profile=verdict.profile
            )
        )
