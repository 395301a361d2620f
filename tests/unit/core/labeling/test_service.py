"""The labeling service: naming, unlocking, one file here or many in the pool, and every
question asked through `Questions` — with the real identity store, real c2pa signing and
real loopback timestamp servers."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.core.errors import CredLabelError
from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.service import (
    BatchProgress,
    ExistingCopy,
    FixedAnswers,
    LabelingSession,
    LabelRequest,
    Remember,
)
from app.core.model import AiVerdictKind, ValidationState
from app.core.reading.credentials import read_file
from app.core.reading.trust import load_profile
from app.core.signing import passphrases
from app.core.signing.identity_store import IdentityStore
from tests.helpers.exports import make_picture, sha256
from tests.helpers.failing_tsa import failing_tsa

AI = Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Firefly"),))
PASSPHRASE = "correct horse"


@dataclass
class Recorded(FixedAnswers):
    """Fixed answers that also record what was asked."""

    passphrases: list[str | None] = field(default_factory=list)
    asked: list[tuple[str, ...]] = field(default_factory=list)

    def passphrase(self, identity_name: str, problem: str | None) -> str | None:
        self.asked.append(("passphrase", identity_name, problem or ""))
        return self.passphrases.pop(0) if self.passphrases else None

    def remember_passphrase(self, identity_name: str) -> Remember:
        self.asked.append(("remember", identity_name))
        return self.remember

    def sign_without_timestamp(self, server: str, sentence: str) -> bool:
        self.asked.append(("timestamp", server, sentence))
        return self.without_timestamp

    def overwrite(self, dest: Path, free_name: Path) -> ExistingCopy:
        self.asked.append(("overwrite", dest.name, free_name.name))
        return self.existing


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passphrases, "keyring_backend", lambda: None)  # never the real one


@pytest.fixture
def store() -> IdentityStore:
    store = IdentityStore()
    store.set_default(store.create_local("Service Tester").id)
    return store


def _request(sources: list[Path], **options: object) -> LabelRequest:
    return LabelRequest(tuple(sources), AI, profile=load_profile("local"), **options)  # type: ignore[arg-type]


def test_one_file_is_labeled_here_by_the_pattern(store: IdentityStore, tmp_path: Path) -> None:
    photo = make_picture(tmp_path / "photo.jpg")
    before = sha256(photo)
    events: list[BatchProgress] = []
    session = LabelingSession(FixedAnswers(), store=store, progress=events.append)
    summary = session.label(_request([photo], pattern="{stem}-labeled{ext}"))
    [outcome] = summary.outcomes
    assert outcome.ok and outcome.dest == tmp_path / "photo-labeled.jpg"
    assert outcome.result is not None  # in this process: the whole result
    assert outcome.result.report.state is ValidationState.TRUSTED
    assert read_file(outcome.dest, load_profile("local")).ai.kind is AiVerdictKind.CONTAINS_AI
    assert sha256(photo) == before
    assert events[0].phase == "started" and events[-1].outcome == outcome
    assert {e.step for e in events if e.phase == "working"} >= {"signing", "verifying"}
    assert events[-1].finished == events[-1].total == 1


@pytest.mark.parametrize("in_process", [True, False], ids=["here", "pool"])
def test_same_names_from_two_folders_get_distinct_copies(
    store: IdentityStore, tmp_path: Path, in_process: bool
) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
    sources = [make_picture(tmp_path / d / "a.jpg") for d in ("x", "y")]
    out = tmp_path / "out"
    out.mkdir()
    session = LabelingSession(FixedAnswers(), store=store)
    summary = session.label(_request(sources, out_dir=out, in_process=in_process, processes=1))
    assert summary.all_ok, summary.lines()
    assert [o.dest for o in summary.outcomes] == [out / "a.cr.jpg", out / "a.cr-2.jpg"]
    for outcome in summary.outcomes:
        assert outcome.dest is not None
        assert read_file(outcome.dest, load_profile("local")).state is ValidationState.TRUSTED


@pytest.mark.parametrize("answer", list(ExistingCopy), ids=lambda a: a.name)
def test_a_taken_name_is_asked_about(
    store: IdentityStore, tmp_path: Path, answer: ExistingCopy
) -> None:
    photo = make_picture(tmp_path / "photo.jpg")
    taken = tmp_path / "photo.cr.jpg"
    taken.write_bytes(b"an older copy")
    questions = Recorded(existing=answer)
    summary = LabelingSession(questions, store=store).label(_request([photo]))
    assert questions.asked == [("overwrite", "photo.cr.jpg", "photo.cr-2.jpg")]
    [outcome] = summary.outcomes
    if answer is ExistingCopy.SKIP:
        assert outcome.skipped and not outcome.ok and "already exists" in outcome.sentence
        assert taken.read_bytes() == b"an older copy"
        assert not (tmp_path / "photo.cr-2.jpg").exists()
    elif answer is ExistingCopy.KEEP_BOTH:
        assert outcome.ok and outcome.dest == tmp_path / "photo.cr-2.jpg"
        assert taken.read_bytes() == b"an older copy"
    else:
        assert outcome.ok and outcome.dest == taken
        assert read_file(taken, load_profile("local")).state is ValidationState.TRUSTED


def test_overwrite_in_the_request_replaces_without_asking(
    store: IdentityStore, tmp_path: Path
) -> None:
    photo = make_picture(tmp_path / "photo.jpg")
    (tmp_path / "photo.cr.jpg").write_bytes(b"old")
    questions = Recorded()
    summary = LabelingSession(questions, store=store).label(_request([photo], overwrite=True))
    assert summary.all_ok and questions.asked == []


def test_an_encrypted_identity_is_asked_until_it_unlocks(tmp_path: Path) -> None:
    store = IdentityStore()
    locked = store.create_local("Ann Lee", passphrase=PASSPHRASE)
    store.forget_passphrase(locked.id)  # as in a new session
    photo = make_picture(tmp_path / "photo.jpg")
    questions = Recorded(passphrases=["wrong horse", PASSPHRASE], remember=Remember.NOT)
    summary = LabelingSession(questions, store=store).label(
        _request([photo], identity_id=locked.id)
    )
    assert summary.all_ok, summary.lines()
    assert questions.asked[0] == ("passphrase", "Ann Lee", "")
    assert questions.asked[1][:2] == ("passphrase", "Ann Lee")
    assert "does not unlock" in questions.asked[1][2]
    assert questions.asked[2:] == [("remember", "Ann Lee")]
    assert store.remembered_passphrase(locked.id) is None  # "not": forgotten again


def test_a_typed_passphrase_is_handed_to_the_batch_workers(tmp_path: Path) -> None:
    store = IdentityStore()
    locked = store.create_local("Ann Lee", passphrase=PASSPHRASE)
    store.forget_passphrase(locked.id)
    sources = [make_picture(tmp_path / "a.jpg"), make_picture(tmp_path / "b.png")]
    questions = Recorded(passphrases=[PASSPHRASE])
    summary = LabelingSession(questions, store=store).label(
        _request(sources, identity_id=locked.id, in_process=False, processes=2)
    )
    assert summary.all_ok, summary.lines()
    assert [q[0] for q in questions.asked] == ["passphrase", "remember"]  # asked once


def test_cancelling_the_passphrase_cancels_every_file(tmp_path: Path) -> None:
    store = IdentityStore()
    locked = store.create_local("Ann Lee", passphrase=PASSPHRASE)
    store.forget_passphrase(locked.id)
    sources = [make_picture(tmp_path / "a.jpg"), make_picture(tmp_path / "b.jpg")]
    summary = LabelingSession(Recorded(), store=store).label(
        _request(sources, identity_id=locked.id)
    )
    assert [o.cancelled for o in summary.outcomes] == [True, True]
    assert "no passphrase was given for “Ann Lee”" in summary.outcomes[0].sentence
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jpg", "b.jpg"]


def test_a_fixed_wrong_passphrase_is_a_sentence_not_a_loop(tmp_path: Path) -> None:
    store = IdentityStore()
    locked = store.create_local("Ann Lee", passphrase=PASSPHRASE)
    store.forget_passphrase(locked.id)
    photo = make_picture(tmp_path / "photo.jpg")
    with pytest.raises(CredLabelError, match="does not unlock"):
        LabelingSession(FixedAnswers(given_passphrase="nope"), store=store).label(
            _request([photo], identity_id=locked.id)
        )


@pytest.mark.allow_local_network
@pytest.mark.parametrize("kind", ["500", "garbage", "drop"])
@pytest.mark.parametrize("in_process", [True, False], ids=["here", "pool"])
def test_a_failing_timestamp_server_asks_once_then_signs_without(
    store: IdentityStore, tmp_path: Path, kind: str, in_process: bool
) -> None:
    sources = [make_picture(tmp_path / "a.jpg"), make_picture(tmp_path / "b.png")]
    default = store.default()
    assert default is not None
    with failing_tsa(kind) as url:
        store.set_timestamp_url(default.id, url)
        questions = Recorded(without_timestamp=True)
        summary = LabelingSession(questions, store=store).label(
            _request(sources, in_process=in_process, processes=2)
        )
    assert summary.all_ok, summary.lines()
    [(what, server, sentence)] = questions.asked  # once for the whole request
    assert what == "timestamp" and server == url
    assert url in sentence and "sign without a timestamp" in sentence
    assert any("without a timestamp" in note for note in summary.notes)
    for outcome in summary.outcomes:
        assert outcome.dest is not None
        report = read_file(outcome.dest, load_profile("local"))
        assert report.state is ValidationState.TRUSTED
        assert report.active is not None and report.active.signature is not None
        assert report.active.signature.time is None  # really without a timestamp


@pytest.mark.allow_local_network
def test_no_to_signing_without_a_timestamp_writes_nothing(
    store: IdentityStore, tmp_path: Path
) -> None:
    photo = make_picture(tmp_path / "photo.jpg")
    default = store.default()
    assert default is not None
    with failing_tsa("500") as url:
        store.set_timestamp_url(default.id, url)
        summary = LabelingSession(Recorded(), store=store).label(_request([photo]))
    [outcome] = summary.outcomes
    assert not outcome.ok and outcome.timestamp_failed
    assert url in outcome.sentence and "Library" not in outcome.sentence
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.jpg"]


@pytest.mark.allow_local_network
def test_an_unreachable_server_is_asked_about_before_any_work(
    store: IdentityStore, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    default = store.default()
    assert default is not None
    store.set_timestamp_url(default.id, f"http://127.0.0.1:{port}/tsa")
    questions = Recorded(without_timestamp=True)
    session = LabelingSession(questions, store=store)
    chosen = session.choose_signer()
    assert not chosen.use_timestamp
    assert [q[0] for q in questions.asked] == ["timestamp"]
    assert "cannot be reached" in questions.asked[0][2]
    photo = make_picture(tmp_path / "photo.jpg")
    assert session.label(_request([photo]), chosen).all_ok
    assert len(questions.asked) == 1


def test_the_first_use_identity_is_told_once(tmp_path: Path) -> None:
    questions = FixedAnswers()
    photo = make_picture(tmp_path / "photo.jpg")
    session = LabelingSession(questions)
    summary = session.label(_request([photo], creator_name="Ann Lee"))
    assert summary.all_ok
    assert len(questions.told) == 1 and "Created your local signing identity" in questions.told[0]
    assert summary.notes == tuple(questions.told)
    again = session.label(_request([photo], dest=tmp_path / "again.jpg"))
    assert again.all_ok and len(questions.told) == 1


def test_one_output_name_needs_one_file(store: IdentityStore, tmp_path: Path) -> None:
    sources = [make_picture(tmp_path / "a.jpg"), make_picture(tmp_path / "b.jpg")]
    with pytest.raises(CredLabelError, match="one file"):
        LabelingSession(FixedAnswers(), store=store).label(
            _request(sources, dest=tmp_path / "x.jpg")
        )


def test_the_log_says_which_file_was_labeled_into_which_copy(
    store: IdentityStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    photo = make_picture(tmp_path / "photo.jpg")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not a picture")
    session = LabelingSession(FixedAnswers(), store=store)
    with caplog.at_level("INFO", logger="app.core.labeling.service"):
        session.label(_request([photo, broken]))
    lines = [r.getMessage() for r in caplog.records if r.name == "app.core.labeling.service"]
    assert any(line.startswith(f"labeled {photo} -> ") for line in lines), lines
    assert any(line.startswith(f"not labeled {broken}: ") for line in lines), lines
