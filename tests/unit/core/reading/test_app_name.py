""" "App or device used" in people's words, from what real files record."""

from __future__ import annotations

import pytest

from app.core.reading.credentials_parse import app_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # claim_generator_info name + version wins (Photoshop, Premiere, ACA, Bedrock).
        (
            {
                "claim_generator": "Adobe_Photoshop/26.9.0 adobe_c2pa/0.14.2 c2pa-rs/0.43.0",
                "claim_generator_info": [{"name": "Adobe Photoshop", "version": "26.9.0"}],
            },
            "Adobe Photoshop 26.9.0",
        ),
        (
            {"claim_generator_info": [{"name": "Microsoft Responsible AI Image Provenance"}]},
            "Microsoft Responsible AI Image Provenance",
        ),
        (
            {"claim_generator_info": [{"name": "Amazon Bedrock"}, {"name": "c2pa-rs"}]},
            "Amazon Bedrock",
        ),
        # Only the User-Agent-like string: its product part.
        (
            {"claim_generator": "Adobe_Firefly adobe_c2pa/0.12.4+sven2 c2pa-rs/0.32.7"},
            "Adobe Firefly",
        ),
        ({"claim_generator": "Adobe_Firefly/1.0 c2pa-rs/0.17.0"}, "Adobe Firefly 1.0"),
        ({"claim_generator": "ChatGPT c2pa-rs/0.28.4"}, "ChatGPT"),
        ({"claim_generator": "Test Signer c2patool/0.7.0 c2pa-rs/0.28.4"}, "Test Signer"),
        ({"claim_generator": "   "}, ""),
        ({}, ""),
    ],
)
def test_app_name(raw: dict[str, object], expected: str) -> None:
    assert app_name(raw) == expected
