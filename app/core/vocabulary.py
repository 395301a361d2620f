"""The C2PA and IPTC words CredLabel reads and writes, in one place.

The IPTC digital source types say how a picture, video or sound was made; the reading side
(AI verdict, viewer predictions) and the labeling side (manifest, XMP) use the same terms.
"""

from __future__ import annotations

IPTC_BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/"
GENERATED_TERM = "trainedAlgorithmicMedia"  # made entirely by a trained AI model
COMPOSITE_TERM = "compositeWithTrainedAlgorithmicMedia"  # contains AI-made parts
AI_TERMS: frozenset[str] = frozenset({GENERATED_TERM, COMPOSITE_TERM})
