"""An export in its own process, to be killed: `python -m tests.integration.hostile.export_child
SRC DEST
SIGNING_FOLDER [PHASE]`.

With PHASE (reading, signing, writing, verifying), the progress callback prints
`READY <phase>` once that phase has started and then blocks, so the parent can SIGKILL the
process at exactly that point, with the temporary files in place. Without PHASE the export
runs through (the parent kills it after a delay of its choosing) and prints `DONE`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app.core.labeling.disclosure import AiTool, AiUse, Disclosure
from app.core.labeling.export import ExportProgress, export_labeled_copy
from tests.helpers.exports import make_signing


def main(argv: list[str]) -> None:
    source, dest, folder = Path(argv[0]), Path(argv[1]), Path(argv[2])
    stop_at = argv[3] if len(argv) > 3 else None
    signing = make_signing(folder)

    def progress(report: ExportProgress) -> None:
        if report.phase == stop_at:
            print(f"READY {report.phase}", flush=True)
            time.sleep(3600)  # wait here for SIGKILL

    export_labeled_copy(
        source,
        Disclosure(ai=AiUse.PARTIAL, ai_tools=(AiTool("Test AI"),)),
        signing.signer,
        dest=dest,
        profile=signing.profile,
        progress=progress,
    )
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
