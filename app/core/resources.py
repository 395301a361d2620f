"""Find bundled resources the same way from a checkout, an installed wheel and a bundle.

- installed wheel: `resources/` is packaged as `app/resources` (pyproject force-include);
- checkout: `resources/` sits beside `app/`;
- PyInstaller bundle: the spec copies `resources/` to `app/resources` inside the bundle.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import app

_PACKAGE_DIR = Path(app.__file__).resolve().parent


@cache
def resources_dir() -> Path:
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("CredLabel's resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. `resource_path("samples", "sunset.jpg")`."""
    return resources_dir().joinpath(*parts)


def sample_files() -> list[Path]:
    """The sample media bundled with the app (made by this project itself)."""
    folder = resource_path("samples")
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
