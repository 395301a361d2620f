"""`credlabel trust show [--json]` and `credlabel trust update (FOLDER | --download)`.

`show` names the public lists in force (bundled or updated), how many certificates each
holds, their issue and next-update dates and where they came from. `update` replaces them
from a folder, or downloads them from their published HTTPS locations; only `--download`
uses the network, and only when typed. Exit codes: 0 done, 1 nothing could be updated.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from app.cli.exitcodes import ExitCode
from app.cli.output import complain, say, say_json
from app.core.dates import list_day
from app.core.i18n import _, ngettext
from app.core.reading.trust import DEFAULT_PROFILE, PROFILE_TITLES
from app.core.reading.trust_lists import (
    SPECS,
    LoadedList,
    TrustListError,
    load_lists,
    now_utc,
    stale_notice,
    updated_folder,
)
from app.core.reading.trust_update import UpdateResult, update_from_folder, update_from_web

_OFFICIAL, _INTERIM = SPECS[0].base_url, SPECS[2].base_url


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "trust",
        help=_("show or update the public trust lists"),
        description=_(
            "The public C2PA trust lists that decide which signers read as Trusted "
            "in the default profile (“{profile}”)."
        ).format(profile=_(PROFILE_TITLES[DEFAULT_PROFILE])),
    )
    actions = parser.add_subparsers(dest="trust_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("the lists in force, their counts and dates"))
    show.add_argument("--json", action="store_true", help=_("print them as JSON"))
    show.set_defaults(handler=_show)
    update = actions.add_parser(
        "update",
        help=_("replace the lists from a folder or by downloading them"),
        description=_(
            "Replace the trust lists with newer copies. Give a FOLDER holding the files "
            "({files}, optionally the .json details), or --download to fetch them from their "
            "published HTTPS locations. Each file must parse before anything is replaced; the "
            "bundled copies stay as the fallback."
        ).format(
            files="C2PA-TRUST-LIST.pem, C2PA-TSA-TRUST-LIST.pem, anchors.pem, allowed.pem, "
            "store.cfg"
        ),
    )
    update.add_argument("folder", nargs="?", type=Path, metavar="FOLDER")
    update.add_argument(
        "--download", action="store_true", help=_("download from the published locations")
    )
    instead = _("instead of {url}")
    update.add_argument("--official-url", metavar="URL", help=instead.format(url=_OFFICIAL))
    update.add_argument("--interim-url", metavar="URL", help=instead.format(url=_INTERIM))
    update.set_defaults(handler=_update)


def _show(args: argparse.Namespace) -> ExitCode:
    lists = load_lists()
    if args.json:
        say_json({"lists": [list_to_dict(item) for item in lists], "notice": stale_notice(lists)})
        return ExitCode.OK
    labels = (_("Issued:"), _("Next update:"), _("From:"), _("File:"))
    width = max(len(label) for label in labels) + 2  # the values line up under each other
    for item in lists:
        say(_(item.spec.title))
        say(f"  {_count_words(item)}")
        values = (list_day(item.issued), list_day(item.next_update), _origin(item), str(item.path))
        for label, value in zip(labels, values, strict=True):
            say(f"  {label.ljust(width)}{value}")
    notice = stale_notice(lists)
    if notice:
        say(notice)
    say(
        _("Update with `{command}` (stored in {folder}).").format(
            command="credlabel trust update --download", folder=updated_folder()
        )
    )
    return ExitCode.OK


def list_to_dict(item: LoadedList) -> dict[str, Any]:
    return {
        "key": item.spec.key,
        "title": item.spec.title,
        "count": item.count,
        "issued": _iso(item.issued),
        "next_update": _iso(item.next_update),
        "out_of_date": item.out_of_date(now_utc()),
        "updated": item.updated,
        "from": item.fetched_from or item.spec.url,
        "fetched_on": _iso(item.fetched_on),
        "published_at": item.spec.url,
        "file": str(item.path),
    }


def _update(args: argparse.Namespace) -> ExitCode:
    if (args.folder is None) == (not args.download):
        complain(_("Give either a FOLDER holding the lists or --download (not both)."))
        return ExitCode.ERROR
    try:
        if args.download:
            bases = {_OFFICIAL: _base(args.official_url), _INTERIM: _base(args.interim_url)}
            result = update_from_web({k: v for k, v in bases.items() if v})
        else:
            result = update_from_folder(args.folder)
    except TrustListError as exc:
        complain(exc.sentence + " " + _("The lists in use were not changed."))
        return ExitCode.ERROR
    _say_result(result)
    return ExitCode.OK


def _say_result(result: UpdateResult) -> None:
    say(_("Updated from {source}:").format(source=result.source))
    for title, count in result.counts.items():
        say(f"  {title}: {count}")


def _base(url: str | None) -> str | None:
    return (url if url.endswith("/") else url + "/") if url else None


def _count_words(item: LoadedList) -> str:
    if item.spec.kind == "eku":
        return ngettext("{count} signing purpose", "{count} signing purposes", item.count).format(
            count=item.count
        )
    return ngettext("{count} certificate", "{count} certificates", item.count).format(
        count=item.count
    )


def _origin(item: LoadedList) -> str:
    if item.updated:
        return _("{source} (updated {date})").format(
            source=item.fetched_from, date=list_day(item.fetched_on)
        )
    return _("bundled with CredLabel (published at {url})").format(url=item.spec.url)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
