"""`label` and `batch` never say less about AI than the file's history, and what they write
passes a plain c2pa-python check of the C2PA 2.2 / conformance-program rules.

The check reads the copy with the c2pa library alone (no CredLabel parsing): the actions
assertion is a created one, no deprecated CreativeWork, the creator's name is in the
manifest, every claim has its own instanceID, `allActionsIncluded` is there and
`c2pa.opened` carries no digitalSourceType.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.exitcodes import ExitCode
from app.cli.main import main
from tests.helpers.exports import make_picture, make_signing, sha256

REFUSED = 'cannot be labeled "No AI used"'
CREATOR = "Ann Example"


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    """A test certificate imported as the default identity; returns the root to trust."""
    from app.core.signing.identity_store import IdentityStore

    make_signing(tmp_path / "keys")
    store = IdentityStore()
    identity = store.import_pem(tmp_path / "keys" / "chain.pem", tmp_path / "keys" / "key.pem")
    store.set_default(identity.id)
    return tmp_path / "keys" / "root.pem"


def trust(keys: Path) -> list[str]:
    return ["--trust", "none", "--trust-anchors", str(keys)]


def plain_check(path: Path) -> dict[str, Any]:
    """Assert the conformance rules on `path` with c2pa-python only; returns the store."""
    import c2pa

    with c2pa.Reader(str(path)) as reader:
        store: dict[str, Any] = json.loads(reader.json())
        detailed = json.loads(reader.detailed_json())
    assert store["validation_state"] in ("Valid", "Trusted")
    failures = store["validation_results"]["activeManifest"]["failure"]
    assert {f["code"] for f in failures} <= {"signingCredential.untrusted"}
    claim = detailed["manifests"][detailed["active_manifest"]]["claim"]
    created = [ref["url"].rsplit("/", 1)[-1] for ref in claim["created_assertions"]]
    assert "c2pa.actions.v2" in created
    gathered = [ref["url"] for ref in claim.get("gathered_assertions", [])]
    assert not any("actions" in url for url in gathered)
    manifests = store["manifests"]
    instance_ids = [m["instance_id"] for m in manifests.values()]
    assert len(set(instance_ids)) == len(instance_ids), instance_ids
    active = manifests[store["active_manifest"]]
    labels = [a["label"] for a in active["assertions"]]
    assert not any(label.startswith("stds.schema-org.CreativeWork") for label in labels)
    (actions,) = [a["data"] for a in active["assertions"] if a["label"] == "c2pa.actions.v2"]
    assert "allActionsIncluded" in actions
    opened = [a for a in actions["actions"] if a["action"] == "c2pa.opened"]
    assert opened and all("digitalSourceType" not in a for a in opened)
    return store


def test_partial_ai_jpeg_with_creator_and_no_training_passes_a_plain_check(
    tmp_path: Path, keys: Path, corpus_file, capsys
) -> None:
    # A camera JPEG whose XMP has an xmpMM:InstanceID (the copy must not repeat it).
    photo = Path(tmp_path / "held-out.jpg")
    photo.write_bytes(corpus_file("pt_adobe-20220124-A.jpg").read_bytes())
    args = ["--ai", "partial", "--creator", CREATOR, "--no-training", *trust(keys)]
    assert main(["label", str(photo), *args]) == ExitCode.OK
    store = plain_check(tmp_path / "held-out.cr.jpg")
    active = store["manifests"][store["active_manifest"]]
    (named,) = [a["data"] for a in active["assertions"] if a["label"] == "cawg.metadata"]
    assert named["dc:creator"] == [CREATOR]
    assert b"xmp.iid:813ee422" in photo.read_bytes()  # the original keeps its own
    assert active["instance_id"] != "xmp.iid:813ee422-9736-4cdc-9be6-4e35ed8e41cb"


def test_an_mp4_labeled_twice_passes_a_plain_check(
    tmp_path: Path, keys: Path, corpus_file, capsys
) -> None:
    # Premiere's XMP (uuid box) carries an instanceID; the source has two manifests already.
    video = tmp_path / "clip.mp4"
    video.write_bytes(corpus_file("rs_video1.mp4").read_bytes())
    first = ["--edit", "trimmed", "--creator", CREATOR, *trust(keys)]
    assert main(["label", str(video), *first]) == ExitCode.OK
    second = ["--ai", "partial", "--ai-tool", "Runway", "--creator", CREATOR, *trust(keys)]
    assert main(["label", str(tmp_path / "clip.cr.mp4"), *second]) == ExitCode.OK
    store = plain_check(tmp_path / "clip.cr.cr.mp4")
    assert len(store["manifests"]) == 4  # two of the source, two of ours


@pytest.mark.parametrize("name", ["rs_cai.jpg", "ms_DALL-E_cloud_surfing_puppy.webp"])
def test_no_ai_on_a_firefly_or_dalle_file_is_refused_and_leaves_nothing(
    tmp_path: Path, keys: Path, corpus_file, capsys, name: str
) -> None:
    source = tmp_path / name
    source.write_bytes(corpus_file(name).read_bytes())
    before = sha256(source)
    assert main(["label", str(source), "--ai", "none", *trust(keys)]) == ExitCode.ERROR
    err = capsys.readouterr().err
    assert REFUSED in err and "Traceback" not in err
    tool = "Adobe Firefly" if name.startswith("rs_cai") else "DALL"
    assert tool in err  # the earlier tool is named
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["keys", name])
    assert sha256(source) == before


def test_batch_refuses_that_file_and_labels_the_others(
    tmp_path: Path, keys: Path, corpus_file, capsys
) -> None:
    firefly = tmp_path / "firefly.jpg"
    firefly.write_bytes(corpus_file("rs_cai.jpg").read_bytes())
    plain = make_picture(tmp_path / "plain.jpg")
    out = tmp_path / "out"
    out.mkdir()
    args = ["batch", str(firefly), str(plain), "--out-dir", str(out), "--ai", "none", "-j", "1"]
    assert main([*args, "--json", *trust(keys)]) == ExitCode.ERROR
    summary = json.loads(capsys.readouterr().out)
    by_name = {Path(f["source"]).name: f for f in summary["files"]}
    assert not by_name["firefly.jpg"]["ok"]
    assert REFUSED in by_name["firefly.jpg"]["sentence"]
    assert by_name["plain.jpg"]["ok"]
    assert sorted(p.name for p in out.iterdir()) == ["plain.cr.jpg"]
