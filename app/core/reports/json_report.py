"""A `FileReport` as plain JSON-ready data: `credlabel inspect --json`, reports, support
bundles. The shape is versioned by `SCHEMA_VERSION` (documented in README, "credlabel
inspect"); add fields freely, but rename or remove only with a version bump.

Thumbnails are described (format, size in bytes), never embedded; private material never
appears here (the model holds none).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from app.core.model import (
    Action,
    AiVerdict,
    Certificate,
    FileReport,
    Ingredient,
    Manifest,
    MediaInfo,
    SignatureInfo,
    StatusCode,
)
from app.core.reading.manifest_facts import facts_to_dict
from app.core.reports.wording import Cause, headline, invalid_causes

SCHEMA_VERSION = 1


def report_to_dict(report: FileReport, *, include_raw: bool = False) -> dict[str, Any]:
    """The report as JSON-ready data. `include_raw` adds the library's own views
    (`json`, `detailed_json`, `crjson`) parsed, when the report has them."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "file": str(report.path),
        "state": report.state.value,
        "state_label": report.state.label,
        "problem": report.problem,
        "remote_url": report.remote_url,
        "sidecar": str(report.sidecar) if report.sidecar else None,
        "sidecar_for": report.sidecar_for,
        "trust_profile": report.trust_profile,
        # One source of words (`wording`): the same headline as the badge and `inspect`.
        "headline": headline(report),
        "trust_source": report.trust_source,
        "invalid_kind": report.invalid_kind,
        "invalid_kinds": [cause_to_dict(c) for c in invalid_causes(report)],
        "media": media_to_dict(report.media),
        "ai": ai_to_dict(report.ai),
        "active_manifest": report.active_manifest,
        "status": [status_to_dict(s) for s in report.status],
        "manifests": {label: manifest_to_dict(m) for label, m in report.manifests.items()},
        # The active manifest's capture facts, identity check and training choice.
        "facts": facts_to_dict(report),
    }
    if include_raw:
        out["raw"] = {
            "json": _parsed(report.raw_json),
            "detailed_json": _parsed(report.detailed_json),
            "crjson": _parsed(report.crjson),
        }
    return out


def cause_to_dict(cause: Cause) -> dict[str, Any]:
    return {
        "kind": cause.kind,
        "headline": cause.headline,
        "explanation": cause.explanation,
        "what_to_do": cause.what_to_do,
    }


def media_to_dict(media: MediaInfo) -> dict[str, Any]:
    return {
        "mime": media.mime,
        "kind": media.kind.value,
        "format": media.format_name,
        "size": media.size,
        "width": media.width,
        "height": media.height,
        "duration_s": media.duration_s,
        "frame_rate": media.frame_rate,
        "video_codec": media.video_codec,
        "audio_codec": media.audio_codec,
        "orientation": media.orientation,
        "can_sign": media.can_sign,
        "problem": media.problem,
    }


def ai_to_dict(ai: AiVerdict) -> dict[str, Any]:
    return {
        "kind": ai.kind.value,
        "label": ai.kind.label,
        "sentence": ai.sentence,
        "tools": list(ai.tools),
        "source_manifest": ai.source_manifest,
        "source_is_active": ai.source_is_active,
        "terms": list(ai.terms),
        "evidence": list(ai.evidence),
    }


def status_to_dict(status: StatusCode) -> dict[str, Any]:
    return {
        "code": status.code,
        "kind": status.kind,
        "explanation": status.explanation,
        "what_to_do": status.what_to_do,
        "library_text": status.library_text,
        "url": status.url,
    }


def manifest_to_dict(manifest: Manifest) -> dict[str, Any]:
    return {
        "label": manifest.label,
        "title": manifest.title,
        "format": manifest.format,
        "claim_generator": manifest.claim_generator,
        "app_name": manifest.app_name,
        "signature": signature_to_dict(manifest.signature),
        "actions": [action_to_dict(a) for a in manifest.actions],
        "ingredients": [ingredient_to_dict(i) for i in manifest.ingredients],
        "assertion_labels": list(manifest.assertion_labels),
        "creators": list(manifest.creators),
        "cawg_identity": list(manifest.cawg_identity),
        "training_mining": dict(manifest.training_mining),
        "thumbnail": _thumbnail(manifest.thumbnail, manifest.thumbnail_format),
    }


def signature_to_dict(signature: SignatureInfo | None) -> dict[str, Any] | None:
    if signature is None:
        return None
    return {
        "common_name": signature.common_name,
        "organization": signature.organization,
        "algorithm": signature.algorithm,
        "serial": signature.serial,
        "time": signature.time,
        "chain": [certificate_to_dict(c) for c in signature.chain],
    }


def certificate_to_dict(cert: Certificate) -> dict[str, Any]:
    return {
        "subject": cert.subject,
        "issuer": cert.issuer,
        "serial": cert.serial,
        "not_before": _iso(cert.not_before),
        "not_after": _iso(cert.not_after),
    }


def action_to_dict(action: Action) -> dict[str, Any]:
    return {
        "name": action.name,
        "label": action.label,
        "when": action.when,
        "software_agent": action.software_agent,
        "digital_source_type": action.digital_source_type,
        "description": action.description,
        "parameters": _jsonable(action.parameters),
    }


def ingredient_to_dict(ingredient: Ingredient) -> dict[str, Any]:
    return {
        "title": ingredient.title,
        "format": ingredient.format,
        "relationship": ingredient.relationship,
        "manifest_label": ingredient.manifest_label,
        "state": ingredient.state.value if ingredient.state else None,
        "status": [status_to_dict(s) for s in ingredient.status],
        "thumbnail": _thumbnail(ingredient.thumbnail, ingredient.thumbnail_format),
        "children": [ingredient_to_dict(c) for c in ingredient.children],
    }


def _thumbnail(data: bytes | None, fmt: str | None) -> dict[str, Any] | None:
    return {"format": fmt, "size": len(data)} if data else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _jsonable(value: Any) -> Any:
    """Parameters come from JSON already; anything else is shown as text."""
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return dict(value) if hasattr(value, "items") else value


def _parsed(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
