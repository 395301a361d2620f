"""Creators named in the current way: the CAWG metadata assertion's Dublin Core creator.

Since C2PA 2.0 a creator is no longer written as a schema.org CreativeWork (deprecated;
still read by `credentials_parse` for old files). The CAWG metadata assertion
(`cawg.metadata`) carries XMP/IPTC fields as JSON-LD; `dc:creator` is a list of names (an
XMP ordered array), and some writers give one name or `{"@value": name}` objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.core.vocabulary import CAWG_METADATA_ASSERTION

CREATOR_KEYS = ("dc:creator", "http://purl.org/dc/elements/1.1/creator")


def metadata_creators(assertions: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The creator names in every `cawg.metadata` assertion (also `cawg.metadata__2`)."""
    names: list[str] = []
    for assertion in assertions:
        if str(assertion.get("label", "")).split("__")[0] != CAWG_METADATA_ASSERTION:
            continue
        data = assertion.get("data")
        if not isinstance(data, Mapping):
            continue
        for key in CREATOR_KEYS:
            names += [n for n in _names(data.get(key)) if n not in names]
    return tuple(names)


def with_metadata_creators(
    older: tuple[str, ...], assertions: Iterable[Mapping[str, Any]]
) -> tuple[str, ...]:
    """`older` (from CreativeWork) followed by the metadata assertion's new names."""
    return older + tuple(n for n in metadata_creators(assertions) if n not in older)


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("@value") or item.get("name") if isinstance(item, Mapping) else item
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names
