"""FileReports built by hand for GUI tests that must run without the corpus."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from app.core.model import (
    AiVerdict,
    AiVerdictKind,
    FileReport,
    Ingredient,
    Manifest,
    MediaInfo,
    MediaKind,
    SignatureInfo,
    StatusCode,
    ValidationState,
)


def jpeg_bytes(color: str = "red", size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def media(path: Path = Path("/tmp/photo.jpg"), can_sign: bool = True) -> MediaInfo:
    return MediaInfo(path, "image/jpeg", MediaKind.IMAGE, 1234, "JPEG", 64, 48, can_sign=can_sign)


def report_in_state(state: ValidationState, path: Path = Path("/tmp/photo.jpg")) -> FileReport:
    """A report in `state`; with credentials it carries a two-level history."""
    if state in (ValidationState.NO_CREDENTIALS, ValidationState.COULD_NOT_READ):
        problem = (
            "The credentials are damaged." if state is ValidationState.COULD_NOT_READ else None
        )
        ai = AiVerdict(AiVerdictKind.NO_CREDENTIALS)
        return FileReport(path, media(path), state, ai, problem=problem)
    grandchild = Ingredient("camera.jpg", "image/jpeg", "parentOf", None, None)
    child = Ingredient(
        "draft.jpg",
        "image/jpeg",
        "componentOf",
        "urn:c2pa:child",
        ValidationState.INVALID,
        status=(StatusCode("assertion.dataHash.mismatch", "failure", explanation="Changed."),),
        thumbnail=jpeg_bytes("blue"),
        children=(grandchild,),
    )
    other = Ingredient("sky.png", "image/png", "inputTo", None, ValidationState.NO_CREDENTIALS)
    active = Manifest(
        "urn:c2pa:active",
        "final.jpg",
        "image/jpeg",
        "Photo Editor 2.0",
        SignatureInfo("Jane", "Example Org", "Es256", "1", "2025-01-02T03:04:05+00:00"),
        ingredients=(child, other),
        thumbnail=jpeg_bytes("green"),
    )
    child_manifest = Manifest("urn:c2pa:child", "draft.jpg", "image/jpeg", "Camera 1", None)
    ai = AiVerdict(AiVerdictKind.GENERATED, tools=("Tool X",))
    status = (StatusCode("claimSignature.validated", "success", explanation="Signature OK."),)
    return FileReport(
        path,
        media(path),
        state,
        ai,
        active_manifest=active.label,
        manifests={active.label: active, child_manifest.label: child_manifest},
        status=status,
        raw_json='{"active_manifest": "urn:c2pa:active", "needle": 1}',
    )
