"""Build CredLabel's packages: sdist + wheel, the PyInstaller bundle, the Linux tarball.

    .venv/bin/pip install -e '.[packaging]'
    .venv/bin/python packaging/build.py                 # everything, into dist/
    .venv/bin/python packaging/build.py --wheel         # only sdist + wheel
    .venv/bin/python packaging/build.py --bundle --tarball --dist /tmp/out
    .venv/bin/python packaging/build.py --bundle --deb  # the Debian package (see deb.py)

Outputs in the dist folder: `credlabel-VERSION.tar.gz` and `credlabel-VERSION-py3-none-any.whl`
(`python -m build`), `credlabel/` (the one-folder bundle from packaging/credlabel.spec) and
`credlabel-VERSION-linux-x86_64.tar.gz` (the bundle, the .desktop file, the AppStream
metainfo, the icons, install.sh and INSTALL.txt) and, with --deb, `credlabel_VERSION_ARCH.deb`
(packaging/deb.py; `sudo apt install ./credlabel_*.deb`). No AppImage: appimagetool and its runtime
are published neither on PyPI nor in Debian (the PyPI tools that make AppImages download
them from GitHub at build time), so it cannot be built from the registries we use.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "org.credlabel.CredLabel"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def version() -> str:
    text = (ROOT / "app" / "core" / "about.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("build: no __version__ in app/core/about.py")
    return match.group(1)


def _run(title: str, cmd: list[str]) -> None:
    print(f"==> {title}: {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    subprocess.run(cmd, cwd=ROOT, check=True)
    print(f"==> {title}: done in {time.monotonic() - started:.0f} s", flush=True)


def build_wheel(dist: Path) -> tuple[Path, Path]:
    """`python -m build`: the sdist and the wheel (resources are inside as app/resources)."""
    _run("sdist + wheel", [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)])
    return dist / f"credlabel-{version()}.tar.gz", dist / f"credlabel-{version()}-py3-none-any.whl"


def _i18n_tool() -> Any:
    """packaging/i18n.py, loaded by path (packaging/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("credlabel_i18n", ROOT / "packaging" / "i18n.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def compile_catalogs() -> None:
    """The message catalogs, compiled from resources/locale/*.po into app/locale."""
    _i18n_tool().compile_all()


def build_bundle(dist: Path, work: Path) -> Path:
    """The PyInstaller one-folder bundle: `dist/credlabel/credlabel`."""
    compile_catalogs()
    spec = ROOT / "packaging" / "credlabel.spec"
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(dist), "--workpath", str(work), str(spec)]
    _run("PyInstaller bundle", cmd)
    return dist / "credlabel"


def _install_note() -> str:
    return f"""CredLabel {version()} for Linux x86_64 (glibc 2.36 or newer)

Install for yourself (no root needed):

    ./install.sh                 # into ~/.local (or: ./install.sh /opt/credlabel-prefix)

It copies the program to PREFIX/lib/credlabel, links PREFIX/bin/credlabel, and adds the
menu entry, the icons and the AppStream metainfo under PREFIX/share. Make sure PREFIX/bin
(~/.local/bin) is on your PATH. Uninstall: ./install.sh --uninstall [PREFIX].

Or run it in place without installing:

    ./credlabel/credlabel                 # the window
    ./credlabel/credlabel inspect FILE    # the command line (see credlabel --help)
"""


_INSTALL_SH = """#!/bin/sh
# Install (or with --uninstall remove) CredLabel under PREFIX (default ~/.local).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
uninstall=no
if [ "${1:-}" = "--uninstall" ]; then uninstall=yes; shift; fi
prefix=${1:-$HOME/.local}
rm -rf "$prefix/lib/credlabel"
rm -f "$prefix/bin/credlabel"
if [ "$uninstall" = yes ]; then
  find "$prefix/share" -name '@APP_ID@*' -delete 2>/dev/null || true
  echo "CredLabel removed from $prefix"
  exit 0
fi
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share"
cp -R "$here/credlabel" "$prefix/lib/credlabel"
ln -s "$prefix/lib/credlabel/credlabel" "$prefix/bin/credlabel"
cp -R "$here/share/." "$prefix/share/"
command -v update-desktop-database >/dev/null 2>&1 \\
  && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 \\
  && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "CredLabel installed: $prefix/bin/credlabel"
"""


def _desktop_files(stage: Path) -> None:
    """The freedesktop layout under share/: menu entry, metainfo (both translated from the
    catalogs, see packaging/desktop_i18n.py), hicolor icons."""
    share = stage / "share"
    icons = ROOT / "resources" / "icons"
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir()
    _i18n_tool().desktop_files(share / "applications", share / "metainfo")
    for size in ICON_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(icons / f"credlabel-{size}.png", folder / f"{APP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(icons / "credlabel.svg", scalable / f"{APP_ID}.svg")


def make_tarball(bundle: Path, dist: Path) -> Path:
    """`credlabel-VERSION-linux-<arch>.tar.gz` with one top folder of the same name."""
    name = f"credlabel-{version()}-linux-{platform.machine()}"
    stage = dist / "tarball-stage" / name
    shutil.rmtree(stage.parent, ignore_errors=True)
    stage.mkdir(parents=True)
    shutil.copytree(bundle, stage / "credlabel", symlinks=True)
    _desktop_files(stage)
    (stage / "INSTALL.txt").write_text(_install_note(), encoding="utf-8")
    script = stage / "install.sh"
    script.write_text(_INSTALL_SH.replace("@APP_ID@", APP_ID), encoding="utf-8")
    script.chmod(0o755)
    target = dist / f"{name}.tar.gz"
    print(f"==> tarball: {target}", flush=True)
    # compresslevel 6: nearly the size of 9 at about half the time on a 300 MB bundle.
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=name)
    shutil.rmtree(stage.parent)
    return target


def make_deb(bundle: Path, dist: Path, deb_version: str | None) -> Path:
    """The .deb of the bundle, with credlabel(1) generated from the CLI's own parser."""
    import deb
    import manpage

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = datetime.date.fromtimestamp(int(epoch)) if epoch else datetime.date.today()
    page = manpage.render(manpage.build_parser(), version(), day)
    started = time.monotonic()
    try:
        target = deb.build_deb(bundle, dist, deb_version or version(), page, _desktop_files)
    except deb.DebBuildError as exc:
        raise SystemExit(f"build: {exc}") from None
    print(f"==> deb: done in {time.monotonic() - started:.0f} s", flush=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build CredLabel's packages.")
    parser.add_argument("--wheel", action="store_true", help="sdist + wheel (python -m build)")
    parser.add_argument("--bundle", action="store_true", help="PyInstaller one-folder bundle")
    parser.add_argument("--tarball", action="store_true", help="Linux tarball of the bundle")
    parser.add_argument("--deb", action="store_true", help="Debian package of the bundle")
    parser.add_argument(
        "--deb-version", metavar="VERSION", help="package version (default: app/core/about.py)"
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = parser.parse_args(argv)
    everything = not (args.wheel or args.bundle or args.tarball or args.deb)
    dist = args.dist.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    if everything or args.wheel:
        for path in build_wheel(dist):
            print(f"    {path}")
    bundle = dist / "credlabel"
    if everything or args.bundle:
        build_bundle(dist, args.work.resolve())
    if everything or args.tarball:
        if not (bundle / "credlabel").is_file():
            parser.error(f"no bundle at {bundle}: build it first (--bundle)")
        print(f"    {make_tarball(bundle, dist)}")
    if everything and shutil.which("dpkg-deb") is None:
        print("==> deb: not built (no dpkg-deb: not a Debian or Ubuntu machine)")
    elif everything or args.deb:
        if not (bundle / "credlabel").is_file():
            parser.error(f"no bundle at {bundle}: build it first (--bundle)")
        print(f"    {make_deb(bundle, dist, args.deb_version)}")
    if everything:
        print("==> AppImage: not built (appimagetool is on neither PyPI nor Debian)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
