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


AI_LABELED_SAMPLE = "sunset-ai-labeled.jpg"  # signed, "Valid, signer not recognized"
PLAIN_SAMPLE = "sunset-no-credentials.jpg"  # no Content Credentials: ready to label
_FIRST = (AI_LABELED_SAMPLE, PLAIN_SAMPLE)  # `--sample` opens the first


def sample_files() -> list[Path]:
    """The sample media bundled with the app (made by this project itself): the AI-labeled
    signed sample first, then the unlabeled one, then any others by name."""
    folder = resource_path("samples")
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    return sorted(files, key=lambda p: (_FIRST.index(p.name) if p.name in _FIRST else 99, p.name))


def plain_sample() -> Path:
    """The bundled sample without credentials (the one to label)."""
    return resource_path("samples", PLAIN_SAMPLE)
