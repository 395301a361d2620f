"""Whether a file is provably the one read earlier: its identity before a read.

Same path, device, inode, size, modification time and change time (the change time moves
on any write, even when a program puts the old modification time back). The identity is
taken *before* a read starts, so a file changed during the read never matches afterwards.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["file_identity"]


def file_identity(path: Path) -> tuple[int, ...]:
    """(device, inode, size, mtime ns, ctime ns) of `path`; empty when it cannot be read."""
    try:
        info = Path(path).stat()
    except OSError:
        return ()
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
