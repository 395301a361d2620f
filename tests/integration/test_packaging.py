"""Packaging: desktop integration files, icons, and the real packages built and run.

Fast tests check what a Linux desktop reads (the .desktop file, the AppStream metainfo,
the icons). The slow tests build the sdist + wheel, the PyInstaller bundle and the tarball
with packaging/build.py, install them the way a user would and run them: `--version`,
`inspect` and the window's self-test (offscreen). They need the `packaging` extra
(`pip install -e '.[packaging]'`, which .ci/run installs) and are skipped without it.
"""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

from app.core.about import APP_ID, __version__
from app.core.i18n import LANGUAGES
from app.core.media.probe import SIGNABLE_MIMES
from tests.conftest import ROOT
from tests.helpers.native_library import build_planted_library, plant_everywhere
from tests.helpers.packages import (
    SAMPLE_NAME,
    built_packages,
    check_exit,
    expect_inspect,
    expect_version,
    inspect_json,
    run_outside,
)

LINUX = ROOT / "resources" / "linux"
ICONS = ROOT / "resources" / "icons"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO_FILE = LINUX / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Aliases desktops still use for types we open (shared-mime-info lists audio/x-wav).
MIME_ALIASES = {"audio/x-wav"}


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def _desktop_mime_types() -> set[str]:
    return {m for m in _desktop_entry()["MimeType"].split(";") if m}


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO_FILE).getroot()


# --- desktop integration files -----------------------------------------------------------


def test_desktop_file_passes_desktop_file_validate() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    out = subprocess.run([tool, str(DESKTOP_FILE)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "error" not in out.stdout.lower()


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (apt-get install appstream)")
    out = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO_FILE)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_desktop_file_opens_every_type_we_can_sign() -> None:
    missing = SIGNABLE_MIMES - _desktop_mime_types()
    assert missing == set(), f"add to MimeType in {DESKTOP_FILE.name}: {sorted(missing)}"
    unknown = _desktop_mime_types() - SIGNABLE_MIMES - MIME_ALIASES
    assert unknown == set(), f"offered to open types we cannot sign: {sorted(unknown)}"


def test_desktop_file_matches_the_app_id_qt_announces() -> None:
    entry = _desktop_entry()
    # Qt's setDesktopFileName(APP_ID) makes Wayland look for exactly this file name.
    assert DESKTOP_FILE.name == f"{APP_ID}.desktop"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "credlabel"
    assert "%F" in entry["Exec"]  # several files can be dropped on the launcher


def test_metainfo_names_the_same_app_types_and_version() -> None:
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    provided = {e.text for e in root.iterfind("provides/mediatype")}
    assert provided == _desktop_mime_types()
    versions = [r.get("version") for r in root.iterfind("releases/release")]
    assert __version__ in versions, "add a <release> for the current version"


# --- the menu entry and the metainfo in every language -----------------------------------

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SHIPPED = sorted(code for code in LANGUAGES if code != "en")


def _i18n_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "packaging" / "i18n.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


@pytest.fixture(scope="module")
def installed_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The .desktop file and the metainfo as the build installs them (from the catalogs)."""
    folder = tmp_path_factory.mktemp("share")
    desktop, metainfo = _i18n_tool().desktop_files(folder, folder)
    return desktop, metainfo


def test_the_installed_menu_entry_speaks_every_shipped_language(installed_files) -> None:
    desktop, _metainfo_path = installed_files
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(desktop, encoding="utf-8")
    entry = parser["Desktop Entry"]
    for key in ("GenericName", "Comment", "Keywords"):
        missing = [code for code in SHIPPED if not entry.get(f"{key}[{code}]")]
        assert missing == [], f"{key} has no translation for {missing}"
    assert entry["Comment[de]"].startswith("Content Credentials (C2PA) von Fotos")
    assert entry["Comment[ja]"] != entry["Comment"]
    assert entry["Name"] == "CredLabel"  # the name is the same in every language
    tool = shutil.which("desktop-file-validate")
    if tool is not None:
        out = subprocess.run([tool, str(desktop)], capture_output=True, text=True)
        assert out.returncode == 0 and out.stdout.strip() == "", out.stdout + out.stderr


def test_the_installed_metainfo_speaks_every_shipped_language(installed_files) -> None:
    _desktop, metainfo = installed_files
    root = ET.parse(metainfo).getroot()
    english = [e for e in root.iter() if e.tag in ("summary", "p", "li") and not e.get(_XML_LANG)]
    description = root.find("description")
    assert description is not None
    for tag, where in (("summary", root), ("p", description), ("li", description)):
        sources = [e for e in where.iter(tag) if e.get(_XML_LANG) is None]
        for code in SHIPPED:
            translated = [e for e in where.iter(tag) if e.get(_XML_LANG) == code]
            assert len(translated) == len(sources), f"{code}: {tag} not translated"
    assert english, "the metainfo has sentences to translate"
    tool = shutil.which("appstreamcli")
    if tool is not None:
        out = subprocess.run(
            [tool, "validate", "--no-net", str(metainfo)], capture_output=True, text=True
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert "W:" not in out.stdout and "E:" not in out.stdout, out.stdout


def test_the_menu_and_store_sentences_are_translated_in_the_catalogs() -> None:
    """One source: the English files' sentences are in the template, so `i18n.py check`
    fails until every language has them."""
    tool = _i18n_tool()
    template = tool._read(tool.TEMPLATE)
    wanted = [m for m, _where, _note in tool._desktop_module().messages()]
    assert "Content Credentials Labeler" in wanted
    assert [m for m in wanted if template.get(m) is None] == []
    assert tool.check() == []


# --- icons ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_is_a_square_png_of_its_size(size: int) -> None:
    path = ICONS / f"credlabel-{size}.png"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        alpha_low, alpha_high = image.getchannel("A").getextrema()
        assert alpha_low == 0  # transparent corners: the rounded square does not fill it
        assert alpha_high == 255  # and something is drawn


def _load_make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_icons", ROOT / "packaging" / "make_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("size", [16, 48, 256])
def test_committed_icons_are_rendered_from_the_current_svg(
    qapp: Any, tmp_path: Path, size: int
) -> None:
    from PySide6.QtSvg import QSvgRenderer

    make_icons = _load_make_icons()
    fresh = tmp_path / "fresh.png"
    assert make_icons.render(QSvgRenderer(str(ICONS / "credlabel.svg")), size).save(str(fresh))
    with Image.open(fresh) as new, Image.open(ICONS / f"credlabel-{size}.png") as committed:
        diff = ImageChops.difference(new.convert("RGBA"), committed.convert("RGBA"))
    # Antialiasing may differ by a level between Qt builds; a changed SVG differs by far more.
    assert max(ImageStat.Stat(diff).mean) < 2, "run packaging/make_icons.py and commit"


# --- the real packages (slow) -----------------------------------------------------------


_TRUST_FILES = ("C2PA-TRUST-LIST.pem", "interim-store.cfg", "LICENSE-C2PA-CC-BY-4.0.txt")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_packages(tmp_path_factory)


def _expect_gui_self_test(command: list[str | Path], cwd: Path) -> None:
    shot = cwd / "self-test.png"
    check_exit(
        run_outside(
            [*command, "gui", "--sample", "--self-test", shot], cwd, QT_QPA_PLATFORM="offscreen"
        )
    )
    with Image.open(shot) as image:
        assert image.width >= 600 and image.height >= 400
        # A real window with the sample in it, not a blank grab.
        assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 100


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs(built: Path, tmp_path: Path) -> None:
    wheel = built / f"credlabel-{__version__}-py3-none-any.whl"
    assert (built / f"credlabel-{__version__}.tar.gz").is_file()  # the sdist
    venv = tmp_path / "venv"
    check_exit(run_outside([sys.executable, "-m", "venv", venv], tmp_path))
    check_exit(
        run_outside([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], tmp_path)
    )
    credlabel = venv / "bin" / "credlabel"
    expect_version([credlabel], tmp_path)
    code = "from app.core.resources import plain_sample; print(plain_sample())"
    sample = Path(check_exit(run_outside([venv / "bin" / "python", "-c", code], tmp_path)).strip())
    assert sample.is_relative_to(venv) and sample.name == SAMPLE_NAME
    for name in _TRUST_FILES:  # the public trust lists ship with their licences
        assert (sample.parent.parent / "trust" / name).is_file(), name
    expect_inspect([credlabel], sample, tmp_path)
    _expect_speaks_german([credlabel], sample, tmp_path)
    _expect_planted_library_ignored([credlabel], sample, tmp_path)


@pytest.mark.slow
def test_bundle_runs_the_cli_and_the_window(built: Path, tmp_path: Path) -> None:
    bundle = built / "credlabel"
    credlabel = bundle / "credlabel"
    sample = bundle / "_internal" / "app" / "resources" / "samples" / SAMPLE_NAME
    assert sample.is_file()
    assert not (bundle / "_internal" / "app" / "resources" / "screenshots").exists()
    for name in _TRUST_FILES:
        assert (bundle / "_internal" / "app" / "resources" / "trust" / name).is_file(), name
    expect_version([credlabel], tmp_path)
    expect_inspect([credlabel], sample, tmp_path)
    _expect_gui_self_test([credlabel], tmp_path)
    _expect_signed_copy([credlabel], sample, tmp_path)
    _expect_speaks_german([credlabel], sample, tmp_path)
    _expect_planted_library_ignored([credlabel], sample, tmp_path)


def _expect_speaks_german(command: list[str | Path], sample: Path, cwd: Path) -> None:
    """The package carries its compiled catalogs: asked by flag or by the system locale."""
    for args, env in (
        (["--lang", "de", "trsut"], {}),
        (["trsut"], {"LANGUAGE": "", "LC_ALL": "", "LANG": "de_DE.UTF-8"}),
    ):
        result = run_outside([*command, *args], cwd, **env)
        check_exit(result, 2)
        assert "es gibt keinen Befehl und keine Datei namens" in result.stderr, result.stderr
    german = {"LANGUAGE": "", "LC_ALL": "", "LANG": "de_DE.UTF-8"}
    report = run_outside([*command, "inspect", sample], cwd, **german).stdout
    assert "Zustand:" in report and "○ Keine Content Credentials" in report, report


def _expect_planted_library_ignored(command: list[str | Path], sample: Path, cwd: Path) -> None:
    """A libc2pa_c.so planted in the current folder (and its artifacts/, libs/) never runs:
    the package loads its own copy (in the bundle: _internal/c2pa/libs). Called last, as it
    skips without gcc."""
    folder = cwd / "downloads"
    folder.mkdir()
    plant_everywhere(build_planted_library(cwd), folder)
    shutil.copy2(sample, folder / "photo.jpg")
    marker = cwd / "planted-marker.txt"
    result = run_outside([*command, "inspect", "photo.jpg"], folder, PLANTED_MARKER=str(marker))
    assert not marker.exists(), "the bundle loaded the libc2pa_c.so planted in the folder"
    assert "No Content Credentials" in check_exit(result, 3)


def _expect_signed_copy(command: list[str | Path], sample: Path, cwd: Path) -> None:
    """A labeled copy made by the package: key generation (cryptography), XMP (exiv2) and
    signing (c2pa) all work inside it, and the copy reads back with the disclosure."""
    check_exit(
        run_outside(
            [*command, "identity", "create", "--name", "Pat Packager", "--no-passphrase"], cwd
        )
    )
    original = cwd / "photo.jpg"
    shutil.copy2(sample, original)
    labeled = cwd / "photo.labeled.jpg"
    label = [*command, "label", "--ai", "partial", "--ai-tool", "Adobe Firefly@3"]
    check_exit(run_outside([*label, "-o", labeled, original], cwd))
    assert original.read_bytes() == sample.read_bytes()
    report = inspect_json(command, labeled, cwd, code=0)
    assert report["state"] == "trusted"  # our own local identity is trusted on this computer
    assert report["ai"]["kind"] == "contains_ai"


@pytest.mark.slow
def test_tarball_installs_with_its_script_and_runs(built: Path, tmp_path: Path) -> None:
    name = f"credlabel-{__version__}-linux-x86_64"
    with tarfile.open(built / f"{name}.tar.gz") as tar:
        tar.extractall(tmp_path, filter="tar")
    prefix = tmp_path / "prefix"
    check_exit(run_outside(["sh", tmp_path / name / "install.sh", prefix], tmp_path))
    share = prefix / "share"
    assert (share / "applications" / DESKTOP_FILE.name).is_file()
    assert (share / "metainfo" / METAINFO_FILE.name).is_file()
    assert "Comment[de]=" in (share / "applications" / DESKTOP_FILE.name).read_text("utf-8")
    for size in ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    credlabel = prefix / "bin" / "credlabel"  # a symlink into PREFIX/lib/credlabel
    expect_version([credlabel], tmp_path)
    _expect_gui_self_test([credlabel], tmp_path)
    check_exit(run_outside(["sh", tmp_path / name / "install.sh", "--uninstall", prefix], tmp_path))
    assert not credlabel.exists() and not (share / "applications" / DESKTOP_FILE.name).exists()
