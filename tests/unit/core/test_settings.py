"""Preferences: defaults in one place, atomic writes, a corrupted file never stops the app."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from app.core.paths import user_folders
from app.core.settings import (
    MAX_RECENT_FILES,
    Settings,
    load_settings,
    output_path,
    save_settings,
    settings_path,
)


def test_missing_file_gives_defaults_without_notice() -> None:
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.settings.trust_profile == "content-credentials"
    assert loaded.settings.output_pattern == "{stem}.cr{ext}"
    assert loaded.notice is None


def test_saved_settings_read_back_and_live_in_the_isolated_home(isolated_user_folders) -> None:
    settings = Settings(trust_profile="c2pa-test", extra_trust_anchors=("/a.pem",))
    settings = settings.with_recent(Path("/photos/cat.jpg"))
    save_settings(settings)
    path = user_folders().settings_file
    assert path.is_relative_to(isolated_user_folders)
    assert load_settings().settings == settings
    assert json.loads(path.read_text())["recent_files"] == ["/photos/cat.jpg"]
    # No temporary file is left beside it.
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_corrupted_file_is_kept_aside_and_defaults_used_with_one_notice() -> None:
    path = user_folders().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"trust_profile": "none", ')  # cut off mid-write
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "defaults" in loaded.notice
    backups = list(path.parent.glob("settings.json.bad-*"))
    assert len(backups) == 1
    assert backups[0].read_text() == '{"trust_profile": "none", '
    # The next start is clean: the notice is shown only once.
    assert load_settings().notice is None


def test_a_value_of_the_wrong_type_falls_back_alone() -> None:
    path = user_folders().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"trust_profile": 7, "output_pattern": "{stem}-labeled{ext}"}))
    loaded = load_settings()
    assert loaded.settings.trust_profile == "content-credentials"
    assert loaded.settings.output_pattern == "{stem}-labeled{ext}"
    assert loaded.notice is None


def test_recent_files_newest_first_unique_and_bounded() -> None:
    settings = Settings()
    for i in range(MAX_RECENT_FILES + 3):
        settings = settings.with_recent(Path(f"/p/{i}.jpg"))
    settings = settings.with_recent(Path("/p/5.jpg"))
    assert len(settings.recent_files) == MAX_RECENT_FILES
    assert settings.recent_files[0] == "/p/5.jpg"
    assert settings.recent_files.count("/p/5.jpg") == 1
    assert settings.last_folder == "/p"


def test_output_name_never_reuses_the_original_name() -> None:
    source = Path("/p/photo.jpg")
    assert output_path(source, "{stem}.cr{ext}") == Path("/p/photo.cr.jpg")
    assert output_path(source, "{stem}{ext}") == Path("/p/photo.cr.jpg")
    assert output_path(source, "{nonsense}") == Path("/p/photo.cr.jpg")
    assert output_path(source, "{stem}-ai{ext}", Path("/out")) == Path("/out/photo-ai.jpg")


def test_settings_from_before_the_public_lists_move_from_the_old_default() -> None:
    """Files written before settings_version 2 stored "local" (then the default) whether or
    not anyone chose it; they move to the public trust lists. A newer file keeps "local"."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"trust_profile": "local", "output_pattern": "{stem}-x{ext}"}))
    loaded = load_settings().settings
    assert loaded.trust_profile == "content-credentials"
    assert loaded.output_pattern == "{stem}-x{ext}"  # nothing else changes
    save_settings(replace(loaded, trust_profile="local"))  # chosen in Preferences now
    assert json.loads(path.read_text())["settings_version"] == 2
    assert load_settings().settings.trust_profile == "local"


def test_the_creator_name_preference_is_saved_and_read_back() -> None:
    assert Settings().creator_name is None  # no name is offered unless the creator states one
    save_settings(Settings(creator_name="Grace Hopper"))
    assert load_settings().settings.creator_name == "Grace Hopper"
