"""Writing files atomically: a temp file beside the target, then os.replace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: bytes | str, *, mode: int = 0o600) -> Path:
    """Write `data` to `path` so readers see the old file or the new one, never half of it.

    Text is written as UTF-8 without a BOM, exactly as given (no newline translation).

    Args:
        path: the file to create or replace; its folder must exist.
        data: bytes, or text to encode as UTF-8.
        mode: permission bits of the new file (owner-only by default: exports hold private notes).

    Returns:
        The path written.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    return target
