"""What the labeled copy will say, before it is written: the preview is the copy's verdict.

The export writes a new active manifest (built by `manifest_builder`) whose parent
ingredient carries the open file's own manifests. This module builds that same manifest,
parses it with the reader's own parser, hangs the file's history under it, and applies the
reader's rules (`ai_verdict`) and the viewers' rules (`active_summary`) to the result. So
"Viewers will show:" in the window is computed by the code that reads the copy back, on the
chain the export will write — never from the form alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.core.i18n import _
from app.core.labeling.disclosure import Disclosure
from app.core.labeling.manifest_builder import build_manifest
from app.core.model import AiVerdict, AiVerdictKind, FileReport, Ingredient, Manifest
from app.core.reading.ai_verdict import ai_verdict
from app.core.reading.credentials_parse import StoreParser
from app.core.reports.viewers import active_summary

# The label the copy's new manifest gets here; the real one is chosen by c2pa when signing.
PREVIEW_LABEL = "credlabel:preview-of-the-copy"


@dataclass(frozen=True)
class CopyPreview:
    """The AI verdict and the viewers' summary the labeled copy will have."""

    verdict: AiVerdict  # what reading the copy will say (the whole chain)
    summary: str | None  # the viewers' AI summary of the new active manifest (None: none)
    summary_tools: tuple[str, ...]  # "AI tool used" names viewers show with that summary

    @property
    def line(self) -> str:
        """One line for the window: the copy's verdict with the AI tool viewers name, or
        with the tools its history names when the new manifest names none."""
        if self.summary_tools:
            tools = ", ".join(self.summary_tools)
            return _("{verdict} · AI tool used: {tools}").format(
                verdict=self.verdict.kind.label, tools=tools
            )
        return self.verdict.sentence


def new_manifest(report: FileReport | None, disclosure: Disclosure) -> Manifest:
    """The copy's new active manifest as the reader will parse it (without its signature)."""
    definition = build_manifest(disclosure, report, thumbnail_id=None, instance_id="preview")
    parsed = StoreParser({"manifests": {PREVIEW_LABEL: definition}}, None, lambda _id: None)
    manifest = parsed.manifest(PREVIEW_LABEL)
    if report is None or report.active_manifest is None:
        return manifest  # a fresh file: no history to hang under the new manifest
    parent = Ingredient(
        title=report.path.name,
        format=report.media.mime,
        relationship="parentOf",
        manifest_label=report.active_manifest,
    )
    return replace(manifest, ingredients=(parent,))


def copy_preview(report: FileReport | None, disclosure: Disclosure) -> CopyPreview:
    """What the copy of `report` labeled with `disclosure` will say about AI."""
    manifest = new_manifest(report, disclosure)
    history = dict(report.manifests) if report is not None else {}
    verdict = ai_verdict({**history, PREVIEW_LABEL: manifest}, PREVIEW_LABEL)
    if verdict.kind is AiVerdictKind.NO_CREDENTIALS:  # cannot happen: the copy is signed
        verdict = AiVerdict(AiVerdictKind.NONE_DISCLOSED)
    summary, tools = active_summary(manifest)
    return CopyPreview(verdict, _(summary) if summary else None, tools)
