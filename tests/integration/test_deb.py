"""The Debian package: built from the session's bundle, installed with apt, used, removed.

Fast tests check the parts packaging/build.py --deb is made of (the man page from the CLI's
parser, the ELF reader behind `Depends:`, the version mapping). The slow test builds the
.deb, runs lintian, installs an older build and upgrades it with `apt-get install ./…deb`,
runs `credlabel --version`, `inspect` and the window's self-test under Xvfb, checks the
desktop can offer it for JPEGs, then purges it and checks nothing of it is left. It changes
the machine (a system package), so it needs root on a dpkg system and runs only in CI
(`CI` set) or when asked with `CREDLABEL_DEB_TEST=1`.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

from app.cli.exitcodes import ExitCode
from app.cli.main import build_parser
from app.core.about import APP_ID, __version__
from tests.conftest import ROOT
from tests.helpers.packages import (
    SAMPLE_NAME,
    SUBPROCESS_LIMIT_S,
    built_packages,
    check_exit,
    expect_inspect,
    expect_version,
)

PACKAGE = "credlabel"
OLD_VERSION = f"{__version__}~old"  # sorts before the real version, as dpkg compares
DESKTOP_ID = f"{APP_ID}.desktop"
# update-desktop-database: its dpkg trigger is what registers our MIME types.
DEB_TOOLS = (
    *("fakeroot", "dpkg-shlibdeps", "lintian", "xvfb-run", "xdg-mime", "gio"),
    "update-desktop-database",
)


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"packaging_{name}", ROOT / "packaging" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


# --- the parts (fast) --------------------------------------------------------------------


def _section(page: str, start: str) -> str:
    """The troff source from `start` to the next section or subsection."""
    rest = page.split(start, 1)[1]
    return min((rest.split(mark, 1)[0] for mark in (".SS ", ".SH ")), key=len)


def test_man_page_lists_every_command_and_option_the_cli_accepts() -> None:
    parser = build_parser()
    page = _load("manpage").render(parser, __version__, datetime.date(2026, 12, 2))
    assert page.startswith(f'.TH CREDLABEL 1 "2026-12-02" "CredLabel {__version__}"')
    parsers = {".SH OPTIONS\n": parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parsers |= {f".SS {name}\n": sub for name, sub in action.choices.items()}
    assert len(parsers) > 5  # the window and every subcommand
    for start, sub in parsers.items():
        section = _section(page, start)
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue  # documented once, under OPTIONS
            for option in action.option_strings:
                assert option.replace("-", "\\-") in section, f"{start.strip()}: {option}"
    for code in ExitCode:
        assert f".TP\n\\fB{int(code)}\\fR" in page  # every exit status is explained


def test_man_page_renders_without_warnings(tmp_path: Path) -> None:
    if shutil.which("man") is None:
        pytest.skip("man is not installed (apt-get install man-db)")
    page = tmp_path / "credlabel.1"
    page.write_text(_load("manpage").render(build_parser(), __version__, datetime.date.today()))
    env = {**os.environ, "LC_ALL": "C.UTF-8", "MANWIDTH": "80"}
    out = subprocess.run(
        ["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", str(page)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0 and out.stderr == "", out.stderr  # what lintian checks
    shown = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True, env=env)
    words = " ".join(shown.stdout.split())
    assert "credlabel inspect [-h] [--json]" in words and "--trust-anchors PEM" in words


def test_elf_reader_finds_what_the_dynamic_loader_needs() -> None:
    deb = _load("deb")
    links = deb.read_elf_links(Path(sys.executable).resolve())
    assert links is not None and "libc.so.6" in links.needed
    libc = Path("/lib/x86_64-linux-gnu/libc.so.6")
    if libc.is_file():
        assert deb.read_elf_links(libc).soname == "libc.so.6"
    assert deb.read_elf_links(ROOT / "README.md") is None  # not an ELF: skipped, no error


def test_python_prereleases_sort_before_the_release_for_dpkg() -> None:
    deb = _load("deb")
    assert deb.debian_version("0.2.0") == "0.2.0"
    assert deb.debian_version("0.2.0rc1") == "0.2.0~rc1"
    if shutil.which("dpkg") is None:
        return
    older = subprocess.run(["dpkg", "--compare-versions", "0.2.0~rc1", "lt", "0.2.0"])
    assert older.returncode == 0


# --- the real package on this machine (slow, changes the machine) ------------------------


def _why_not_install() -> str | None:
    if shutil.which("dpkg") is None or shutil.which("apt-get") is None:
        return "not a dpkg/apt system"
    if os.geteuid() != 0:
        return "installing a system package needs root"
    if not (os.environ.get("CI") or os.environ.get("CREDLABEL_DEB_TEST")):
        return "installs a system package: runs in CI, or set CREDLABEL_DEB_TEST=1"
    missing = [tool for tool in DEB_TOOLS if shutil.which(tool) is None]
    if missing:
        return f"missing {', '.join(missing)} (see the apt-get line in .ci/run)"
    if _installed_version() is not None:
        return "credlabel is already installed here; the test would replace and purge it"
    return None


def _installed_version() -> str | None:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${db:Status-Status} ${Version}", PACKAGE],
        capture_output=True,
        text=True,
    )
    status, _, version = out.stdout.partition(" ")
    return version if out.returncode == 0 and status == "installed" else None


def _sh(cmd: list[str | Path], cwd: Path, env: dict[str, str | None] | None = None) -> str:
    """Run a command; `env` adds variables, or with None removes them."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    full_env["DEBIAN_FRONTEND"] = "noninteractive"
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    result = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_LIMIT_S,
        stdin=subprocess.DEVNULL,
    )
    return check_exit(result)


def _older_build(deb: Path, work: Path) -> Path:
    """The same package as an older version with one file the new one no longer has."""
    tree = work / "old-tree"
    _sh(["dpkg-deb", "--raw-extract", deb, tree], work)
    control = tree / "DEBIAN" / "control"
    text = control.read_text().replace(f"Version: {__version__}\n", f"Version: {OLD_VERSION}\n")
    control.write_text(text)
    (tree / "opt" / PACKAGE / "from-the-old-build.txt").write_text("gone after the upgrade\n")
    old = work / f"{PACKAGE}_{OLD_VERSION}.deb"
    _sh(["fakeroot", "dpkg-deb", "-Znone", "--build", tree, old], work)
    shutil.rmtree(tree)
    return old


def _existing_folders(deb: Path, cwd: Path) -> set[str]:
    """The package's folders (from its contents list) that exist on this machine now."""
    listing = _sh(["dpkg-deb", "--contents", deb], cwd).splitlines()
    names = [line.split()[-1] for line in listing if line.startswith("d")]
    folders = {"/" + name.removeprefix("./").rstrip("/") for name in names}
    return {folder for folder in folders if Path(folder).is_dir()}


def _apt_install(deb: Path, cwd: Path) -> None:
    _sh(["apt-get", "install", "-y", "-q", "--no-install-recommends", deb.resolve()], cwd)


def _registered_for_jpeg() -> bool:
    cache = Path("/usr/share/applications/mimeinfo.cache")
    lines = cache.read_text().splitlines() if cache.is_file() else []
    return any(line.startswith("image/jpeg=") and DESKTOP_ID in line for line in lines)


def _owners(names: set[str], cwd: Path) -> dict[str, set[str]]:
    """Library file name -> the installed packages holding a file of that name."""
    found = subprocess.run(
        ["dpkg", "-S", *(f"*/{name}" for name in sorted(names))], capture_output=True, text=True
    )
    owners: dict[str, set[str]] = {}
    for line in found.stdout.splitlines():
        packages, _, path = line.partition(": ")
        for package in packages.split(", "):
            owners.setdefault(Path(path).name, set()).add(package.split(":")[0])
    return owners


def _check_depends_match_the_bundle(deb: Path, bundle: Path) -> None:
    """Depends names the packages of every library the bundle needs and does not ship,
    and none that only hold libraries the bundle ships itself."""
    deb_module = _load("deb")
    needs = set(deb_module.system_needs(bundle))
    assert "libc.so.6" in needs
    fields = _sh(["dpkg-deb", "--field", deb, "Depends"], bundle)
    depends = {alt.split()[0] for item in fields.split(",") for alt in item.split("|")}
    needed_owners = _owners(needs, bundle)
    for name in needs:
        assert needed_owners.get(name, set()) & depends, f"{name}: {needed_owners.get(name)}"
    shipped = {links.soname for _, links in deb_module.elf_files(bundle) if links.soname}
    wanted = {p for packages in needed_owners.values() for p in packages}
    only_shipped = {p for packages in _owners(shipped, bundle).values() for p in packages}
    assert (only_shipped - wanted) & depends == set(), "depends on libraries it ships"


@pytest.fixture(scope="module")
def deb_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """packaging/build.py --deb on the session's bundle (built once, shared)."""
    dist = built_packages(tmp_path_factory)
    _sh([sys.executable, ROOT / "packaging" / "build.py", "--deb", "--dist", dist], ROOT)
    return dist / f"{PACKAGE}_{__version__}_amd64.deb"


@pytest.mark.slow
@pytest.mark.skipif(_why_not_install() is not None, reason=_why_not_install() or "")
def test_deb_installs_upgrades_runs_and_purges_cleanly(deb_package: Path, tmp_path: Path) -> None:
    lintian = subprocess.Popen(  # in parallel with the rest: it is the slowest step
        ["lintian", "--fail-on", "error,warning", deb_package],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _check_depends_match_the_bundle(deb_package, deb_package.parent / "credlabel")
    home = tmp_path / "home"  # a user whose CredLabel data must survive the purge
    user: dict[str, str | None] = {"HOME": str(home), "CREDLABEL_HOME": None}
    user |= {"XDG_CONFIG_HOME": None, "XDG_DATA_HOME": None}
    folders_before = _existing_folders(deb_package, tmp_path)
    try:
        _apt_install(_older_build(deb_package, tmp_path), tmp_path)
        assert _installed_version() == OLD_VERSION
        _apt_install(deb_package, tmp_path)  # the upgrade
        assert _installed_version() == __version__
        assert not Path(f"/opt/{PACKAGE}/from-the-old-build.txt").exists()
        installed = _sh(["dpkg", "-L", PACKAGE], tmp_path).split()
        _check_installed_layout(installed)
        _use_it_as_a_user(user, tmp_path)
    finally:
        if _installed_version() is not None:
            _sh(["apt-get", "remove", "--purge", "-y", "-q", PACKAGE], tmp_path)
        lint_out, _ = lintian.communicate(timeout=SUBPROCESS_LIMIT_S)
    assert _installed_version() is None
    left = [p for p in installed if Path(p).is_file() or Path(p).is_symlink()]
    assert left == [], f"left after purge: {left[:10]}"
    assert not Path(f"/opt/{PACKAGE}").exists()
    assert _existing_folders(deb_package, tmp_path) <= folders_before  # no empty folders left
    assert not _registered_for_jpeg()  # the trigger ran again on removal
    assert (home / ".local" / "share" / "CredLabel" / "identities").is_dir()  # theirs: kept
    assert lintian.returncode == 0, lint_out
    assert not [line for line in lint_out.splitlines() if line[:2] in ("E:", "W:")], lint_out


def _check_installed_layout(installed: list[str]) -> None:
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in installed
    for path in (
        "/usr/bin/credlabel",
        f"/usr/share/applications/{DESKTOP_ID}",
        f"/usr/share/metainfo/{APP_ID}.metainfo.xml",
        "/usr/share/man/man1/credlabel.1.gz",
        f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
    ):
        assert path in installed and Path(path).exists(), path
    assert Path("/usr/bin/credlabel").resolve() == Path(f"/opt/{PACKAGE}/{PACKAGE}")
    # No maintainer scripts: the desktop-file-utils trigger registered our MIME types.
    assert _registered_for_jpeg()


def _use_it_as_a_user(user: dict[str, str | None], cwd: Path) -> None:
    credlabel: list[str | Path] = [Path("/usr/bin/credlabel")]
    expect_version(credlabel, cwd)
    sample = Path(f"/opt/{PACKAGE}/_internal/app/resources/samples/{SAMPLE_NAME}")
    expect_inspect(credlabel, sample, cwd)
    shot = cwd / "window.png"
    # A real X display (Xvfb), not offscreen: this is what the xcb Depends are for.
    self_test = ["gui", "--sample", "--self-test", str(shot)]
    xcb = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", *credlabel, *self_test],
        cwd=cwd,
        env=xcb,
        check=True,
        capture_output=True,
        timeout=SUBPROCESS_LIMIT_S,
        stdin=subprocess.DEVNULL,
    )
    with Image.open(shot) as image:
        assert image.width >= 600 and len(image.convert("RGB").getcolors(1_000_000) or []) > 100
    _sh([*credlabel, "identity", "create", "--name", "Deb User", "--no-passphrase"], cwd, user)
    # The desktop can offer it for photos, and the user can make it the default.
    assert DESKTOP_ID in _sh(["gio", "mime", "image/jpeg"], cwd, user)
    _sh(["xdg-mime", "default", DESKTOP_ID, "image/jpeg"], cwd, user)
    assert _sh(["xdg-mime", "query", "default", "image/jpeg"], cwd, user).strip() == DESKTOP_ID
