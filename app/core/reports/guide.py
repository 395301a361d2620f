"""The user guide: a bundled, offline HTML page, its tables filled from the app's own words.

The states and AI verdicts are listed from `wording` and the model, so the guide can never
describe a state differently from the window and the reports.
"""

from __future__ import annotations

import html

from app.core.i18n import N_, _
from app.core.model import AiVerdictKind
from app.core.reports.wording import (
    INVALID_CAUSES,
    STATE_STYLES,
    TRUST_SOURCE_HEADLINES,
    TRUST_SOURCE_SENTENCES,
)
from app.core.resources import resource_path

GUIDE_FILE = ("guide", "guide.html")

# What each AI verdict means, in one sentence (the labels themselves come from the model).
AI_MEANINGS: dict[AiVerdictKind, str] = {
    AiVerdictKind.GENERATED: N_(
        "The credentials record that the content was made by generative "
        "AI (IPTC “trained algorithmic media”)."
    ),
    AiVerdictKind.CONTAINS_AI: N_(
        "The credentials record that AI-generated elements were "
        "combined with other content, such as a generative fill in a photo."
    ),
    AiVerdictKind.NONSTANDARD: N_(
        "Only a vendor's own field (not the standard IPTC term) says "
        "AI was used; some viewers do not show it."
    ),
    AiVerdictKind.NONE_DISCLOSED: N_(
        "The file has credentials, and none of its steps records "
        "AI use. That is what the signers said, not proof that no AI was involved."
    ),
    AiVerdictKind.NO_CREDENTIALS: N_("There are no credentials to say anything about AI."),
}


def guide_html() -> str:
    """The whole guide as one HTML page."""
    template = resource_path(*GUIDE_FILE).read_text(encoding="utf-8")
    tables = {
        "{{states}}": _states_table(),
        "{{ai_verdicts}}": _ai_table(),
        "{{invalid_causes}}": _causes_table(),
        "{{trust_sources}}": _sources_table(),
    }
    for marker, table in tables.items():
        template = template.replace(marker, table)
    return template


def _states_table() -> str:
    rows = "".join(
        f'<tr><td><b style="color:{style.colour}">{html.escape(style.line)}</b></td>'
        f"<td>{html.escape(_(style.hint))}</td></tr>"
        for style in STATE_STYLES.values()
    )
    return f"<table>{_head(N_('State'), N_('What it means'))}{rows}</table>"


def _ai_table() -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(kind.label)}</b></td><td>{html.escape(_(meaning))}</td></tr>"
        for kind, meaning in AI_MEANINGS.items()
    )
    return f"<table>{_head(N_('AI line'), N_('What it means'))}{rows}</table>"


def _causes_table() -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(_(cause.headline))}</b></td>"
        f"<td>{html.escape(_(cause.explanation))}</td><td>{html.escape(_(cause.what_to_do))}</td></tr>"
        for cause in INVALID_CAUSES.values()
    )
    return f"<table>{_head(N_('Shown as'), N_('What it means'), N_('What to do'))}{rows}</table>"


def _sources_table() -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(_(TRUST_SOURCE_HEADLINES[key]))}</b></td>"
        f"<td>{html.escape(_(TRUST_SOURCE_SENTENCES[key]))}</td></tr>"
        for key in TRUST_SOURCE_HEADLINES
    )
    return f"<table>{_head(N_('Shown as'), N_('Who vouches'))}{rows}</table>"


def _head(*names: str) -> str:
    """A table's heading row, in the language spoken."""
    return "<tr>" + "".join(f"<th>{html.escape(_(name))}</th>" for name in names) + "</tr>"
