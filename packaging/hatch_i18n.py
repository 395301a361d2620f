"""Hatch build hook: compile the message catalogs into app/locale before the wheel is made.

Runs for `python -m build`, `pip install .` and `pip install -e .` alike, so every
installation has the compiled catalogs (`.mo` files are build output, not kept in git).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogsHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        spec = importlib.util.spec_from_file_location(
            "credlabel_i18n", Path(self.root) / "packaging" / "i18n.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        written = module.compile_all()
        # Generated files are not in git, so they are named for the wheel explicitly.
        for path in written:
            relative = path.relative_to(self.root).as_posix()
            build_data.setdefault("force_include", {})[str(path)] = relative
