"""The user guide: a bundled, offline HTML page, its tables filled from the app's own words.

The states and AI verdicts are listed from `wording` and the model, so the guide can never
describe a state differently from the window and the reports.
"""

from __future__ import annotations

import html

from app.core.model import AiVerdictKind
from app.core.reports.wording import STATE_STYLES
from app.core.resources import resource_path

GUIDE_FILE = ("guide", "guide.html")

# What each AI verdict means, in one sentence (the labels themselves come from the model).
AI_MEANINGS: dict[AiVerdictKind, str] = {
    AiVerdictKind.GENERATED: "The credentials record that the content was made by generative "
    "AI (IPTC “trained algorithmic media”).",
    AiVerdictKind.CONTAINS_AI: "The credentials record that AI-generated elements were "
    "combined with other content, such as a generative fill in a photo.",
    AiVerdictKind.NONSTANDARD: "Only a vendor's own field (not the standard IPTC term) says "
    "AI was used; some viewers do not show it.",
    AiVerdictKind.NONE_DISCLOSED: "The file has credentials, and none of its steps records "
    "AI use. That is what the signers said, not proof that no AI was involved.",
    AiVerdictKind.NO_CREDENTIALS: "There are no credentials to say anything about AI.",
}


def guide_html() -> str:
    """The whole guide as one HTML page."""
    template = resource_path(*GUIDE_FILE).read_text(encoding="utf-8")
    return template.replace("{{states}}", _states_table()).replace("{{ai_verdicts}}", _ai_table())


def _states_table() -> str:
    rows = "".join(
        f'<tr><td><b style="color:{style.colour}">{html.escape(style.line)}</b></td>'
        f"<td>{html.escape(style.hint)}</td></tr>"
        for style in STATE_STYLES.values()
    )
    return f"<table><tr><th>State</th><th>What it means</th></tr>{rows}</table>"


def _ai_table() -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(kind.label)}</b></td><td>{html.escape(meaning)}</td></tr>"
        for kind, meaning in AI_MEANINGS.items()
    )
    return f"<table><tr><th>AI line</th><th>What it means</th></tr>{rows}</table>"
