"""What `credlabel inspect` loads before its first file: only what reading needs."""

from __future__ import annotations

import logging
import subprocess
import sys

from app.core import logsetup
from app.core.paths import user_folders
from app.core.resources import AI_LABELED_SAMPLE, resource_path
from tests.conftest import ROOT


def test_inspect_loads_no_module_it_does_not_use() -> None:
    sample = str(resource_path("samples", AI_LABELED_SAMPLE))
    code = (
        "import sys\n"
        "from app.start import main\n"
        f"code = main(['inspect', {sample!r}])\n"
        "names = ('logging.handlers', 'platformdirs', 'difflib', 'PIL', 'cryptography',\n"
        "         'app.core.reports.json_report', 'app.core.safe_write')\n"
        "print('LOADED', [n for n in names if n in sys.modules], 'EXIT', code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "LOADED [] EXIT 0" in done.stdout, done.stdout[-500:] + done.stderr[-800:]
    assert user_folders().log_file.is_file()  # made at the start, as before


def test_the_log_file_gets_its_lines_and_rotates() -> None:
    logsetup.setup_logging("error")
    log_file = user_folders().log_file
    assert log_file.is_file() and log_file.stat().st_size == 0
    logger = logging.getLogger("app.core.test")
    logger.info("first line")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "first line" in log_file.read_text(encoding="utf-8")
    for _ in range(12_000):  # ~1.2 MB: past the 1 MB the log is rotated at
        logger.debug("x" * 60)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert log_file.with_name(log_file.name + ".1").is_file()
    assert log_file.stat().st_size < 1_000_000
