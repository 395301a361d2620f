"""The C2PA and IPTC words CredLabel reads and writes, each spelled once, with its plain words.

The IPTC digital source types say how a picture, video or sound was made; the reading side
(AI verdict, viewer predictions, compare) and the labeling side (manifest, XMP) use the same
terms. The C2PA action names (spec 2.2, Table 8) and what each means in the user's words are
here too, so the history, `inspect`, the reports and compare name an action alike.
"""

from __future__ import annotations

# -- IPTC digital source types (http://cv.iptc.org/newscodes/digitalsourcetype/) -------------

IPTC_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
GENERATED_TERM = "trainedAlgorithmicMedia"  # made entirely by a trained AI model
COMPOSITE_TERM = "compositeWithTrainedAlgorithmicMedia"  # contains AI-made parts
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
    "humanEdits": "edited by a person",
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

ACTION_LABELS: dict[str, str] = {
    CREATED: "Created",
    OPENED: "Opened an existing file",
    EDITED: "Edited",
    EDITED_METADATA: "Edited the metadata",
    PLACED: "Placed other content into it",
    "c2pa.cropped": "Cropped",
    "c2pa.resized": "Resized",
    "c2pa.orientation": "Rotated or flipped",
    "c2pa.adjustedColor": "Adjusted colour or exposure",
    "c2pa.color_adjustments": "Adjusted colour or exposure",  # deprecated name
    "c2pa.filtered": "Applied a filter",
    "c2pa.enhanced": "Enhanced (sharpened, denoised)",
    "c2pa.drawing": "Drew or painted on it",
    "c2pa.addedText": "Added text",
    "c2pa.trimmed": "Trimmed",
    "c2pa.changedSpeed": "Changed speed",
    "c2pa.dubbed": "Dubbed",
    TRANSLATED: "Translated",
    "c2pa.transcoded": "Transcoded",
    "c2pa.converted": "Converted to another format",
    "c2pa.repackaged": "Repackaged",
    REMOVED: "Removed something",
    "c2pa.redacted": "Redacted",
    "c2pa.watermarked": "Watermarked",
    "c2pa.published": "Published",
    UNKNOWN: "Unknown changes",
}
TRAINING_LABELS = ("c2pa.training-mining", "cawg.training-mining")


def action_label(name: str) -> str:
    """An action in the user's words; an unknown one from its last name part."""
    if name in ACTION_LABELS:
        return ACTION_LABELS[name]
    return name.rsplit(".", 1)[-1].replace("_", " ").capitalize()
