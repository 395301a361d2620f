"""The Debian package: the PyInstaller bundle under /opt/credlabel, installed like a desktop app.

    .venv/bin/python packaging/build.py --deb           # after --bundle, or with it

Layout of `credlabel_VERSION_ARCH.deb`: the bundle in /opt/credlabel, /usr/bin/credlabel
linking to it, the .desktop file (which also declares the MIME types it opens), the
AppStream metainfo, hicolor icons at every size, credlabel(1) made from the CLI's parser,
the copyright file, the changelog and the lintian overrides (each with its reason). No
maintainer scripts: the menu, icon and MIME caches are refreshed by the dpkg triggers of
desktop-file-utils, hicolor-icon-theme and shared-mime-info.

`Depends:` comes from the bundle itself: every ELF's `NEEDED` libraries, minus the ones the
bundle ships, are handed to dpkg-shlibdeps (the standard tool; it wants a debian/ folder, so
a minimal one is made in the staging folder) which maps them to packages with version bounds.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import struct
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

PACKAGE = "credlabel"
PREFIX = "opt/credlabel"  # the install root, relative to /
MAINTAINER = "CredLabel developers <maintainers@credlabel.example>"
HERE = Path(__file__).resolve().parent
SUMMARY = "see, disclose and sign Content Credentials (C2PA) on photos and videos"
DESCRIPTION = """\
 CredLabel opens a photo, video or audio file, shows the Content Credentials
 (C2PA provenance) it carries, lets the creator say whether and how AI made it,
 and exports a copy signed with a C2PA manifest. The original file is never
 modified and nothing is re-encoded. It has a window and a command line
 (credlabel inspect, label, diff, report, batch).
 .
 This package ships the self-contained program in /opt/credlabel; the system
 libraries it needs are its dependencies."""

_ELF_MAGIC = b"\x7fELF"
_SHT_DYNAMIC = 6
_DT_NEEDED = 1
_DT_SONAME = 14


class DebBuildError(Exception):
    """Building the package failed; the message says why in one sentence."""


@dataclass(frozen=True)
class ElfLinks:
    """What one ELF file declares in its dynamic section."""

    soname: str | None
    needed: tuple[str, ...]


def debian_version(version: str) -> str:
    """PEP 440 to Debian ordering: pre-releases sort before the release (0.2.0rc1 -> 0.2.0~rc1)."""
    for marker in ("rc", "a", "b", ".dev"):
        head, sep, tail = version.partition(marker)
        if sep and head and head[-1].isdigit():
            return f"{head}~{marker.lstrip('.')}{tail}"
    return version


# What the bundled libraries read from the system besides libraries (no NEEDED line says
# so): fontconfig's /etc/fonts and a font, xkbcommon's keyboard maps, and sensible-pager,
# which the bundled libblkid and libmount call. Debian's own packages of those libraries
# depend on the same.
RUNTIME_DATA = ("fontconfig-config", "xkb-data", "sensible-utils")


def depends_line(libraries: str) -> str:
    """The package's Depends: the system libraries, then the data the bundle reads."""
    return ", ".join([libraries, *RUNTIME_DATA])


def read_elf_links(path: Path) -> ElfLinks | None:
    """The SONAME and NEEDED entries of a 64-bit little-endian ELF; None when not an ELF."""
    with path.open("rb") as f:
        header = f.read(64)
        if header[:4] != _ELF_MAGIC:
            return None
        if header[4:6] != b"\x02\x01":
            raise DebBuildError(f"{path} is not a 64-bit little-endian ELF file")
        shoff, _flags, _ehsize, _phentsize, _phnum, shentsize, shnum = struct.unpack_from(
            "<QIHHHHH", header, 0x28
        )
        f.seek(shoff)
        table = f.read(shentsize * shnum)
        sections = [struct.unpack_from("<IIQQQQIIQQ", table, i * shentsize) for i in range(shnum)]
        dynamic = next((s for s in sections if s[1] == _SHT_DYNAMIC), None)
        if dynamic is None:
            return ElfLinks(None, ())  # statically linked
        strtab = sections[dynamic[6]]
        f.seek(strtab[4])
        strings = f.read(strtab[5])
        f.seek(dynamic[4])
        entries = f.read(dynamic[5])

    def text(offset: int) -> str:
        return strings[offset : strings.index(b"\0", offset)].decode()

    needed: list[str] = []
    soname = None
    for tag, value in struct.iter_unpack("<qQ", entries):
        if tag == _DT_NEEDED:
            needed.append(text(value))
        elif tag == _DT_SONAME:
            soname = text(value)
    return ElfLinks(soname, tuple(needed))


def elf_files(root: Path) -> Iterator[tuple[Path, ElfLinks]]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            links = read_elf_links(path)
            if links is not None:
                yield path, links


def system_needs(root: Path) -> dict[str, list[Path]]:
    """Each library some ELF under `root` needs but the bundle does not ship -> who needs it."""
    elves = list(elf_files(root))
    shipped = {p.name for p in root.rglob("*")} | {e.soname for _, e in elves if e.soname}
    needs: dict[str, list[Path]] = {}
    for path, links in elves:
        for name in links.needed:
            if name not in shipped:
                needs.setdefault(name, []).append(path)
    return needs


def link_sonames(root: Path) -> list[Path]:
    """Add the SONAME link beside a shipped library whose file is named otherwise.

    pyexiv2 ships libexiv2.so (SONAME libexiv2.so.28) and loads it by path before its
    module needs it by SONAME; the link, the usual shape of a library folder, lets
    dpkg-shlibdeps (and the dynamic loader) find it by the name it is needed under.
    """
    added = []
    for path, links in list(elf_files(root)):
        link = path.with_name(links.soname) if links.soname else None
        if link is not None and link.name != path.name and not link.exists():
            link.symlink_to(path.name)
            added.append(link)
    return added


def _loader_cache() -> dict[str, list[str]]:
    """Library name -> the paths the dynamic loader knows it under (`ldconfig -p`)."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    cache: dict[str, list[str]] = {}
    for line in out.splitlines()[1:]:
        name, _, path = line.strip().partition(" => ")
        cache.setdefault(name.split(" (")[0], []).append(path)
    return cache


def library_packages(names: set[str], arch: str) -> dict[str, set[str]]:
    """Library name -> the installed packages (of `arch`) that hold it (`dpkg -S`)."""
    cache = _loader_cache()
    paths = {p for name in names for p in cache.get(name, [])}
    # Merged /usr: dpkg may know a library under /lib or /usr/lib; ask for both spellings.
    paths |= {p.removeprefix("/usr") if p.startswith("/usr/") else "/usr" + p for p in paths}
    found = subprocess.run(["dpkg", "-S", *sorted(paths)], capture_output=True, text=True)
    owners: dict[str, set[str]] = {}
    for line in found.stdout.splitlines():
        packages, _, path = line.partition(": ")
        for package in packages.split(", "):
            name, _, package_arch = package.partition(":")
            if package_arch in ("", arch):
                owners.setdefault(Path(path).name, set()).add(name)
    return owners


def _only_packages(shlibs: str, wanted: set[str]) -> list[str]:
    """The items of a Depends line that name one of `wanted` (in any alternative)."""
    items = [item.strip() for item in shlibs.split(",")]
    return [i for i in items if any(alt.split()[0] in wanted for alt in i.split("|"))]


def depends(stage: Path, arch: str) -> str:
    """`Depends:` for the package staged in `stage` (= WORK/debian/credlabel)."""
    needs = system_needs(stage / PREFIX)
    owners = library_packages(set(needs), arch)
    missing = sorted(set(needs) - set(owners))
    if missing:
        who = ", ".join(f"{name} (for {needs[name][0].name})" for name in missing)
        raise DebBuildError(
            f"the bundle needs libraries no installed package provides here: {who}; install "
            "their packages (apt-get install ...) so the dependencies can be worked out"
        )
    # dpkg-shlibdeps maps every NEEDED of the files it reads, the bundle's own libraries
    # too (by SONAME, from the installed packages' shlibs files): keep only the packages
    # holding a library the bundle does not ship. Their version bounds are its own.
    wanted = {package for packages in owners.values() for package in packages}
    kept = _only_packages(_shlibdeps(stage, needs), wanted)
    named = {alt.split()[0] for item in kept for alt in item.split("|")}
    uncovered = sorted(name for name in needs if not owners[name] & named)
    if uncovered:
        raise DebBuildError(f"dpkg-shlibdeps gave no dependency for {', '.join(uncovered)}")
    return ", ".join(kept)


def _shlibdeps(stage: Path, needs: dict[str, list[Path]]) -> str:
    """dpkg-shlibdeps on the files that need system libraries (it wants a debian/ folder)."""
    work = stage.parent.parent
    (work / "debian" / "control").write_text(
        f"Source: {PACKAGE}\nMaintainer: {MAINTAINER}\n\n"
        f"Package: {PACKAGE}\nArchitecture: any\nDescription: {SUMMARY}\n",
        encoding="utf-8",
    )
    users = sorted({p for paths in needs.values() for p in paths})
    # The bundle's own library folders, so its libraries resolve inside this package.
    folders = sorted({p.parent for p, _ in elf_files(stage / PREFIX)})
    cmd = ["dpkg-shlibdeps", "-O", *(f"-l{f.relative_to(work)}" for f in folders)]
    cmd += [f"-e{p.relative_to(work)}" for p in users]
    result = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
    if result.returncode != 0:
        errors = [line for line in result.stderr.splitlines() if "error:" in line]
        raise DebBuildError(f"dpkg-shlibdeps failed: {' '.join(errors[:3]) or result.stderr}")
    for line in result.stdout.splitlines():
        if line.startswith("shlibs:Depends="):
            return line.removeprefix("shlibs:Depends=")
    raise DebBuildError(f"dpkg-shlibdeps printed no dependencies: {result.stdout!r}")


def _normalise_modes(root: Path) -> None:
    """0755 folders and programs, 0644 data and shared libraries (lintian's expectations)."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or (os.access(path, os.X_OK) and ".so" not in path.name):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def _gzip_file(path: Path, data: bytes) -> None:
    # mtime 0 and level 9: reproducible, and what lintian asks of man pages and changelogs.
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def _changelog(version: str, when: datetime) -> str:
    return (
        f"{PACKAGE} ({version}) unstable; urgency=medium\n\n"
        f"  * CredLabel {version}, packaged from the PyInstaller bundle.\n\n"
        f" -- {MAINTAINER}  {format_datetime(when)}\n"
    )


def _documentation(stage: Path, version: str, man_page: str, when: datetime) -> None:
    doc = stage / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copy2(HERE / "debian" / "copyright", doc / "copyright")
    # changelog.gz, not changelog.Debian.gz: a version without a Debian revision is a
    # native package to dpkg, and lintian wants a native package's changelog so named.
    _gzip_file(doc / "changelog.gz", _changelog(version, when).encode())
    _gzip_file(stage / "usr" / "share" / "man" / "man1" / "credlabel.1.gz", man_page.encode())
    overrides = stage / "usr" / "share" / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy2(HERE / "debian" / "lintian-overrides", overrides / PACKAGE)


def _control(stage: Path, version: str, arch: str, requires: str) -> str:
    files = [p for p in stage.rglob("*") if "DEBIAN" not in p.relative_to(stage).parts]
    size_kib = sum((p.lstat().st_size + 1023) // 1024 for p in files) + 1
    return (
        f"Package: {PACKAGE}\nVersion: {version}\nArchitecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\nInstalled-Size: {size_kib}\nDepends: {requires}\n"
        f"Section: graphics\nPriority: optional\nDescription: {SUMMARY}\n{DESCRIPTION}\n"
    )


def _md5sums(stage: Path) -> str:
    lines = []
    for path in sorted(stage.rglob("*")):
        rel = path.relative_to(stage)
        if path.is_file() and not path.is_symlink() and rel.parts[0] != "DEBIAN":
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {rel.as_posix()}\n")
    return "".join(lines)


def build_deb(
    bundle: Path,
    dist: Path,
    version: str,
    man_page: str,
    add_desktop_files: Callable[[Path], None],
) -> Path:
    """Stage the package tree, work out Depends, and pack it with dpkg-deb under fakeroot."""
    for tool in ("dpkg-deb", "fakeroot", "dpkg-shlibdeps"):
        if shutil.which(tool) is None:
            raise DebBuildError(f"{tool} is not installed (apt-get install dpkg-dev fakeroot)")
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    deb_version = debian_version(version)
    work = dist / "deb-stage"
    shutil.rmtree(work, ignore_errors=True)
    stage = work / "debian" / PACKAGE  # where dpkg-shlibdeps expects a package's tree
    _stage(bundle, stage, add_desktop_files)
    _documentation(stage, deb_version, man_page, _build_time())
    control = _control(stage, deb_version, arch, depends_line(depends(stage, arch)))
    (stage / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    (stage / "DEBIAN" / "md5sums").write_text(_md5sums(stage), encoding="utf-8")
    _normalise_modes(stage)
    target = dist / f"{PACKAGE}_{deb_version}_{arch}.deb"
    _pack(stage, target, deb_version)
    shutil.rmtree(work)
    return target


def _stage(bundle: Path, stage: Path, add_desktop_files: Callable[[Path], None]) -> None:
    """The installed tree: the bundle in /opt/credlabel, the command, the desktop files."""
    (stage / "DEBIAN").mkdir(parents=True)
    shutil.copytree(bundle, stage / PREFIX, symlinks=True)
    link_sonames(stage / PREFIX)
    for cache in sorted((stage / PREFIX).rglob("__pycache__"), reverse=True):
        shutil.rmtree(cache)  # stray bytecode in a dist-info folder; the bundle never reads it
    (stage / "usr" / "bin").mkdir(parents=True)
    # Absolute: /usr/bin and /opt are different top-level folders (Debian policy 10.5).
    (stage / "usr" / "bin" / "credlabel").symlink_to(f"/{PREFIX}/credlabel")
    add_desktop_files(stage / "usr")


def _build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)


def _pack(stage: Path, target: Path, version: str) -> None:
    partial = target.with_name(target.name + ".part")
    # xz -1: 101 MB in ~70 s on 2 busy cores; xz -6 (dpkg's default) saves 12 MB more but
    # takes 6 minutes, gzip -6 is 124 MB. Not zstd: Debian's lintian rejects it.
    cmd = ["fakeroot", "dpkg-deb", "-Zxz", "-z1", "--build", str(stage), str(partial)]
    print(f"==> deb: {' '.join(cmd)}", flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    _check_package(partial, version)
    partial.replace(target)  # only a package that reads back lands under its real name


def _check_package(deb: Path, version: str) -> None:
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Package", "Version"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if f"Version: {version}" not in fields or f"Package: {PACKAGE}" not in fields:
        raise DebBuildError(f"the built package does not read back as {PACKAGE} {version}")
