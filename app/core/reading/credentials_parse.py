"""Turn c2pa's manifest-store JSON into the typed model (`Manifest`, `Ingredient`, `Action`).

Pure functions over the parsed `Reader.json()` (plus `crjson()` for certificate details);
`app.core.reading.credentials` does the I/O. Everything here tolerates missing or oddly typed
fields: manifests from the wild (2022 test files, vendor tools) vary a lot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from app.core.model import (
    Action,
    Certificate,
    Ingredient,
    Manifest,
    SignatureInfo,
    StatusCode,
    ValidationState,
)
from app.core.reading.creators import with_metadata_creators
from app.core.reading.explanations import explain
from app.core.vocabulary import TRAINING_LABELS, UNKNOWN, action_label

JsonDict = dict[str, Any]
ThumbnailFetcher = Callable[[str], bytes | None]

MAX_INGREDIENT_DEPTH = 16
UNTRUSTED = "signingCredential.untrusted"
TRUSTED = "signingCredential.trusted"


def status_codes(results: Mapping[str, Any] | None) -> tuple[StatusCode, ...]:
    """`{success, informational, failure}` lists → StatusCode tuples (failures first)."""
    if not isinstance(results, Mapping):
        return ()
    out: list[StatusCode] = []
    for kind in ("failure", "informational", "success"):
        for entry in _list(results.get(kind)):
            out.append(_status(entry, kind))
    return tuple(out)


def legacy_status(entries: Any) -> tuple[StatusCode, ...]:
    """A v1 `validation_status` list (no kinds): everything listed is a failure."""
    return tuple(_status(entry, "failure") for entry in _list(entries))


def _status(entry: Any, kind: str) -> StatusCode:
    entry = entry if isinstance(entry, Mapping) else {}
    code = str(entry.get("code", "unknown"))
    sentence, what_to_do = explain(code)
    return StatusCode(
        code=code,
        kind=kind,
        url=str(entry.get("url") or ""),
        library_text=str(entry.get("explanation") or ""),
        explanation=sentence,
        what_to_do=what_to_do,
    )


def state_from_codes(status: tuple[StatusCode, ...]) -> ValidationState:
    """An ingredient's state from its own codes (the store-level state covers the file)."""
    failures = {s.code for s in status if s.kind == "failure"}
    if failures - {UNTRUSTED}:
        return ValidationState.INVALID
    if any(s.code == TRUSTED for s in status):
        return ValidationState.TRUSTED
    return ValidationState.VALID_UNTRUSTED


class StoreParser:
    """Builds `Manifest` objects for every manifest in one store."""

    def __init__(
        self, store: JsonDict, crjson: JsonDict | None, thumbnail: ThumbnailFetcher
    ) -> None:
        self.raw: Mapping[str, Any] = _dict(store.get("manifests"))
        self.deltas = _ingredient_deltas(store)
        self.certs = _crjson_signatures(crjson)
        self.fetch_thumbnail = thumbnail

    def manifests(self) -> dict[str, Manifest]:
        return {label: self.manifest(label) for label in self.raw}

    def manifest(self, label: str) -> Manifest:
        raw = _dict(self.raw.get(label))
        assertions = [_dict(a) for a in _list(raw.get("assertions"))]
        thumb, thumb_format = self._thumbnail(raw.get("thumbnail"))
        return Manifest(
            label=label,
            title=_str_or_none(raw.get("title")),
            format=_str_or_none(raw.get("format")),
            claim_generator=claim_generator(raw),
            signature=self._signature(label, _dict(raw.get("signature_info"))),
            actions=tuple(a for item in assertions for a in _actions(item)),
            ingredients=self._ingredients(raw, {label}, 0),
            assertion_labels=tuple(str(a.get("label", "")) for a in assertions),
            thumbnail=thumb,
            thumbnail_format=thumb_format,
            creators=with_metadata_creators(_creators(assertions), assertions),
            training_mining=_training_mining(assertions),
            cawg_identity=_cawg_identities(assertions),
            app_name=app_name(raw),
        )

    def _ingredients(self, raw: JsonDict, path: set[str], depth: int) -> tuple[Ingredient, ...]:
        return tuple(
            self._ingredient(_dict(item), path, depth) for item in _list(raw.get("ingredients"))
        )

    def _ingredient(self, raw: JsonDict, path: set[str], depth: int) -> Ingredient:
        label = _str_or_none(raw.get("active_manifest"))
        status = self._ingredient_status(raw)
        children: tuple[Ingredient, ...] = ()
        # A manifest may (maliciously) list itself as its own ancestor: stop at cycles and
        # at a sane depth instead of recursing forever.
        if label and label in self.raw and label not in path and depth < MAX_INGREDIENT_DEPTH:
            children = self._ingredients(_dict(self.raw[label]), path | {label}, depth + 1)
        thumb, thumb_format = self._thumbnail(raw.get("thumbnail"))
        return Ingredient(
            title=str(raw.get("title") or "(untitled)"),
            format=_str_or_none(raw.get("format")),
            relationship=str(raw.get("relationship") or "componentOf"),
            manifest_label=label,
            state=state_from_codes(status) if label else None,
            status=status,
            thumbnail=thumb,
            thumbnail_format=thumb_format,
            children=children,
        )

    def _ingredient_status(self, raw: JsonDict) -> tuple[StatusCode, ...]:
        results = _dict(raw.get("validation_results"))
        own = status_codes(_dict(results.get("activeManifest"))) or legacy_status(
            raw.get("validation_status")
        )
        delta = self.deltas.get(str(raw.get("label") or ""), ())
        seen = {(s.code, s.kind) for s in own}
        return own + tuple(s for s in delta if (s.code, s.kind) not in seen)

    def _thumbnail(self, ref: Any) -> tuple[bytes | None, str | None]:
        ref = _dict(ref)
        identifier = ref.get("identifier")
        if not isinstance(identifier, str):
            return None, None
        data = self.fetch_thumbnail(identifier)
        return (data, _str_or_none(ref.get("format"))) if data else (None, None)

    def _signature(self, label: str, info: JsonDict) -> SignatureInfo | None:
        if not info and label not in self.certs:
            return None
        serial = info.get("cert_serial_number")
        return SignatureInfo(
            common_name=_str_or_none(info.get("common_name")),
            organization=_str_or_none(info.get("issuer")),
            algorithm=_str_or_none(info.get("alg")),
            serial=str(serial) if serial is not None else None,
            time=_str_or_none(info.get("time")),
            chain=self.certs.get(label, ()),
        )


def claim_generator(raw: Mapping[str, Any]) -> str:
    """The app or device: `claim_generator`, else the first `claim_generator_info`."""
    text = raw.get("claim_generator")
    if isinstance(text, str) and text:
        return text
    for item in _list(raw.get("claim_generator_info")):
        info = _dict(item)
        name = info.get("name")
        if isinstance(name, str) and name:
            version = info.get("version")
            return f"{name} {version}" if isinstance(version, str) and version else name
    return ""


def app_name(raw: Mapping[str, Any]) -> str:
    """The app or device in people's words: the first `claim_generator_info` name and
    version ("Adobe Photoshop 26.9.0"), else the product part of the `claim_generator`
    string ("Adobe_Firefly adobe_c2pa/0.12.4" → "Adobe Firefly"). "" when neither says."""
    for item in _list(raw.get("claim_generator_info")):
        info = _dict(item)
        name = info.get("name")
        if isinstance(name, str) and name.strip():
            version = info.get("version")
            words = name.strip().replace("_", " ")
            return f"{words} {version}" if isinstance(version, str) and version else words
    text = raw.get("claim_generator")
    return _product(text) if isinstance(text, str) else ""


def _product(text: str) -> str:
    # A User-Agent-like string: "Product/1.2 library/3.4". Words before the first
    # product/version token are the product's name ("Test Signer c2patool/0.7.0").
    tokens = text.split()
    if not tokens:
        return ""
    first_versioned = next((i for i, t in enumerate(tokens) if "/" in t), len(tokens))
    if first_versioned > 0:
        return " ".join(tokens[:first_versioned]).replace("_", " ")
    name, _, version = tokens[0].partition("/")
    return f"{name.replace('_', ' ')} {version}".strip()


def _actions(assertion: JsonDict) -> list[Action]:
    label = str(assertion.get("label", ""))
    if not label.startswith("c2pa.actions"):
        return []
    return [_action(_dict(a)) for a in _list(_dict(assertion.get("data")).get("actions"))]


def _action(raw: JsonDict) -> Action:
    name = str(raw.get("action") or UNKNOWN)
    parameters = _dict(raw.get("parameters"))
    source = raw.get("digitalSourceType") or parameters.get("digitalSourceType")
    return Action(
        name=name,
        label=action_label(name),
        when=_str_or_none(raw.get("when")),
        software_agent=software_agent_name(raw.get("softwareAgent")),
        digital_source_type=source if isinstance(source, str) else None,
        description=_str_or_none(raw.get("description")),
        parameters=parameters,
    )


def software_agent_name(agent: Any) -> str | None:
    """`"DALL·E"` or `{"name": "Firefly", "version": "3"}` → `"Firefly 3"`."""
    if isinstance(agent, str):
        return agent or None
    if isinstance(agent, Mapping):
        name = agent.get("name")
        if isinstance(name, str) and name:
            version = agent.get("version")
            return f"{name} {version}" if isinstance(version, str) and version else name
    return None


def _creators(assertions: list[JsonDict]) -> tuple[str, ...]:
    names: list[str] = []
    for assertion in assertions:
        if not str(assertion.get("label", "")).startswith("stds.schema-org.CreativeWork"):
            continue
        authors = _dict(assertion.get("data")).get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            name = _dict(author).get("name") if isinstance(author, Mapping) else author
            if isinstance(name, str) and name and name not in names:
                names.append(name)
    return tuple(names)


def _cawg_identities(assertions: list[JsonDict]) -> tuple[str, ...]:
    found: list[str] = []
    for assertion in assertions:
        if not str(assertion.get("label", "")).startswith("cawg.identity"):
            continue
        for identity in _list(_dict(assertion.get("data")).get("verifiedIdentities")):
            text = _identity_text(_dict(identity))
            if text and text not in found:
                found.append(text)
    return tuple(found)


def _identity_text(identity: JsonDict) -> str:
    who = identity.get("name") or identity.get("username") or identity.get("uri")
    provider = _dict(identity.get("provider")).get("name")
    if not isinstance(who, str) or not who:
        return ""
    return f"{who} (verified by {provider})" if isinstance(provider, str) else who


def _training_mining(assertions: list[JsonDict]) -> dict[str, str]:
    uses: dict[str, str] = {}
    for assertion in assertions:
        if str(assertion.get("label", "")).split("__")[0] not in TRAINING_LABELS:
            continue
        for use, entry in _dict(_dict(assertion.get("data")).get("entries")).items():
            value = _dict(entry).get("use")
            if isinstance(value, str):
                uses[str(use)] = value
    return uses


def _ingredient_deltas(store: JsonDict) -> dict[str, tuple[StatusCode, ...]]:
    """Active-manifest ingredient deltas keyed by ingredient assertion label."""
    out: dict[str, tuple[StatusCode, ...]] = {}
    results = _dict(store.get("validation_results"))
    for item in _list(results.get("ingredientDeltas")):
        delta = _dict(item)
        uri = str(delta.get("ingredientAssertionURI") or "")
        out[uri.rsplit("/", 1)[-1]] = status_codes(_dict(delta.get("validationDeltas")))
    return out


def _crjson_signatures(crjson: JsonDict | None) -> dict[str, tuple[Certificate, ...]]:
    """The signer certificate of each manifest as crjson describes it (c2pa exposes the
    leaf's subject/issuer/serial/validity only, not the certificates themselves)."""
    out: dict[str, tuple[Certificate, ...]] = {}
    for item in _list(_dict(crjson).get("manifests")):
        manifest = _dict(item)
        info = _dict(_dict(manifest.get("signature")).get("certificateInfo"))
        if info and isinstance(manifest.get("label"), str):
            out[manifest["label"]] = (_certificate(info),)
    return out


def _certificate(info: JsonDict) -> Certificate:
    validity = _dict(info.get("validity"))
    return Certificate(
        subject=_dn(info.get("subject")),
        issuer=_dn(info.get("issuer")),
        serial=str(info.get("serialNumber") or ""),
        not_before=_parse_time(validity.get("notBefore")),
        not_after=_parse_time(validity.get("notAfter")),
    )


def _dn(name: Any) -> str:
    if isinstance(name, Mapping):
        return ", ".join(f"{k}={v}" for k, v in name.items())
    return str(name or "")


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _dict(value: Any) -> JsonDict:
    return dict(value) if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
