"""`credlabel identity`: create, import, list, show, export and manage signing identities.

Passphrases come from `--passphrase-file`, the CREDLABEL_PASSPHRASE environment variable,
or a prompt — and a prompt only when stdin is a terminal, so scripts never hang. Nothing
printed here ever contains a private key or a passphrase.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from app.cli.exitcodes import ExitCode
from app.cli.output import complain, say, say_json
from app.core.errors import (
    CertificateRejected,
    CredLabelError,
    IdentityError,
    PassphraseRequired,
)
from app.core.i18n import _
from app.core.signing import certificate_checks as checks
from app.core.signing import certificates as certs
from app.core.signing import pending_identities as pending_ids
from app.core.signing.identity_store import Identity, IdentityStore
from app.core.terminal_text import visible

PASSPHRASE_ENV = "CREDLABEL_PASSPHRASE"
KEY_PASSWORD_ENV = "CREDLABEL_KEY_PASSWORD"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "identity",
        help=_("manage signing identities (create, import, list, show, export-chain, ...)"),
        description=_(
            "Signing identities sign your labeled copies. A local identity is made "
            "on this computer in one step; a certificate from a provider can be imported."
        ),
    )
    parser.set_defaults(handler=lambda _args: _usage(parser))
    sub = parser.add_subparsers(dest="identity_command", metavar="COMMAND")
    _add_create(sub)
    _add_import(sub)
    from app.cli import identity_request_cmd  # it builds on this module's helpers

    identity_request_cmd.register(sub)
    listing = sub.add_parser("list", help=_("list the identities on this computer"))
    listing.add_argument("--json", action="store_true", help=_("machine-readable output"))
    listing.set_defaults(handler=_guard(_list))
    show = sub.add_parser("show", help=_("certificate details of one identity (never the key)"))
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help=_("machine-readable output"))
    show.set_defaults(handler=_guard(_show))
    export = sub.add_parser("export-chain", help=_("write the public certificates to a file"))
    export.add_argument("id", metavar="ID")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")
    export.add_argument("--overwrite", action="store_true", help=_("replace OUT if it exists"))
    export.set_defaults(handler=_guard(_export_chain))
    default = sub.add_parser("set-default", help=_("sign with this identity from now on"))
    default.add_argument("id", metavar="ID")
    default.set_defaults(handler=_guard(_set_default))
    delete = sub.add_parser("delete", help=_("delete an identity and its private key"))
    delete.add_argument("id", metavar="ID")
    delete.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    delete.set_defaults(handler=_guard(_delete))
    stamp = sub.add_parser("set-timestamp", help=_("use a timestamp server (TSA) when signing"))
    stamp.add_argument("id", metavar="ID")
    stamp.add_argument("url", nargs="?", metavar="URL", help=_("omit (or use --off) for none"))
    stamp.add_argument("--off", action="store_true", help=_("stop using a timestamp server"))
    stamp.set_defaults(handler=_guard(_set_timestamp))


def _add_create(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    create = sub.add_parser("create", help=_("create a local identity on this computer"))
    create.add_argument("--name", required=True, help=_("your name, e.g. “Jane Doe”"))
    create.add_argument(
        "--algorithm",
        type=str.lower,
        choices=[a.lower() for a in certs.ALGORITHMS],
        default=certs.DEFAULT_ALGORITHM.lower(),
        help=_("signature algorithm (default: {default})").format(default="es256"),
    )
    _add_passphrase_options(create)
    create.add_argument("--json", action="store_true", help=_("machine-readable output"))
    create.set_defaults(handler=_guard(_create))


def _add_import(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = sub.add_parser(
        "import",
        help=_("import a certificate: --chain PEM --key KEY, or --pkcs12 FILE"),
        description=_(
            "Import a certificate from your provider. The chain and key are checked "
            "first; each problem is explained with what to do."
        ),
    )
    imp.add_argument("--chain", type=Path, metavar="PEM", help=_("certificate chain, leaf first"))
    imp.add_argument("--key", type=Path, metavar="KEY", help=_("private key (PEM or PKCS#8)"))
    imp.add_argument("--key-password-file", type=Path, metavar="F", help=_("the key's password"))
    imp.add_argument("--pkcs12", type=Path, metavar="P12", help=_("a .p12 / .pfx file"))
    imp.add_argument("--password-file", type=Path, metavar="F", help=_("the PKCS#12 password"))
    imp.add_argument("--name", help=_("a name for this identity (default: the certificate's)"))
    _add_passphrase_options(imp)
    imp.add_argument("--json", action="store_true", help=_("machine-readable output"))
    imp.set_defaults(handler=_guard(_import))


def _add_passphrase_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="F",
        help=_("protect the stored key with the passphrase in F (or set {variable})").format(
            variable="$" + PASSPHRASE_ENV
        ),
    )
    parser.add_argument(
        "--no-passphrase", action="store_true", help=_("do not ask for a passphrase")
    )
    parser.add_argument(
        "--remember",
        choices=("session", "keyring"),
        default="session",
        help=_("keyring: also keep the passphrase in the system keyring when there is one"),
    )


# ---------------------------------------------------------------- commands


def _create(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    passphrase = _new_passphrase(args)
    identity = store.create_local(args.name, args.algorithm, passphrase=passphrase)
    _remember(store, identity, passphrase, args.remember)
    if args.json:
        note = f"{_(certs.LONG_LIVED_EXPLANATION)} {_(certs.LOCAL_TRUST_EXPLANATION)}"
        _print_json({"identity": identity.to_json(), "note": note})
        return ExitCode.OK
    say(_("Created local signing identity {id}: {name}").format(id=identity.id, name=identity.name))
    _print_identity(identity)
    say()
    say(_(certs.LONG_LIVED_EXPLANATION))
    say(_(certs.LOCAL_TRUST_EXPLANATION))
    return ExitCode.OK


def _import(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    if bool(args.pkcs12) == bool(args.chain or args.key):
        raise IdentityError(_("Give either --chain and --key, or --pkcs12 (not both)."))
    explicit = _passphrase_from(args.passphrase_file, PASSPHRASE_ENV)
    if args.pkcs12:
        password = _passphrase_from(args.password_file, KEY_PASSWORD_ENV)
        identity = _with_password(
            lambda pw: store.import_pkcs12(args.pkcs12, pw, explicit, args.name),
            password,
            _("PKCS#12 password: "),
        )
        keep = explicit if explicit is not None else password
    else:
        if not (args.chain and args.key):
            raise IdentityError(_("Give both --chain (the certificates) and --key (the key)."))
        password = _passphrase_from(args.key_password_file, KEY_PASSWORD_ENV)
        identity = _with_password(
            lambda pw: store.import_pem(args.chain, args.key, pw, explicit, args.name),
            password,
            _("Key password: "),
        )
        keep = explicit if explicit is not None else password
    _remember(store, identity, keep if identity.encrypted else None, args.remember)
    if args.json:
        _print_json({"identity": identity.to_json()})
        return ExitCode.OK
    say(_("Imported signing identity {id}: {name}").format(id=identity.id, name=identity.name))
    _print_identity(identity)
    for problem in checks.check_chain(store.chain_pem(identity.id), None):
        say(_("Note: {problem}").format(problem=problem))
    return ExitCode.OK


def _list(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    identities, damaged = store.list(), store.damaged()
    waiting = pending_ids.list_pending(store)
    if args.json:
        broken = [
            {"id": d.id, "problem": d.problem, "is_default": d.is_default, "damaged": True}
            for d in damaged
        ]
        _print_json(
            {
                "identities": [i.to_json() for i in identities],
                "damaged": broken,
                "pending": [p.to_json() for p in waiting],
            }
        )
        return ExitCode.OK
    if not identities and not damaged and not waiting:
        say(
            _("No signing identity yet. Create one: {command}").format(
                command="credlabel identity create --name NAME"
            )
        )
        return ExitCode.OK
    for request in waiting:
        requested = _("requested {date}").format(date=request.created[:10])
        say(
            f"  {request.id:<32} {request.name}  [{_(pending_ids.WAITING)}, {request.algorithm}, "
            f"{requested}]"
        )
    for broken_one in damaged:
        mark = "*" if broken_one.is_default else " "
        damage = _("DAMAGED: {problem}").format(problem=broken_one.problem)
        say(f"{mark} {broken_one.id:<32} {damage}")
    for identity in identities:
        mark = "*" if identity.is_default else " "
        lock = _("passphrase") if identity.encrypted else _("no passphrase")
        say(
            f"{mark} {identity.id:<32} {identity.name}  [{identity.kind}, {identity.algorithm}, "
            f"{lock}, {_validity(identity)}]"
        )
    if identities or damaged:
        say(_("(* = default)"))
    if damaged:
        say(
            _(
                "Damaged identities cannot sign. Restore them from a backup, or remove one with "
                "`{command}`."
            ).format(command="credlabel identity delete ID --yes")
        )
    return ExitCode.OK


def _show(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    identity = store.get(args.id)
    chain = store.certificates(identity.id)
    details = [_cert_details(c) for c in chain]
    problems = checks.check_chain(store.chain_pem(identity.id), None)
    if args.json:
        payload: dict[str, Any] = {
            "identity": identity.to_json(),
            "certificates": details,
            "problems": [
                {"sentence": p.sentence, "what_to_do": p.what_to_do, "warning": p.warning}
                for p in problems
            ],
            "trust_anchor_here": store.root_pem(identity.id) is not None,
        }
        _print_json(payload)
        return ExitCode.OK
    say(f"{identity.name} ({identity.id})")
    _print_identity(identity)
    for index, detail in enumerate(details):
        role = (
            _("Signing certificate:")
            if index == 0
            else _("Issuer certificate {number}:").format(number=index)
        )
        say()
        say(role)
        for key, value in detail.items():
            say(f"  {key.replace('_', ' '):<20} {value}")
    for problem in problems:
        say()
        say(_("Problem: {problem}").format(problem=problem))
    if identity.kind == "local":
        say()
        say(_(certs.LONG_LIVED_EXPLANATION))
    return ExitCode.OK


def _export_chain(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    out = store.export_chain(args.id, args.output, overwrite=args.overwrite)
    say(_("Wrote the public certificates (no private key) to {file}").format(file=out))
    return ExitCode.OK


def _set_default(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    store.set_default(args.id)
    identity = store.get(args.id)
    say(_("Default signing identity: {name} ({id})").format(name=identity.name, id=identity.id))
    return ExitCode.OK


def _delete(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    if any(d.id == args.id for d in store.damaged()):
        return _delete_damaged(args, store)
    if any(p.id == args.id for p in pending_ids.list_pending(store)):
        return _delete_request(args, store)
    identity = store.get(args.id)
    if not args.yes:
        if not sys.stdin.isatty():
            raise IdentityError(
                _(
                    "Deleting “{name}” removes its private key for good. Add --yes to confirm."
                ).format(name=identity.name)
            )
        question = _("Delete “{name}” and its private key for good? [y/N] ")
        answer = input(visible(question.format(name=identity.name)))
        # TRANSLATORS: the answers that mean yes to a [y/N] question, separated by spaces.
        if answer.strip().lower() not in ("y", "yes", *_("y yes").split()):
            say(_("Nothing deleted."))
            return ExitCode.OK
    store.delete(identity.id)
    say(_("Deleted signing identity {name} ({id}).").format(name=identity.name, id=identity.id))
    if identity.kind == "local":
        say(
            _(
                "Files it signed stay valid, but no longer read as Trusted on this computer "
                "(its root is gone)."
            )
        )
    return ExitCode.OK


def _delete_damaged(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    if not args.yes:
        raise IdentityError(
            _(
                "Deleting the damaged identity “{id}” removes what is left of it, its key "
                "included, for good. Add --yes to confirm."
            ).format(id=args.id)
        )
    store.delete_damaged(args.id)
    say(_("Deleted the damaged signing identity {id}.").format(id=args.id))
    return ExitCode.OK


def _delete_request(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    if not args.yes:
        raise IdentityError(
            _(
                "Deleting the certificate request “{id}” removes its key for good: a "
                "certificate issued for it could no longer be used. Add --yes to confirm."
            ).format(id=args.id)
        )
    pending_ids.delete_pending(store, args.id)
    say(_("Deleted the certificate request {id} and its key.").format(id=args.id))
    return ExitCode.OK


def _set_timestamp(args: argparse.Namespace, store: IdentityStore) -> ExitCode:
    url = None if args.off else args.url
    identity = store.set_timestamp_url(args.id, url)
    if identity.timestamp_url:
        say(
            _(
                "{name} now asks {url} for a timestamp when signing "
                "(signing then needs the network)."
            ).format(name=identity.name, url=identity.timestamp_url)
        )
    else:
        say(_("{name} signs without a timestamp server (no network).").format(name=identity.name))
    return ExitCode.OK


# ---------------------------------------------------------------- helpers


def _guard(
    command: Callable[[argparse.Namespace, IdentityStore], ExitCode],
) -> Callable[[argparse.Namespace], ExitCode]:
    """Run `command` with the user's store; a CredLabelError becomes one line + exit 1."""

    def run(args: argparse.Namespace) -> ExitCode:
        try:
            return command(args, IdentityStore())
        except CredLabelError as exc:
            # A refused certificate lists every problem, so one import attempt shows them all.
            more = exc.details.splitlines() if isinstance(exc, CertificateRejected) else []
            if getattr(args, "json", False):
                _print_json({"error": exc.sentence, "more_problems": more})
            else:
                also = _("Also: {problem}")
                for line in (exc.sentence, *(also.format(problem=m) for m in more)):
                    complain(line)
            return ExitCode.ERROR
        except KeyboardInterrupt:
            complain(_("cancelled"))
            return ExitCode.CANCELLED
        except EOFError:  # Ctrl-D at a prompt
            complain(_("stopped: the input ended before an answer was typed. Nothing changed."))
            return ExitCode.ERROR

    return run


def _usage(parser: argparse.ArgumentParser) -> ExitCode:
    parser.print_help(sys.stderr)
    return ExitCode.USAGE


def _passphrase_from(path: Path | None, env: str) -> str | None:
    """The first line of `path`, else the environment variable `env`, else None."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise IdentityError(
                _("The passphrase file {file} could not be read.").format(file=path)
            ) from exc
        line = text.splitlines()[0] if text else ""
        if not line:
            raise IdentityError(_("The passphrase file {file} is empty.").format(file=path))
        return line
    return os.environ.get(env) or None


def _new_passphrase(args: argparse.Namespace) -> str | None:
    given = _passphrase_from(args.passphrase_file, PASSPHRASE_ENV)
    if given is not None or args.no_passphrase or not sys.stdin.isatty():
        return given
    first = getpass.getpass(_("Passphrase to protect the key (Enter for none): "))
    if not first:
        return None
    if getpass.getpass(_("Type it again: ")) != first:
        raise IdentityError(_("The two passphrases differ. Nothing was created; try again."))
    return first


def _with_password(
    action: Callable[[str | None], Identity], password: str | None, prompt: str
) -> Identity:
    """Run `action`; if the file turns out to need a password, ask for it on a terminal."""
    try:
        return action(password)
    except PassphraseRequired:
        if password is not None or not sys.stdin.isatty():
            raise
    return action(getpass.getpass(prompt) or None)


def _remember(store: IdentityStore, identity: Identity, passphrase: str | None, where: str) -> None:
    if not passphrase:
        return
    saved = store.remember_passphrase(identity.id, passphrase, keyring=where == "keyring")
    if where == "keyring" and not saved:
        say(
            _(
                "No system keyring is available: the passphrase is remembered only until "
                "CredLabel closes."
            ),
            err=True,
        )


def _print_identity(identity: Identity) -> None:
    rows = {
        _("Kind:"): identity.kind,
        _("Algorithm:"): identity.algorithm,
        _("Subject:"): identity.subject,
        _("Issuer:"): identity.issuer,
        _("Valid until:"): identity.not_after,
        _("Fingerprint:"): identity.fingerprint,
        _("Key:"): _("encrypted with a passphrase") if identity.encrypted else _("no passphrase"),
        _("Timestamp server:"): identity.timestamp_url or _("none (signing works offline)"),
        _("Default:"): _("yes") if identity.is_default else _("no"),
    }
    width = max(18, *(len(key) for key in rows))
    for key, value in rows.items():
        say(f"  {key:<{width}} {value}")


def _validity(identity: Identity) -> str:
    """ "expires 2046-11-26", or "EXPIRED 2025-01-31: cannot sign" once that day is past."""
    day = identity.not_after[:10]
    if dt.datetime.fromisoformat(identity.not_after) < dt.datetime.now(dt.UTC):
        return _("EXPIRED {date}: cannot sign").format(date=day)
    return _("expires {date}").format(date=day)


def _cert_details(cert: x509.Certificate) -> dict[str, str]:
    public = cert.public_key()
    return {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "serial": format(cert.serial_number, "x"),
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "algorithm": certs.algorithm_of(public) or type(public).__name__,
        "sha256_fingerprint": certs.fingerprint(cert),
        # SHA-1 "thumbprint": what Windows and many provider portals show.
        "sha1_fingerprint": cert.fingerprint(hashes.SHA1()).hex(":").upper(),
    }


def _print_json(payload: dict[str, Any]) -> None:
    say_json(payload)
