"""Where CredLabel keeps its files: config, signing identities, logs and cache.

All folders come from platformdirs. Setting `CREDLABEL_HOME` puts every one of them under
that folder instead (tests, portable use, support reproductions). Every folder CredLabel
creates for its own data is owner-only (0700) whatever the umask (`private_folder`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.core.about import APP_NAME

HOME_ENV = "CREDLABEL_HOME"


@dataclass(frozen=True)
class UserFolders:
    """The four user folders; created on demand by `ensure`."""

    config: Path
    data: Path
    logs: Path
    cache: Path

    @property
    def identities(self) -> Path:
        """Signing identities (private keys live here: owner-only permissions)."""
        return self.data / "identities"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.logs / "credlabel.log"

    def ensure(self) -> UserFolders:
        for folder in (self.config, self.data, self.logs, self.cache):
            private_folder(folder)
        # The data folder holds private keys: owner-only even when it existed before.
        if os.name == "posix":
            self.data.chmod(0o700)
        return self


def private_folder(folder: Path) -> Path:
    """Create `folder` and any missing parents as owner-only (0700) folders. mkdir's mode
    is reduced by the umask only, so under `umask 000` a plain mkdir would make 0777."""
    missing = []
    current = Path(folder)
    while not current.is_dir() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made a moment ago by another CredLabel process: not ours to change
        if os.name == "posix":
            path.chmod(0o700)
    return Path(folder)


def user_folders() -> UserFolders:
    """The folders in force now (re-read each call so tests can change the environment)."""
    home = os.environ.get(HOME_ENV)
    if home:
        base = Path(home).expanduser()
        return UserFolders(base / "config", base / "data", base / "logs", base / "cache")
    import platformdirs  # ~2 ms: not needed under CREDLABEL_HOME

    return UserFolders(
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )
