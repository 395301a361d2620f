"""What the active manifest says beyond state and verdict, as the file records it: the
actions in plain words, the creator and CAWG identity (and whether it could be checked),
the "do not train" preference, and the camera capture facts of `stds.exif`.

One place for the window's card, `credlabel inspect` (text and `--json`) and the HTML/PDF
report, so the three never disagree. The location is kept apart from the other capture
facts: it is shown only when the user asks (it can tell where someone lives).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.core.dates import when_text
from app.core.i18n import _
from app.core.model import FileReport, Manifest, StatusCode

EXIF_LABEL = "stds.exif"


@dataclass(frozen=True)
class CaptureFacts:
    """The camera's own facts, each as recorded ("" when the file does not say)."""

    camera: str = ""  # "Google Pixel 5"
    lens: str = ""
    exposure: str = ""  # "1/125 s, f/2.8, ISO 200, 35 mm"
    taken: str = ""  # the date taken, as written
    location: str = ""  # "43.152094, -77.580533 (altitude 123.5 m)"

    @property
    def has_location(self) -> bool:
        return bool(self.location)

    def rows(self) -> list[tuple[str, str]]:
        """(field, value) for each recorded fact except the location, for people."""
        rows = [
            (_("Camera"), self.camera),
            (_("Lens"), self.lens),
            (_("Exposure"), self.exposure),
            (_("Date taken"), when_text(self.taken) if self.taken else ""),
        ]
        return [(name, value) for name, value in rows if value]

    def to_dict(self) -> dict[str, str | None]:
        """Stable, untranslated keys for `inspect --json` and reports."""
        return {
            "camera": self.camera or None,
            "lens": self.lens or None,
            "exposure": self.exposure or None,
            "date_taken": self.taken or None,
            "location": self.location or None,
        }


def capture_facts(report: FileReport) -> CaptureFacts:
    """The active manifest's `stds.exif` facts (every instance of the assertion merged)."""
    fields: dict[str, Any] = {}
    for data in _exif_assertions(report):
        for key, value in data.items():
            if key != "@context":
                fields.setdefault(key.split(":")[-1].lower(), value)
    make, model = _text(fields.get("make")), _text(fields.get("model"))
    camera = model if make and model.lower().startswith(make.lower()) else f"{make} {model}"
    return CaptureFacts(
        camera=camera.strip(),
        lens=_text(fields.get("lensmodel")) or _text(fields.get("lens")),
        exposure=_exposure(fields),
        taken=_text(fields.get("datetimeoriginal")) or _text(fields.get("datetimedigitized")),
        location=_location(fields),
    )


def _exif_assertions(report: FileReport) -> Iterator[Mapping[str, Any]]:
    if not report.raw_json or not report.active_manifest:
        return
    try:
        store = json.loads(report.raw_json)
    except ValueError:
        return
    manifest = store.get("manifests", {}).get(report.active_manifest, {})
    for assertion in manifest.get("assertions", []) if isinstance(manifest, dict) else ():
        label = str(assertion.get("label", "")).split("__")[0]
        if label == EXIF_LABEL and isinstance(assertion.get("data"), Mapping):
            yield assertion["data"]


def _exposure(fields: Mapping[str, Any]) -> str:
    parts = []
    if time := _text(fields.get("exposuretime")):
        parts.append(f"{_fraction(time)} s")
    if number := _text(fields.get("fnumber")):
        parts.append(f"f/{_number(number)}")
    iso = fields.get("isospeedratings") or fields.get("photographicsensitivity")
    if iso_text := _text(iso[0] if isinstance(iso, list) and iso else iso):
        parts.append(f"ISO {iso_text}")
    if focal := _text(fields.get("focallength")):
        parts.append(f"{_number(focal)} mm")
    return ", ".join(parts)


def _location(fields: Mapping[str, Any]) -> str:
    latitude, longitude = _text(fields.get("gpslatitude")), _text(fields.get("gpslongitude"))
    if not (latitude and longitude):
        return ""
    text = f"{_number(latitude, 6)}, {_number(longitude, 6)}"
    if altitude := _text(fields.get("gpsaltitude")):
        text += " " + _("(altitude {metres} m)").format(metres=_number(altitude))
    return text


def _fraction(text: str) -> str:
    """EXIF writes exposure as "1/125" or "0.008": people read 1/125."""
    try:
        value = float(_number(text))
    except ValueError:
        return text
    return f"1/{round(1 / value)}" if 0 < value < 1 else _number(text)


def _number(text: str, digits: int = 1) -> str:
    """ "28/10" -> "2.8"; decimals kept to `digits`; anything else as written."""
    try:
        top, _slash, bottom = text.partition("/")
        value = float(top) / float(bottom) if bottom else float(top)
    except (ValueError, ZeroDivisionError):
        return text
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def _text(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    return ""


# -- actions, creator, identity, training preference ----------------------------------------


def action_lines(manifest: Manifest) -> tuple[str, ...]:
    """Each action in plain words: "Opened", "Edited with Adobe Firefly"."""
    lines = []
    for action in manifest.actions:
        text = _(action.label) if action.label else action.name  # the label is English
        if action.software_agent:
            text = _("{action} with {tool}").format(action=text, tool=action.software_agent)
        lines.append(text)
    return tuple(lines)


def identity_lines(report: FileReport) -> tuple[str, ...]:
    """Each CAWG identity with whether the library could check it."""
    active = report.active
    if active is None or not active.cawg_identity:
        return ()
    checked = identity_check(report.status)
    words = {
        "checked": _("checked"),
        "failed": _("its check failed"),
        "unchecked": _("could not be checked"),
    }[checked]
    return tuple(f"{name} — {words}" for name in active.cawg_identity)


def identity_check(status: tuple[StatusCode, ...]) -> str:
    """ "checked", "failed" or "unchecked", from the `cawg.*` validation codes."""
    cawg = [s for s in status if s.code.startswith("cawg.")]
    if any(s.kind == "failure" for s in cawg):
        return "failed"
    if any(s.kind == "success" and ("valid" in s.code or "trusted" in s.code) for s in cawg):
        return "checked"
    return "unchecked"


def training_preference(manifest: Manifest) -> str:
    """The "do not train" preference in one sentence ("" when the file states none)."""
    uses = manifest.training_mining
    if not uses:
        return ""
    refused = sorted(use for use, value in uses.items() if value == "notAllowed")
    if len(refused) == len(uses):
        return _("Do not use for AI training or data mining")
    if not refused:
        return _("AI training and data mining allowed")
    return _("Not allowed: {uses}").format(uses=", ".join(_use_name(u) for u in refused))


def _use_name(use: str) -> str:
    return use.split(".", 1)[-1].replace("_", " ")


def facts_to_dict(report: FileReport) -> dict[str, Any]:
    """The JSON view (keys stable, values as recorded, never translated)."""
    active = report.active
    has_identity = active is not None and bool(active.cawg_identity)
    return {
        "capture": capture_facts(report).to_dict(),
        "identity_check": identity_check(report.status) if has_identity else None,
        "do_not_train": (
            bool(active.training_mining)
            and all(v == "notAllowed" for v in active.training_mining.values())
            if active
            else False
        ),
    }


def fact_rows(report: FileReport) -> list[tuple[str, str]]:
    """(field, value) rows for text reports: actions, identity, training preference and
    capture facts. The location itself is left out: only the window shows it, when asked."""
    active = report.active
    if active is None:
        return []
    rows = [
        (_("Actions"), "; ".join(action_lines(active))),
        (_("Identity"), "; ".join(identity_lines(report))),
        (_("AI training"), training_preference(active)),
    ]
    facts = capture_facts(report)
    rows += facts.rows()
    if facts.has_location:
        rows.append((_("Location"), _("recorded (not shown here)")))
    return [(name, value) for name, value in rows if value]


def manifest_rows(manifest: Manifest) -> list[tuple[str, str]]:
    """One manifest's own facts (an ingredient's, shown from the history tree): who signed,
    with which app, its actions and the AI terms its actions declare."""
    signature = manifest.signature
    signer = (signature.organization or signature.common_name or "") if signature else ""
    terms = sorted({a.source_term for a in manifest.actions if a.source_term})
    rows = [
        (_("Signed by"), signer),
        (_("App or device"), manifest.app_name or manifest.claim_generator),
        (_("Actions"), "; ".join(action_lines(manifest))),
        (_("AI terms"), ", ".join(terms)),
        (_("Creator"), ", ".join(manifest.creators)),
        (_("AI training"), training_preference(manifest)),
    ]
    return [(name, value) for name, value in rows if value]
