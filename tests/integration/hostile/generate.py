"""The hostile inputs: seeded, deterministic damage to real files, plus hand-made ones.

Seeds are real files: ones made here (Pillow, PyAV, `wave`; some signed with a throwaway
test chain so they carry a C2PA manifest), and the shared corpus when present. Each seed
gets truncations at many offsets, bit flips in its header, in its manifest (the JUMBF
region, found by its `jumb`/`c2pa` bytes) and in its media data, bursts of random bytes,
and a wrong extension. Generic inputs add empty, 1-byte and random files (some with a real
magic number in front), the hand-made structures of `crafted`, and things that are not
files at all (a folder, a FIFO, a dangling link, a device).

Every mutation is drawn from `random.Random(f"{seed}:{group}:{index}")`, so the same seed
bytes always give the same inputs. (Signed seeds differ between runs — new keys, new
times — but the recipe, offsets included, is the same.)
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.integration.hostile.crafted import crafted_cases, jpeg_declaring, png_declaring

# A case makes its input inside a folder and returns the path to hand to the pipeline.
Maker = Callable[[Path], Path]

WRONG_SUFFIX = {".jpg": ".png", ".png": ".mp4", ".mp4": ".jpg", ".wav": ".mp3"}
MAGICS = {
    "jpeg": b"\xff\xd8\xff\xe0",
    "png": b"\x89PNG\r\n\x1a\n",
    "gif": b"GIF89a",
    "webp": b"RIFF\x00\x01\x00\x00WEBPVP8 ",
    "wav": b"RIFF\x00\x01\x00\x00WAVEfmt ",
    "tiff": b"II*\x00",
    "mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",
    "heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    "c2pa": b"\x00\x00\x10\x00jumb\x00\x00\x00\x1ejumdc2pa",
    "flac": b"fLaC",
    "id3": b"ID3\x04\x00\x00",
    "pdf": b"%PDF-1.7\n",
}


@dataclass(frozen=True)
class Case:
    """One hostile input: a stable `name`, its `group` and how to make it."""

    name: str
    group: str
    make: Maker
    needs_other_user: bool = False  # root reads any file: needs workers without that power


@dataclass(frozen=True)
class Seed:
    name: str
    suffix: str
    data: bytes


def _writer(name: str, data: bytes | Callable[[], bytes]) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return make


# -- damage to a seed ----------------------------------------------------------------------


def manifest_region(data: bytes) -> tuple[int, int] | None:
    """(start, end) of the bytes that look like the C2PA manifest store (JUMBF)."""
    starts = [at for at in (data.find(b"jumb"), data.find(b"c2pa")) if at >= 0]
    if not starts:
        return None
    start = max(min(starts) - 8, 0)
    last = max(data.rfind(b"c2pa"), data.rfind(b"jumb"), data.rfind(b"c2cl"))
    end = min(max(last + 4096, start + 64), len(data))
    return start, end


def _flip(data: bytes, rng: random.Random, start: int, end: int, flips: int) -> bytes:
    out = bytearray(data)
    for _ in range(flips):
        at = rng.randrange(start, max(end, start + 1))
        out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
    return bytes(out)


def _truncation_offsets(size: int, count: int, rng: random.Random, region: tuple[int, int] | None):
    fixed = [1, 2, 3, 4, 7, 8, 11, 12, 16, 20, 32, 64, 100, 512, 4096]
    offsets = {o for o in fixed if o < size}
    offsets |= {size * k // 16 for k in range(1, 16)} | {size - 1, size - 2, size - 16}
    if region:  # inside and at the edges of the manifest: parsers trust its lengths
        start, end = region
        offsets |= {start, start + 8, start + 40, (start + end) // 2, end - 1}
    ordered = sorted(o for o in offsets if 0 < o < size)
    rng.shuffle(ordered)
    extra = [rng.randrange(1, size) for _ in range(max(count - len(ordered), 0))]
    return sorted(ordered[:count] + extra)


def seed_cases(seed: Seed, density: int = 1) -> Iterator[Case]:
    """All damage for one seed; `density` multiplies the random draws."""
    data, size = seed.data, len(seed.data)
    region = manifest_region(data)
    stem = f"{seed.name}"

    def case(group: str, index: int, payload: bytes, suffix: str | None = None) -> Case:
        name = f"{group}-{index:03d}-{stem}"
        file_name = f"{group}-{index:03d}{suffix or seed.suffix}"
        return Case(name, group, _writer(file_name, payload))

    rng = random.Random(f"{seed.name}:truncate")
    for index, offset in enumerate(_truncation_offsets(size, 10 * density, rng, region)):
        yield case("truncate", index, data[:offset])
    for group, (start, end), flips in _flip_regions(size, region):
        for index in range(4 * density):
            rng = random.Random(f"{seed.name}:{group}:{index}")
            yield case(group, index, _flip(data, rng, start, end, flips + index % 3))
    for index in range(2 * density):
        rng = random.Random(f"{seed.name}:burst:{index}")
        start = rng.randrange(0, size)
        burst = rng.randbytes(rng.choice((4, 64, 1024)))
        yield case("burst", index, data[:start] + burst + data[start + len(burst) :])
    wrong = WRONG_SUFFIX.get(seed.suffix.lower(), ".jpg")
    yield case("wrong-ext", 0, data, wrong)
    yield case("wrong-ext", 1, data, ".c2pa")


def _flip_regions(size: int, region: tuple[int, int] | None):
    header = (0, min(64, size))
    media_start = region[1] if region and region[1] < size - 16 else min(64, size - 1)
    regions = [("flip-header", header, 1), ("flip-media", (media_start, size), 2)]
    if region:
        regions += [("flip-manifest", region, 1), ("flip-manifest-many", region, 16)]
    return regions


# -- generic inputs ------------------------------------------------------------------------


def generic_cases(density: int = 1) -> Iterator[Case]:
    yield Case("empty", "tiny", _writer("empty.jpg", b""))
    for value in (0x00, 0xFF, 0x89, ord("R"), ord("I")):
        yield Case(f"one-byte-{value:02x}", "tiny", _writer(f"one-{value:02x}.jpg", bytes([value])))
    for name, magic in MAGICS.items():
        yield Case(f"magic-only-{name}", "tiny", _writer(f"magic-{name}.bin", magic))
        for index in range(3 * density):
            rng = random.Random(f"magic:{name}:{index}")
            body = magic + rng.randbytes(rng.choice((16, 300, 5000, 70_000)))
            yield Case(
                f"magic-random-{name}-{index}", "random", _writer(f"mr-{name}-{index}", body)
            )
    for index in range(10 * density):
        rng = random.Random(f"random:{index}")
        suffix = rng.choice((".jpg", ".png", ".mp4", ".c2pa", ".wav", ""))
        body = rng.randbytes(rng.choice((2, 9, 100, 4096, 100_000)))
        yield Case(f"random-{index}", "random", _writer(f"random-{index}{suffix}", body))
    for name, suffix, recipe in crafted_cases():
        yield Case(f"crafted-{name}", "crafted", _writer(f"{name}{suffix}", recipe))
    yield from special_cases()


def special_cases() -> Iterator[Case]:
    """Paths that are not ordinary readable files."""

    def directory(folder: Path) -> Path:
        (folder / "folder.jpg").mkdir()
        return folder / "folder.jpg"

    def fifo(folder: Path) -> Path:
        os.mkfifo(folder / "pipe.jpg")
        return folder / "pipe.jpg"

    def unreadable(folder: Path) -> Path:
        path = _writer("locked.jpg", crafted_jpeg())(folder)
        path.chmod(0)
        return path

    def link(name: str, target: str) -> Maker:
        def make(folder: Path) -> Path:
            (folder / name).symlink_to(target)
            return folder / name

        return make

    def loop(folder: Path) -> Path:
        (folder / "a.jpg").symlink_to(folder / "b.jpg")
        (folder / "b.jpg").symlink_to(folder / "a.jpg")
        return folder / "a.jpg"

    def sparse(name: str, head: bytes, size: int) -> Maker:
        def make(folder: Path) -> Path:
            with (folder / name).open("wb") as fh:
                fh.write(head)
                fh.truncate(size)  # holes: huge on paper, nothing on disk
            return folder / name

        return make

    yield Case("special-directory", "special", directory)
    yield Case("special-fifo", "special", fifo)
    yield Case("special-unreadable", "special", unreadable, needs_other_user=True)
    yield Case("special-missing", "special", lambda folder: folder / "missing.jpg")
    yield Case("special-dangling-link", "special", link("dangling.jpg", "/nonexistent/x.jpg"))
    yield Case("special-link-loop", "special", loop)
    yield Case("special-dev-zero", "special", link("zero.jpg", "/dev/zero"))
    yield Case("special-dev-null", "special", link("null.mp4", "/dev/null"))
    yield Case("special-odd-name", "special", _writer("new\nline ü \u202e gpj.jpg", crafted_jpeg()))
    yield Case("special-sparse-3gb-jpeg", "big", sparse("big.jpg", crafted_jpeg()[:600], 3 << 30))
    yield Case("special-sparse-1gb-png", "big", sparse("big.png", crafted_png()[:33], 1 << 30))
    yield Case("special-sparse-1gb-mp4", "big", sparse("big.mp4", MAGICS["mp4"], 1 << 30))
    yield Case("special-sparse-1gb-unknown", "big", sparse("big.bin", b"hello", 1 << 30))


def crafted_jpeg() -> bytes:
    return jpeg_declaring(16, 12)


def crafted_png() -> bytes:
    return png_declaring(16, 12)


# -- seeds ---------------------------------------------------------------------------------


def own_seeds(folder: Path) -> list[Seed]:
    """Real files made here, some signed: the campaign needs no corpus."""
    from tests.helpers.exports import make_av, make_picture

    folder.mkdir(parents=True, exist_ok=True)
    paths = [make_picture(folder / f"own{s}") for s in (".jpg", ".png", ".webp", ".gif", ".tif")]
    paths += [make_av(folder / f"own{s}") for s in (".mp4", ".mov", ".m4a", ".mp3", ".flac")]
    paths.append(make_av(folder / "own.wav"))
    seeds = [Seed(p.name, p.suffix, p.read_bytes()) for p in paths]
    return seeds + _signed_seeds(folder, paths)


def _signed_seeds(folder: Path, paths: list[Path]) -> list[Seed]:
    from tests.helpers.signing import created_manifest, make_test_chain, sign_file

    chain, key, _root = make_test_chain(folder)
    seeds = []
    for path in paths:
        if path.suffix not in (".jpg", ".png", ".mp4", ".wav", ".webp"):
            continue
        signed = path.with_name(f"signed-{path.name}")
        sign_file(path, signed, chain, key, created_manifest(path.name, "trainedAlgorithmicMedia"))
        seeds.append(Seed(signed.name, signed.suffix, signed.read_bytes()))
    return seeds


def corpus_seeds(corpus: Path | None, max_bytes: int = 4 << 20) -> list[Seed]:
    if corpus is None:
        return []
    files = sorted(p for p in (corpus / "files").iterdir() if p.is_file())
    return [Seed(p.name, p.suffix, p.read_bytes()) for p in files if p.stat().st_size <= max_bytes]


def all_cases(seeds: list[Seed], own_density: int, corpus_density: int) -> list[Case]:
    """Every case, in a stable order; own seeds (names starting 'own'/'signed-') get
    `own_density`, corpus seeds `corpus_density`."""
    cases: list[Case] = list(generic_cases(max(own_density // 2, 1)))
    for seed in seeds:
        own = seed.name.startswith(("own", "signed-"))
        cases += seed_cases(seed, own_density if own else corpus_density)
    return cases
