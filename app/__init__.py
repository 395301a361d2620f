"""CredLabel: see, disclose and sign Content Credentials on photos and videos."""

from app.core.about import APP_ID, APP_NAME, __version__
from app.core.native_library import pin_c2pa_library

__all__ = ["APP_ID", "APP_NAME", "__version__"]

# Every entry point imports `app` before anything imports c2pa, whose loader would otherwise
# pick a libc2pa_c.so planted in the current folder (see app/core/native_library.py).
pin_c2pa_library()
