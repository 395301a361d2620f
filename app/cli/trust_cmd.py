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
        help="show or update the public trust lists",
        description="The public C2PA trust lists that decide which signers read as Trusted "
        f'in the default profile ("{PROFILE_TITLES[DEFAULT_PROFILE]}").',
    )
    actions = parser.add_subparsers(dest="trust_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the lists in force, their counts and dates")
    show.add_argument("--json", action="store_true", help="print them as JSON")
    show.set_defaults(handler=_show)
    update = actions.add_parser(
        "update",
        help="replace the lists from a folder or by downloading them",
        description="Replace the trust lists with newer copies. Give a FOLDER holding the "
        "files (C2PA-TRUST-LIST.pem, C2PA-TSA-TRUST-LIST.pem, anchors.pem, allowed.pem, "
        "store.cfg, optionally the .json details), or --download to fetch them from their "
        "published HTTPS locations. Each file must parse before anything is replaced; the "
        "bundled copies stay as the fallback.",
    )
    update.add_argument("folder", nargs="?", type=Path, metavar="FOLDER")
    update.add_argument(
        "--download", action="store_true", help="download from the published locations"
    )
    update.add_argument("--official-url", metavar="URL", help=f"instead of {_OFFICIAL}")
    update.add_argument("--interim-url", metavar="URL", help=f"instead of {_INTERIM}")
    update.set_defaults(handler=_update)


def _show(args: argparse.Namespace) -> ExitCode:
    lists = load_lists()
    if args.json:
        say_json({"lists": [list_to_dict(item) for item in lists], "notice": stale_notice(lists)})
        return ExitCode.OK
    for item in lists:
        say(item.spec.title)
        say(f"  {_count_words(item)}")
        say(f"  Issued:       {_date(item.issued)}")
        say(f"  Next update:  {_date(item.next_update)}")
        say(f"  From:         {_origin(item)}")
        say(f"  File:         {item.path}")
    notice = stale_notice(lists)
    if notice:
        say(notice)
    say(f"Update with `credlabel trust update --download` (stored in {updated_folder()}).")
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
        complain("Give either a FOLDER holding the lists or --download (not both).")
        return ExitCode.ERROR
    try:
        if args.download:
            bases = {_OFFICIAL: _base(args.official_url), _INTERIM: _base(args.interim_url)}
            result = update_from_web({k: v for k, v in bases.items() if v})
        else:
            result = update_from_folder(args.folder)
    except TrustListError as exc:
        complain(f"{exc.sentence} The lists in use were not changed.")
        return ExitCode.ERROR
    _say_result(result)
    return ExitCode.OK


def _say_result(result: UpdateResult) -> None:
    say(f"Updated from {result.source}:")
    for title, count in result.counts.items():
        say(f"  {title}: {count}")


def _base(url: str | None) -> str | None:
    return (url if url.endswith("/") else url + "/") if url else None


def _count_words(item: LoadedList) -> str:
    what = "signing purposes" if item.spec.kind == "eku" else "certificates"
    return f"{item.count} {what}"


def _origin(item: LoadedList) -> str:
    if item.updated:
        return f"{item.fetched_from} (updated {_date(item.fetched_on)})"
    return f"bundled with CredLabel (published at {item.spec.url})"


def _date(value: datetime | None) -> str:
    return value.date().isoformat() if value else "not stated"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
