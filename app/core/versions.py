"""Versions of the app and the libraries it stands on (for --version and support bundles)."""

from __future__ import annotations

import platform
from importlib import metadata

from app.core.about import APP_NAME, __version__


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def library_versions(qt_runtime: str | None = None) -> dict[str, str]:
    """Name → version, in a stable order.

    The core never imports Qt: callers that have Qt loaded pass its runtime version.
    """
    import c2pa

    versions = {
        APP_NAME: __version__,
        "c2pa-python": _dist_version("c2pa-python"),
        "c2pa-rs": str(c2pa.sdk_version()),
        "PySide6": _dist_version("PySide6-Essentials"),
    }
    if qt_runtime:
        versions["Qt"] = qt_runtime
    versions["Pillow"] = _dist_version("pillow")
    versions["PyAV"] = _dist_version("av")
    versions["Python"] = platform.python_version()
    versions["OS"] = platform.platform()
    return versions


def version_text(qt_runtime: str | None = None) -> str:
    pairs = library_versions(qt_runtime).items()
    return "\n".join(f"{name} {version}" for name, version in pairs)
