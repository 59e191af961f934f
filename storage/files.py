"""Writing files atomically: temp files beside the targets, then os.replace.

Only regular files are ever replaced: a device, a FIFO, a socket or a folder at the target
is refused (as root, os.replace would swap /dev/full for a plain file). A symlink is written
through to its target, so it stays a link.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Mapping
from typing import TYPE_CHECKING

from storage.errors import CalepinError
from storage.i18n import _

if TYPE_CHECKING:
    from pathlib import Path


class FileWriteError(CalepinError, OSError):
    """A file that cannot be written; `strerror` says why in plain words, `str()` in full."""

    def __init__(self, path: str | os.PathLike[str], reason: str, code: int | None = None) -> None:
        message = _("cannot write {path}: {reason}").format(path=path, reason=reason)
        super().__init__(message)
        self.strerror = reason
        self.errno = code
        self.filename = str(path)
        self.message = message

    def __str__(self) -> str:
        return self.message


_EXPLAINED = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def _explained(exc: OSError, path: str | os.PathLike[str], folder: str | Path) -> OSError:
    """`exc` reworded when it is a full disk or a read-only place; else as it was."""
    if exc.errno in _EXPLAINED:
        return FileWriteError(path, os_error_reason(exc, folder), exc.errno)
    return exc


def os_error_reason(exc: OSError, folder: str | Path | None = None) -> str:
    """Why a write failed, in plain words ("the disk is full", "read-only folder", …)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("the disk is full; free some space and try again")
    if exc.errno == errno.EROFS:
        if folder is None:
            return _("the folder is read-only (read-only folder)")
        return _("{folder} is read-only (read-only folder)").format(folder=folder)
    if exc.errno in (errno.EACCES, errno.EPERM):
        if folder is None:
            return _("permission denied (read-only folder?)")
        return _("permission denied in {folder} (read-only folder?)").format(folder=folder)
    return exc.strerror or str(exc)


def non_regular_kind(mode: int) -> str | None:
    """What a non-regular file is ("a device", "a named pipe (FIFO)", …); None for a file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _writable_target(path: str | os.PathLike[str]) -> Path:
    """The real file to write for `path` (through symlinks); refuses a non-regular file."""
    from pathlib import Path  # here: the quick commands that only read never load it

    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise FileWriteError(path, os_error_reason(exc), exc.errno) from None
    kind = non_regular_kind(mode)
    if kind is not None:
        raise FileWriteError(
            path,
            _("it is {kind}, not a regular file; left untouched. Give a file name").format(
                kind=kind
            ),
        )
    return target


def write_all_atomically(
    files: Mapping[str | os.PathLike[str], bytes | str], *, mode: int = 0o600
) -> list[Path]:
    """Write several files all-or-nothing: every one to a temp name first, then each put in
    place. If any write fails, no existing file is replaced and no temp file is left.

    Text is written as UTF-8 without a BOM, exactly as given (no newline translation).

    Args:
        files: path → bytes or text; each folder must exist.
        mode: permission bits of the new files (owner-only by default: exports hold notes).

    Returns:
        The paths as given, in order.

    Raises:
        FileWriteError: a target that is not a regular file, a read-only folder, a full disk.
    """
    import tempfile  # lazy: the command line opens the database without writing a file here
    from pathlib import Path

    targets = [(Path(path), _writable_target(path), data) for path, data in files.items()]
    temps: list[tuple[str, Path]] = []
    try:
        for given, target, data in targets:
            payload = data.encode("utf-8") if isinstance(data, str) else data
            try:
                fd, temp_name = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
                )
            except OSError as exc:
                raise _explained(exc, given, target.parent) from None
            temps.append((temp_name, target))
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(payload)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(temp_name, mode)
            except OSError as exc:
                raise _explained(exc, given, target.parent) from None
        for temp_name, target in temps:
            try:
                os.replace(temp_name, target)
            except OSError as exc:
                raise _explained(exc, target, target.parent) from None
    finally:
        for temp_name, _target in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
    return [given for given, _target, _data in targets]


def write_atomically(path: str | os.PathLike[str], data: bytes | str, *, mode: int = 0o600) -> Path:
    """Write `data` to `path` so readers see the old file or the new one, never half of it.

    Text is written as UTF-8 without a BOM, exactly as given (no newline translation). A
    symlink at `path` stays a symlink: its target is what gets replaced.

    Args:
        path: the file to create or replace; its folder must exist.
        data: bytes, or text to encode as UTF-8.
        mode: permission bits of the new file (owner-only by default: exports hold private notes).

    Returns:
        The path written.

    Raises:
        FileWriteError (an OSError too): `path` is a device, FIFO, socket or folder; the
            folder is read-only; the disk is full. Nothing is replaced then.
    """
    return write_all_atomically({path: data}, mode=mode)[0]
