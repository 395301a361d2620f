"""The C2PA and IPTC words CredLabel reads and writes, each spelled once, with its plain words.

The IPTC digital source types say how a picture, video or sound was made; the reading side
(AI verdict, viewer predictions, compare) and the labeling side (manifest, XMP) use the same
terms. The C2PA action names (spec 2.2, Table 8) and what each means in the user's words are
here too, so the history, `inspect`, the reports and compare name an action alike.
"""

from __future__ import annotations

from app.core.i18n import N_

# -- IPTC digital source types (http://cv.iptc.org/newscodes/digitalsourcetype/) -------------

IPTC_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
GENERATED_TERM = "trainedAlgorithmicMedia"  # made entirely by a trained AI model
COMPOSITE_TERM = "compositeWithTrainedAlgorithmicMedia"  # contains AI-made parts
HUMAN_EDITS_TERM = "humanEdits"  # edited by a person with non-generative tools
AI_TERMS: frozenset[str] = frozenset({GENERATED_TERM, COMPOSITE_TERM})

SOURCE_TYPE_WORDS: dict[str, str] = {
    GENERATED_TERM: "made entirely by an AI model",
    COMPOSITE_TERM: "real content with AI-generated parts",
    "algorithmicallyEnhanced": "enhanced by software",
    "algorithmicMedia": "made by software without a trained model",
    "compositeCapture": "several captures combined",
    "compositeSynthetic": "combined with synthetic content",
    "composite": "a composite of several elements",
    "dataDrivenMedia": "made from data by software",
    "digitalArt": "drawn or painted digitally",
    "digitalCapture": "captured by a camera or recorder",
    HUMAN_EDITS_TERM: "edited by a person",
    "minorHumanEdits": "lightly edited by a person",
    "negativeFilm": "scanned from film negative",
    "positiveFilm": "scanned from slide film",
    "print": "scanned from a print",
    "screenCapture": "a screen capture",
    "virtualRecording": "recorded in a virtual environment",
}


def iptc_term(uri: str) -> str:
    """The IPTC term only (`trainedAlgorithmicMedia`), whatever the URI scheme (http or
    https) or a trailing slash: some files write the URI differently."""
    return uri.rstrip("/").rsplit("/", 1)[-1]


def source_type_words(term: str) -> str:
    """`digitalCapture (captured by a camera or recorder)`; an unknown term as it is."""
    words = SOURCE_TYPE_WORDS.get(term)
    return f"{term} ({words})" if words else term


# -- C2PA actions ------------------------------------------------------------------------

CREATED = "c2pa.created"
OPENED = "c2pa.opened"
EDITED = "c2pa.edited"
EDITED_METADATA = "c2pa.edited.metadata"
PLACED = "c2pa.placed"
REMOVED = "c2pa.removed"
TRANSLATED = "c2pa.translated"
UNKNOWN = "c2pa.unknown"
CROPPED = "c2pa.cropped"
RESIZED = "c2pa.resized"
ORIENTATION = "c2pa.orientation"
ADJUSTED_COLOR = "c2pa.adjustedColor"
FILTERED = "c2pa.filtered"
ENHANCED = "c2pa.enhanced"
DRAWING = "c2pa.drawing"
ADDED_TEXT = "c2pa.addedText"
TRIMMED = "c2pa.trimmed"
CHANGED_SPEED = "c2pa.changedSpeed"
DUBBED = "c2pa.dubbed"
TRANSCODED = "c2pa.transcoded"

# In English (stored in reports and JSON as they are); translated where people read them.
ACTION_LABELS: dict[str, str] = {
    CREATED: N_("Created"),
    OPENED: N_("Opened an existing file"),
    EDITED: N_("Edited"),
    EDITED_METADATA: N_("Edited the metadata"),
    PLACED: N_("Placed other content into it"),
    CROPPED: N_("Cropped"),
    RESIZED: N_("Resized"),
    ORIENTATION: N_("Rotated or flipped"),
    ADJUSTED_COLOR: N_("Adjusted colour or exposure"),
    "c2pa.color_adjustments": N_("Adjusted colour or exposure"),  # deprecated name
    FILTERED: N_("Applied a filter"),
    ENHANCED: N_("Enhanced (sharpened, denoised)"),
    DRAWING: N_("Drew or painted on it"),
    ADDED_TEXT: N_("Added text"),
    TRIMMED: N_("Trimmed"),
    CHANGED_SPEED: N_("Changed speed"),
    DUBBED: N_("Dubbed"),
    TRANSLATED: N_("Translated"),
    TRANSCODED: N_("Transcoded"),
    "c2pa.converted": N_("Converted to another format"),
    "c2pa.repackaged": N_("Repackaged"),
    REMOVED: N_("Removed something"),
    "c2pa.redacted": N_("Redacted"),
    "c2pa.watermarked": N_("Watermarked"),
    "c2pa.published": N_("Published"),
    UNKNOWN: N_("Unknown changes"),
}
TRAINING_LABELS = ("c2pa.training-mining", "cawg.training-mining")

# -- C2PA / CAWG assertion labels ----------------------------------------------------------

ACTIONS_ASSERTION = "c2pa.actions.v2"
TRAINING_ASSERTION = "cawg.training-mining"
# The CAWG metadata assertion: any XMP/IPTC field, bound to the claim (how a creator is
# named now); c2pa.metadata is restricted to a few fields and has no creator.
CAWG_METADATA_ASSERTION = "cawg.metadata"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
# Deprecated since C2PA 2.0 (claim generators must not write it); still read from old files.
CREATIVE_WORK_ASSERTION = "stds.schema-org.CreativeWork"
# Adobe's vendor assertion for generative AI, written before the IPTC terms were used.
ADOBE_GENERATIVE_AI_ASSERTION = "com.adobe.generative-ai"
ASSERTION_LABELS: frozenset[str] = frozenset(
    {
        ACTIONS_ASSERTION,
        TRAINING_ASSERTION,
        CAWG_METADATA_ASSERTION,
        CREATIVE_WORK_ASSERTION,
        *TRAINING_LABELS,
    }
)

# Actions the conformance program (v0.2, "Additional Conformance Requirements") lets go
# without a digitalSourceType; every other predefined action in a created assertion needs
# one, and c2pa.opened must never carry one.
NO_SOURCE_TYPE_NEEDED: frozenset[str] = frozenset(
    {
        "c2pa.converted",
        EDITED_METADATA,
        ENHANCED,
        OPENED,
        PLACED,
        "c2pa.published",
        "c2pa.redacted",
        "c2pa.repackaged",
        "c2pa.resized.proportional",
        TRANSCODED,
        "c2pa.watermarked",
        "c2pa.watermarked.bound",
        "c2pa.watermarked.unbound",
    }
)


def action_label(name: str) -> str:
    """An action in the user's words; an unknown one from its last name part."""
    if name in ACTION_LABELS:
        return ACTION_LABELS[name]
    return name.rsplit(".", 1)[-1].replace("_", " ").capitalize()
