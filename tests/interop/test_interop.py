"""CredLabel's own labeled copies read by readers it does not control, under Node.

- `@contentauth/c2pa-wasm` (c2pa-rs in WebAssembly, what the Verify site runs), through
  `WasmReader.fromBytes`: `read_c2pa_wasm.mjs`;
- `@trustnxt/c2pa-ts`, an independent TypeScript implementation: `read_c2pa_ts.mjs`.

Each format (JPEG, PNG, HEIC, MP4, MP3) is labeled once (no AI, an edit: the parent) and
then again in each disclosure mode, signed by a throwaway test CA (so "untrusted signer" is
expected and allowed). Each reader must find the manifest, validate signature and hashes,
see the AI term and the AI tool, the creator, the parent's manifest, and distinct
instance IDs. An entirely AI-generated file without history (`c2pa.created`) and a copy
time-stamped by a local test TSA are read too. Known reader limits are
`xfail(strict=True)` with the reason, so a reader
that improves is noticed. The versions are pinned in package.json / package-lock.json;
`.ci/run` runs `npm ci` here. Skipped, saying why, when Node or the packages are absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.core.labeling.disclosure import AiTool, AiUse, DeclaredEdit, Disclosure
from app.core.labeling.export import export_labeled_copy
from app.core.media.probe import probe
from app.core.vocabulary import COMPOSITE_TERM, GENERATED_TERM, iptc_term
from tests.conftest import corpus_dir
from tests.helpers.exports import Signing, make_av, make_picture, make_signing

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
NODE = shutil.which("node")
PACKAGES = {"c2pa-wasm": "@contentauth/c2pa-wasm", "c2pa-ts": "@trustnxt/c2pa-ts"}
SCRIPTS = {"c2pa-wasm": "read_c2pa_wasm.mjs", "c2pa-ts": "read_c2pa_ts.mjs"}
FORMATS = (".jpg", ".png", ".heic", ".mp4", ".mp3")
MODES = (AiUse.NONE, AiUse.PARTIAL, AiUse.FULL)
TOOL = AiTool("Interop Test AI", "1")
CREATOR = "Interop Creator"
# What a labeled copy may report: the test CA is in nobody's trust list.
ALLOWED = {"signingCredential.untrusted"}
HEIC_SOURCE = "ts_trustnxt-icon.heic"  # no credentials: we label it twice ourselves

# Known limits of the readers, each seen on these files (c2pa-ts 0.9.4, c2pa-wasm 0.13.3).
LIMITS: dict[tuple[str, str], str] = {
    ("c2pa-ts", ".mp3"): (
        "c2pa-ts 0.9.4 looks for the deprecated MP3 GEOB MIME type; c2pa-rs writes the "
        "current application/c2pa"
    ),
    ("c2pa-ts", ".mp4"): (
        "c2pa-ts 0.9.4 reads ISO BMFF only with the HEIF brands heic/mif1, not MP4 video"
    ),
}


def _missing() -> str | None:
    if NODE is None:
        return "Node is not installed (the interop readers run under Node 20)"
    for package in PACKAGES.values():
        if not (HERE / "node_modules" / package / "package.json").is_file():
            return f"{package} is not installed: run `npm ci` in tests/interop"
    return None


MISSING = _missing()
needs_node = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


def _source(folder: Path, suffix: str) -> Path:
    if suffix == ".heic":
        corpus = corpus_dir()
        if corpus is None or not (corpus / "files" / HEIC_SOURCE).is_file():
            pytest.skip(f"a HEIC source needs the shared corpus ({HEIC_SOURCE})")
        return Path(shutil.copy(corpus / "files" / HEIC_SOURCE, folder / f"source{suffix}"))
    if suffix in (".jpg", ".png"):
        return make_picture(folder / f"source{suffix}")
    return make_av(folder / f"source{suffix}")


def _disclosure(mode: AiUse) -> Disclosure:
    tools = (TOOL,) if mode is not AiUse.NONE else ()
    return Disclosure(ai=mode, ai_tools=tools, creator=CREATOR, no_ai_training=True)


class Labeled:
    """One format's parent and its three labeled copies, with what CredLabel read back."""

    def __init__(self, folder: Path, suffix: str, signing: Signing) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        source = _source(folder, suffix)
        first = Disclosure(edits=(DeclaredEdit("cropped"),), creator=CREATOR)
        self.parent = export_labeled_copy(
            source, first, signing.signer, profile=signing.profile, dest=folder / f"p{suffix}"
        )
        self.mime = probe(self.parent.dest).mime or ""
        self.copies = {
            mode: export_labeled_copy(
                self.parent.dest,
                _disclosure(mode),
                signing.signer,
                profile=signing.profile,
                dest=folder / f"{mode.value}{suffix}",
            )
            for mode in MODES
        }


@pytest.fixture(scope="module")
def labeled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Labeled]:
    folder = tmp_path_factory.mktemp("interop")
    signing = make_signing(folder / "keys")
    made: dict[str, Labeled] = {}
    for suffix in FORMATS:
        try:
            made[suffix] = Labeled(folder / suffix.strip("."), suffix, signing)
        except pytest.skip.Exception:
            continue
    return made


@pytest.fixture(scope="module")
def seen(labeled: dict[str, Labeled]) -> dict[tuple[str, Path], dict[str, Any]]:
    """What each reader printed for every copy (one Node run per reader)."""
    if MISSING is not None:
        pytest.skip(MISSING)
    files = [(c.dest, item.mime) for item in labeled.values() for c in item.copies.values()]
    found: dict[tuple[str, Path], dict[str, Any]] = {}
    for reader, script in SCRIPTS.items():
        args = [str(p) for path, mime in files for p in (path, mime)]
        if reader == "c2pa-ts":
            args = [str(path) for path, _ in files]
        done = subprocess.run(
            [NODE or "node", str(HERE / script), *args],
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        for line in done.stdout.splitlines():
            record = json.loads(line)
            found[(reader, Path(record["path"]))] = record
    return found


def _cases() -> list[Any]:
    cases = []
    for reader in SCRIPTS:
        for suffix in FORMATS:
            limit = LIMITS.get((reader, suffix))
            marks = [pytest.mark.xfail(reason=limit, strict=True)] if limit else []
            for mode in MODES:
                cases.append(pytest.param(reader, suffix, mode, marks=marks))
    return cases


@needs_node
@pytest.mark.parametrize(("reader", "suffix", "mode"), _cases())
def test_an_independent_reader_sees_the_label(
    labeled: dict[str, Labeled],
    seen: dict[tuple[str, Path], dict[str, Any]],
    reader: str,
    suffix: str,
    mode: AiUse,
) -> None:
    if suffix not in labeled:
        pytest.skip(f"no {suffix} source here")
    item = labeled[suffix]
    copy = item.copies[mode]
    got = seen[(reader, copy.dest)]
    assert got["error"] is None and got["found"], got
    # Signature and every hash valid: nothing fails but the test CA being unknown.
    assert set(got["failures"]) <= ALLOWED, got["failures"]
    assert got["activeLabel"] == copy.report.active_manifest
    # The parent's manifest is seen, and every claim has its own instance ID.
    assert got["parentManifest"] == item.parent.report.active_manifest
    assert got["parentInStore"]
    assert len(set(got["instanceIds"])) == len(got["instanceIds"]) == 2
    assert CREATOR in got["creators"]
    terms = {iptc_term(uri) for uri in got["sourceTypes"]}
    expected = {AiUse.NONE: None, AiUse.PARTIAL: COMPOSITE_TERM, AiUse.FULL: GENERATED_TERM}
    if expected[mode] is None:
        assert not terms & {COMPOSITE_TERM, GENERATED_TERM}
    else:
        assert expected[mode] in terms
        assert TOOL.name in got["agents"]


def _read(reader: str, path: Path, mime: str) -> dict[str, Any]:
    args = [str(path)] if reader == "c2pa-ts" else [str(path), mime]
    done = subprocess.run(
        [NODE or "node", str(HERE / SCRIPTS[reader]), *args],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    record: dict[str, Any] = json.loads(done.stdout.splitlines()[0])
    return record


def _reader_cases(limit: str | None = None) -> list[Any]:
    marks = [pytest.mark.xfail(reason=limit, strict=True)] if limit else []
    return [pytest.param("c2pa-wasm"), pytest.param("c2pa-ts", marks=marks)]


@needs_node
@pytest.mark.parametrize("reader", _reader_cases())
def test_an_entirely_ai_file_without_history_reads_as_created_by_ai(
    tmp_path: Path, reader: str
) -> None:
    signing = make_signing(tmp_path / "keys")
    picture = make_picture(tmp_path / "generated.jpg")
    disclosure = Disclosure(ai=AiUse.FULL, ai_tools=(TOOL,), creator=CREATOR)
    copy = export_labeled_copy(picture, disclosure, signing.signer, profile=signing.profile)
    got = _read(reader, copy.dest, "image/jpeg")
    assert got["error"] is None and got["found"], got
    assert set(got["failures"]) <= ALLOWED, got["failures"]
    assert got["parentManifest"] is None  # c2pa.created: no history to keep
    assert GENERATED_TERM in {iptc_term(uri) for uri in got["sourceTypes"]}
    assert TOOL.name in got["agents"] and CREATOR in got["creators"]


@needs_node
@pytest.mark.allow_local_network
@pytest.mark.parametrize(
    "reader",
    _reader_cases(
        "c2pa-ts 0.9.4 cannot parse a signature carrying an RFC 3161 time-stamp (sigTst2): "
        '"Failed to deserialize signature content"'
    ),
)
def test_a_time_stamped_copy(tmp_path: Path, reader: str) -> None:
    import c2pa

    from app.core.reading.trust import TrustProfile
    from tests.helpers.signing import make_test_chain
    from tests.helpers.tsa_server import running_tsa

    chain, key, root = make_test_chain(tmp_path)
    profile = TrustProfile("local", "test root", anchors_pem=root.decode())
    picture = make_picture(tmp_path / "stamped.jpg")
    with running_tsa() as (_tsa, url):  # a local timestamp server on loopback
        info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain, key, url)
        signer = c2pa.Signer.from_info(info)
        copy = export_labeled_copy(picture, _disclosure(AiUse.PARTIAL), signer, profile=profile)
    assert copy.report.active is not None and copy.report.active.signature is not None
    assert copy.report.active.signature.time  # really time-stamped
    got = _read(reader, copy.dest, "image/jpeg")
    assert got["error"] is None and got["found"], got
    assert set(got["failures"]) <= ALLOWED, got["failures"]
    assert COMPOSITE_TERM in {iptc_term(uri) for uri in got["sourceTypes"]}
