"""`--trust` and `--trust-anchors`, the same for every command that reads or signs."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.core.i18n import _
from app.core.reading.trust import DEFAULT_PROFILE, PROFILE_NAMES, PROFILE_TITLES


def add_trust_arguments(parser: argparse.ArgumentParser) -> None:
    """`--trust` and `--trust-anchors`, as `credlabel inspect` has them."""
    titles = "; ".join(f"{name}: {_(PROFILE_TITLES[name])}" for name in PROFILE_NAMES)
    parser.add_argument(
        "--trust",
        choices=PROFILE_NAMES,
        default=DEFAULT_PROFILE,
        help=_("whose signatures count as trusted ({titles}; default: {default})").format(
            titles=titles, default=DEFAULT_PROFILE
        ),
    )
    parser.add_argument(
        "--trust-anchors",
        type=Path,
        action="append",
        default=[],
        metavar="PEM",
        help=_("also trust this root certificate (repeatable)"),
    )
