"""What viewers will show: the Verify / c2pa-js rules on real files and our own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.media.xmp import write_digital_source_type
from app.core.reading.credentials import read_file
from app.core.reading.trust import DEFAULT_PROFILE, TrustProfile, load_profile
from app.core.reports.viewers import (
    COMPOSITE_SUMMARY,
    DISCLAIMER,
    GENERATED_SUMMARY,
    UNRECOGNIZED_ISSUER,
    viewer_view,
)
from tests.helpers.signing import IPTC, created_manifest, make_jpeg, make_test_chain, sign_file


def test_ai_generated_with_tool_and_unrecognized_issuer(corpus_file) -> None:
    view = viewer_view(read_file(corpus_file("rs_cai.jpg")))
    assert view.ai_summary == GENERATED_SUMMARY
    assert view.ai_tools == ("Adobe Firefly",)
    assert view.issuer == "Adobe Inc."
    assert view.issuer_warning == UNRECOGNIZED_ISSUER
    assert "AI tool used: Adobe Firefly" in view.lines()
    assert view.lines()[-1] == DISCLAIMER


def test_ai_said_only_by_an_earlier_step_is_not_the_summary(corpus_file) -> None:
    # Verify's summary reads the active manifest; DALL-E's AI action is in the parent's.
    view = viewer_view(read_file(corpus_file("ms_DALL-E_cloud_surfing_puppy.webp")))
    assert view.ai_summary is None
    assert view.summary_note is not None and "earlier step" in view.summary_note
    assert f"Note: {view.summary_note}" in view.lines()


def test_legacy_adobe_assertion_gives_the_generated_summary(corpus_file) -> None:
    report = read_file(corpus_file("jsl_firefly-1.jpg"))
    assert report.ai.evidence == ("assertion com.adobe.generative-ai",)
    view = viewer_view(report)
    assert view.ai_summary == GENERATED_SUMMARY  # as Verify shows it
    assert view.summary_note is None
    # Platforms document the standard IPTC terms only: the vendor field stays a caveat.
    assert "vendor-specific" in view.platform_notes[0].text


def test_vendor_file_on_the_public_lists_gets_no_warning(corpus_file) -> None:
    report = read_file(corpus_file("rs_cai.jpg"), load_profile(DEFAULT_PROFILE))
    view = viewer_view(report)
    assert view.issuer_warning is None
    trust = view.platform_notes[2].text
    assert "interim trust list" in trust and "Verify" in trust
    assert "this computer" not in trust and "local identities" not in trust


def test_composite_wins_over_trained_in_the_active_manifest(tmp_path: Path) -> None:
    actions: list[dict[str, Any]] = [
        {"action": "c2pa.created", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"},
        {
            "action": "c2pa.edited",
            "parameters": {
                "com.adobe.digitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia"
            },
            "softwareAgent": {"name": "Generative Fill"},
        },
    ]
    dest, _root = _signed(tmp_path, *actions)
    view = viewer_view(read_file(dest))
    assert view.ai_summary == COMPOSITE_SUMMARY
    assert view.ai_tools == ("Generative Fill",)


def test_no_credentials_shows_nothing(corpus_file) -> None:
    view = viewer_view(read_file(corpus_file("pt_adobe-20220124-A.jpg")))
    assert view.ai_summary is None
    assert view.issuer is None
    assert view.issuer_warning is None
    assert view.state_line.startswith("No Content Credentials")


def test_invalid_file_is_warned_about(corpus_file) -> None:
    view = viewer_view(read_file(corpus_file("pt_adobe-20220124-E-dat-CA.jpg")))
    assert "invalid" in view.state_line
    assert "ignored" in view.platform_notes[0].text


def _signed(tmp_path: Path, *actions: dict[str, Any]) -> tuple[Path, bytes]:
    chain, key, root = make_test_chain(tmp_path)
    manifest = created_manifest("x.jpg")
    manifest["assertions"][0]["data"]["actions"] = list(actions)
    dest = tmp_path / "signed.jpg"
    sign_file(make_jpeg(tmp_path / "plain.jpg"), dest, chain, key, manifest)
    return dest, root


def test_ai_tool_line_needs_a_software_agent_name(tmp_path: Path) -> None:
    action = {"action": "c2pa.created", "digitalSourceType": IPTC + "trainedAlgorithmicMedia"}
    dest, _root = _signed(tmp_path, action)
    view = viewer_view(read_file(dest))
    assert view.ai_summary == GENERATED_SUMMARY
    assert view.ai_tools == ()
    assert not any(line.startswith("AI tool used") for line in view.lines())


def test_composite_and_trusted_here_still_has_the_trust_list_caveat(tmp_path: Path) -> None:
    action = {
        "action": "c2pa.created",
        "digitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia",
        "softwareAgent": {"name": "Fill"},
    }
    dest, root = _signed(tmp_path, action)
    profile = TrustProfile("local", "test", anchors_pem=root.decode())
    view = viewer_view(read_file(dest, profile))
    assert view.ai_summary == COMPOSITE_SUMMARY
    assert view.ai_tools == ("Fill",)
    assert view.issuer_warning is not None
    assert "trust list" in view.issuer_warning


def test_iptc_xmp_source_type_is_read(tmp_path: Path) -> None:
    picture = make_jpeg(tmp_path / "p.jpg")
    write_digital_source_type(picture, "image/jpeg", "trainedAlgorithmicMedia")
    view = viewer_view(read_file(picture))
    assert view.iptc_source_type == "trainedAlgorithmicMedia"
    assert "not signed" in view.platform_notes[1].text
    assert view.ai_summary is None  # IPTC alone is not a C2PA AI summary
