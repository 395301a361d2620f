"""Rebuild a `FileReport` from the JSON `report_to_dict` wrote (support bundles).

The inverse of `app.core.reports.json_report`, tolerant of missing fields (schema version 1 adds
fields freely). Thumbnails are not in the JSON, so the rebuilt report has none; raw library
views come back when the JSON had them (`raw`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.model import (
    Action,
    AiVerdict,
    AiVerdictKind,
    Certificate,
    FileReport,
    Ingredient,
    Manifest,
    MediaInfo,
    MediaKind,
    SignatureInfo,
    StatusCode,
    ValidationState,
)

MAX_DEPTH = 32


def report_from_dict(data: Mapping[str, Any]) -> FileReport:
    """A `FileReport` equal (thumbnails aside) to the one `report_to_dict` was given."""
    raw = _map(data.get("raw"))
    sidecar = data.get("sidecar")
    return FileReport(
        path=Path(str(data.get("file", ""))),
        media=media_from_dict(_map(data.get("media")), Path(str(data.get("file", "")))),
        state=_state(data.get("state")) or ValidationState.COULD_NOT_READ,
        ai=ai_from_dict(_map(data.get("ai"))),
        active_manifest=_opt(data.get("active_manifest")),
        manifests={
            str(label): manifest_from_dict(_map(m))
            for label, m in _map(data.get("manifests")).items()
        },
        status=tuple(status_from_dict(_map(s)) for s in _list(data.get("status"))),
        problem=_opt(data.get("problem")),
        remote_url=_opt(data.get("remote_url")),
        sidecar=Path(str(sidecar)) if sidecar else None,
        sidecar_for=_opt(data.get("sidecar_for")),
        trust_profile=str(data.get("trust_profile") or "none"),
        raw_json=_dumped(raw.get("json")),
        detailed_json=_dumped(raw.get("detailed_json")),
        crjson=_dumped(raw.get("crjson")),
        trust_source=_opt(data.get("trust_source")),
        invalid_kinds=tuple(
            str(c.get("kind")) for c in map(_map, _list(data.get("invalid_kinds"))) if c.get("kind")
        ),
    )


def media_from_dict(data: Mapping[str, Any], path: Path) -> MediaInfo:
    kind = data.get("kind")
    return MediaInfo(
        path=path,
        mime=_opt(data.get("mime")),
        kind=MediaKind(kind) if kind in {k.value for k in MediaKind} else MediaKind.OTHER,
        size=int(data.get("size") or 0),
        format_name=str(data.get("format") or ""),
        width=_int(data.get("width")),
        height=_int(data.get("height")),
        duration_s=_float(data.get("duration_s")),
        frame_rate=_float(data.get("frame_rate")),
        video_codec=_opt(data.get("video_codec")),
        audio_codec=_opt(data.get("audio_codec")),
        orientation=int(data.get("orientation") or 1),
        can_sign=bool(data.get("can_sign")),
        problem=_opt(data.get("problem")),
    )


def ai_from_dict(data: Mapping[str, Any]) -> AiVerdict:
    kind = data.get("kind")
    known = {k.value for k in AiVerdictKind}
    return AiVerdict(
        kind=AiVerdictKind(kind) if kind in known else AiVerdictKind.NO_CREDENTIALS,
        tools=_strings(data.get("tools")),
        source_manifest=_opt(data.get("source_manifest")),
        source_is_active=bool(data.get("source_is_active")),
        terms=_strings(data.get("terms")),
        evidence=_strings(data.get("evidence")),
    )


def status_from_dict(data: Mapping[str, Any]) -> StatusCode:
    return StatusCode(
        code=str(data.get("code", "unknown")),
        kind=str(data.get("kind", "failure")),
        url=str(data.get("url") or ""),
        library_text=str(data.get("library_text") or ""),
        explanation=str(data.get("explanation") or ""),
        what_to_do=str(data.get("what_to_do") or ""),
    )


def manifest_from_dict(data: Mapping[str, Any]) -> Manifest:
    training = _map(data.get("training_mining"))
    return Manifest(
        label=str(data.get("label", "")),
        title=_opt(data.get("title")),
        format=_opt(data.get("format")),
        claim_generator=str(data.get("claim_generator") or ""),
        signature=_signature(data.get("signature")),
        actions=tuple(_action(_map(a)) for a in _list(data.get("actions"))),
        ingredients=tuple(_ingredient(_map(i), 0) for i in _list(data.get("ingredients"))),
        assertion_labels=_strings(data.get("assertion_labels")),
        creators=_strings(data.get("creators")),
        training_mining={str(k): str(v) for k, v in training.items()},
        cawg_identity=_strings(data.get("cawg_identity")),
        app_name=str(data.get("app_name") or ""),
    )


def _signature(value: Any) -> SignatureInfo | None:
    if not isinstance(value, Mapping):
        return None
    return SignatureInfo(
        common_name=_opt(value.get("common_name")),
        organization=_opt(value.get("organization")),
        algorithm=_opt(value.get("algorithm")),
        serial=_opt(value.get("serial")),
        time=_opt(value.get("time")),
        chain=tuple(_certificate(_map(c)) for c in _list(value.get("chain"))),
    )


def _certificate(data: Mapping[str, Any]) -> Certificate:
    return Certificate(
        subject=str(data.get("subject") or ""),
        issuer=str(data.get("issuer") or ""),
        serial=str(data.get("serial") or ""),
        not_before=_date(data.get("not_before")),
        not_after=_date(data.get("not_after")),
    )


def _action(data: Mapping[str, Any]) -> Action:
    return Action(
        name=str(data.get("name", "")),
        label=str(data.get("label") or ""),
        when=_opt(data.get("when")),
        software_agent=_opt(data.get("software_agent")),
        digital_source_type=_opt(data.get("digital_source_type")),
        description=_opt(data.get("description")),
        parameters=_map(data.get("parameters")),
    )


def _ingredient(data: Mapping[str, Any], depth: int) -> Ingredient:
    children = (
        ()
        if depth >= MAX_DEPTH
        else tuple(_ingredient(_map(c), depth + 1) for c in _list(data.get("children")))
    )
    return Ingredient(
        title=str(data.get("title") or ""),
        format=_opt(data.get("format")),
        relationship=str(data.get("relationship") or ""),
        manifest_label=_opt(data.get("manifest_label")),
        state=_state(data.get("state")),
        status=tuple(status_from_dict(_map(s)) for s in _list(data.get("status"))),
        children=children,
    )


def _state(value: Any) -> ValidationState | None:
    known = {s.value: s for s in ValidationState}
    return known.get(str(value)) if value else None


def _map(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in _list(value))


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _date(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _dumped(value: Any) -> str | None:
    if value is None:
        return None
    # Indented like the library's own output: the Details view shows it to people.
    return value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
