"""The benchmark's signing identity and disclosure, in a throwaway CREDLABEL_HOME.

`bench.run` sets CREDLABEL_HOME to a temporary folder before starting any subprocess, so the
identity made here never touches the user's own identities or settings.
"""

from __future__ import annotations

import os
from typing import Any

from app.core.labeling.disclosure import AiTool, AiUse, Disclosure


def disclosure() -> Disclosure:
    """What a typical creator declares: AI-generated parts, made with one named tool."""
    return Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Bench Image Model", "1.0"),))


def signer() -> Any:
    """A c2pa Signer for the (throwaway) default identity, created on first use."""
    if "CREDLABEL_HOME" not in os.environ:
        raise SystemExit("set CREDLABEL_HOME to a scratch folder first (bench.run does)")
    from app.core.signing.identity_store import IdentityStore
    from app.core.signing.signer import make_signer

    store = IdentityStore()
    identity, _created = store.ensure_default("CredLabel Bench")
    return make_signer(identity, store=store, use_timestamp=False)
