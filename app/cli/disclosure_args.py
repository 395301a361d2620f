"""The disclosure options shared by every command that labels files (`label`, batch).

`add_disclosure_arguments(parser)` adds them; `disclosure_from_args(args)` turns the parsed
values into a `Disclosure`, raising `CredLabelError` with a sentence for an unknown edit.
"""

from __future__ import annotations

import argparse

from app.core.errors import CredLabelError
from app.core.i18n import _
from app.core.labeling.disclosure import EDIT_ACTIONS, AiTool, AiUse, DeclaredEdit, Disclosure


def add_disclosure_arguments(parser: argparse.ArgumentParser) -> None:
    """--ai, --ai-tool, --edit, --ai-edit, --title, --creator, --no-training, --no-xmp,
    --remove-location."""
    group = parser.add_argument_group(_("what you disclose"))
    group.add_argument(
        "--ai",
        choices=[u.value for u in AiUse],
        default=AiUse.NONE.value,
        help=_(
            "none: no AI used; partial: contains AI-generated or AI-edited elements; "
            "full: entirely AI-generated (default: none). A file whose history already records "
            "AI cannot be labeled none: a label never says less about AI than the history"
        ),
    )
    group.add_argument(
        "--ai-tool",
        action="append",
        default=[],
        metavar="NAME[@VERSION]",
        help=_("an AI tool used, e.g. 'Adobe Firefly@3' (repeatable)"),
    )
    edit_names = ", ".join(EDIT_ACTIONS)
    group.add_argument(
        "--edit",
        action="append",
        default=[],
        metavar="ACTION",
        help=_("an edit made in another app (repeatable): {names}").format(names=edit_names),
    )
    group.add_argument(
        "--ai-edit",
        action="append",
        default=[],
        metavar="ACTION",
        help=_("an edit made with AI assistance (repeatable; same names as --edit)"),
    )
    group.add_argument("--title", help=_("title of the work"))
    group.add_argument("--creator", help=_("your name as the creator (shown by viewers)"))
    group.add_argument(
        "--no-training", action="store_true", help=_('record "do not use for AI training"')
    )
    group.add_argument(
        "--no-xmp", action="store_true", help=_("do not mirror the AI term into IPTC XMP")
    )
    group.add_argument(
        "--remove-location",
        action="store_true",
        help=_(
            "leave the GPS location out of the copy's own metadata (JPEG, PNG, WebP, TIFF; "
            "the picture is not re-encoded)"
        ),
    )


def disclosure_from_args(args: argparse.Namespace) -> Disclosure:
    """The `Disclosure` the options describe; `CredLabelError` for an unknown edit."""
    edits = [_edit(name, False) for name in args.edit]
    edits += [_edit(name, True) for name in args.ai_edit]
    return Disclosure(
        ai=AiUse(args.ai),
        ai_tools=tuple(AiTool.parse(text) for text in args.ai_tool if text.strip()),
        edits=tuple(edits),
        title=args.title,
        creator=args.creator,
        no_ai_training=args.no_training,
        write_xmp=not args.no_xmp,
        remove_location=args.remove_location,
    )


def _edit(name: str, ai_assisted: bool) -> DeclaredEdit:
    if name not in EDIT_ACTIONS:
        raise CredLabelError(
            f'"{name}" is not an edit CredLabel knows. Choose from: {", ".join(EDIT_ACTIONS)}.'
        )
    return DeclaredEdit(name, ai_assisted)
