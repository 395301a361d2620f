"""The log a support person reads: our lines, not a library's chatter."""

from __future__ import annotations

import logging

from PIL import Image

from app.core.logsetup import setup_logging
from app.core.paths import user_folders
from tests.helpers.exports import make_picture


def test_the_log_file_is_not_filled_with_pillows_debug_lines(tmp_path) -> None:
    setup_logging("debug")
    picture = make_picture(tmp_path / "photo.png")
    with Image.open(picture) as image:
        image.load()
    logging.getLogger("app.core.test").info("opened %s", picture.name)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = user_folders().log_file.read_text(encoding="utf-8")
    assert "opened photo.png" in text
    assert " PIL." not in text, text[:500]
