"""`python -m bench.opens SRC DEST`: open SRC as the window does (a validating read,
remembered), export a labeled copy to DEST, and count how often SRC was opened.

Counts Python-level opens (`open` audit events: Pillow, c2pa's streams, our own checks);
bench.run also runs this under strace to count every open(2), including FFmpeg's. Prints
one JSON line: {"opens", "validations"}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.identity import disclosure, signer


def main(argv: list[str]) -> None:
    src, dest = Path(argv[0]).resolve(), Path(argv[1])
    from app.core.labeling.export import export_labeled_copy
    from app.core.reading.report_memory import read_and_remember
    from app.core.reading.trust import load_profile

    sign_with, profile = signer(), load_profile("local")
    opens: list[str] = []

    def hook(event: str, args: tuple[Any, ...]) -> None:
        named = event == "open" and args and isinstance(args[0], (str, Path))
        if named and Path(args[0]).resolve() == src:
            opens.append(str(args[0]))

    sys.addaudithook(hook)
    read_and_remember(src, profile)
    at_open = len(opens)
    export_labeled_copy(src, disclosure(), sign_with, dest=dest, profile=profile)
    print(json.dumps({"opens": len(opens), "opens_at_open": at_open}))


if __name__ == "__main__":
    main(sys.argv[1:])
