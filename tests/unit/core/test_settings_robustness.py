"""A settings file that cannot be read — unreadable, a folder, not UTF-8, not an object —
never stops the app: defaults, the bad file kept aside, and one notice.
(`test_settings.py` covers a file cut off mid-write.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.paths import user_folders
from app.core.settings import Settings, load_settings


def _settings_file() -> Path:
    path = user_folders().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _assert_reset_once(path: Path, kept: bytes | None) -> None:
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.notice and "defaults are used" in loaded.notice
    backups = list(path.parent.glob("settings.json.bad-*"))
    assert len(backups) == 1
    assert backups[0].name in loaded.notice
    if kept is not None:
        assert backups[0].read_bytes() == kept
    again = load_settings()
    assert again.notice is None and again.settings == Settings()


def test_unreadable_settings_file(monkeypatch: pytest.MonkeyPatch) -> None:
    path = _settings_file()
    path.write_text('{"trust_profile": "none"}')
    if os.geteuid() == 0:
        # Root reads a chmod-000 file anyway: simulate the refusal the OS gives a user.
        real = Path.read_text

        def refuse(self: Path, *args: object, **kwargs: object) -> str:
            if self == path and self.exists():
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "read_text", refuse)
    else:
        path.chmod(0)
    _assert_reset_once(path, None)


def test_a_folder_where_the_settings_file_should_be() -> None:
    path = _settings_file()
    path.mkdir()
    _assert_reset_once(path, None)
    assert not path.exists()


@pytest.mark.parametrize(
    "content", [b"\xff\xfe\x00garbage", b"[1, 2, 3]", b"", b"null", b'"just a string"']
)
def test_settings_that_are_not_a_json_object(content: bytes) -> None:
    path = _settings_file()
    path.write_bytes(content)
    _assert_reset_once(path, content)


def test_bad_file_that_cannot_be_moved_aside_still_gives_defaults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _settings_file()
    path.write_text("{broken")

    def refuse(self: Path, target: object) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)  # a read-only config folder, simulated
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.notice == "Your settings could not be read, so the defaults are used."
