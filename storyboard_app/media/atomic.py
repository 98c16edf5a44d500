"""Write a file under a temporary name beside its target; rename it into place only when it
is complete, flushed to disk and checked.

A missing target folder is refused, never created: a typo in a path must not leave a tree
of new folders behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from storyboard_app.domain.errors import EnvironmentProblemError, InvalidInputError

Check = Callable[[Path], None]
"""Reads a finished temporary file back; raises when it is not what was meant to be written."""


def temporary_sibling(target: Path, tag: str = "part") -> Path:
    """A hidden name next to `target` (same folder, so the final rename is atomic)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.{tag}{target.suffix}")


def explain_os_error(exc: OSError, target: Path, what: str) -> EnvironmentProblemError:
    """Turn an OSError while writing `target` into a message that says what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return EnvironmentProblemError(
            f"The disk is full while writing the {what} {target}. Free some space and "
            "export again; nothing half-written was kept."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return EnvironmentProblemError(
            f"Cannot write the {what} to {target}: permission denied. Choose a folder you "
            "can write to."
        )
    return EnvironmentProblemError(
        f"Cannot write the {what} to {target} ({exc.strerror or exc}). Check the path and "
        "try again."
    )


def check_folder(folder: Path, what: str) -> Path:
    """`folder`, absolute, when it exists and is writable; else a message saying which."""
    folder = Path(folder).expanduser().absolute()
    if not folder.is_dir():
        if folder.exists():
            raise InvalidInputError(
                f"Cannot write the {what}: {folder} is a file, not a folder. Choose another place."
            )
        raise InvalidInputError(
            f"Cannot write the {what}: the folder {folder} does not exist. Create it first "
            "or choose another place."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise EnvironmentProblemError(
            f"Cannot write the {what} to the folder {folder}: it is not writable. Choose "
            "another place."
        )
    return folder


def check_writable_target(target: Path, what: str) -> Path:
    """Resolve `target`; its folder must exist and be writable (it is never created)."""
    target = Path(target).expanduser().absolute()
    if target.is_dir():
        raise InvalidInputError(f"{target} is a folder; give a file name for the {what}.")
    check_folder(target.parent, what)
    return target


def flush_to_disk(path: Path) -> None:
    """fsync a finished file (a full disk may only say so here) and, best effort, its folder."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(target: Path, what: str = "file", check: Check | None = None) -> Iterator[Path]:
    """Yield a temporary path beside `target`; when the block succeeds, fsync the file, run
    `check` on it, and rename it to `target`.

    On any error the temporary file is removed, so nothing partial exists under either
    name; an OSError (a full disk included) is turned into a message that says what to do.
    """
    target = check_writable_target(target, what)
    tmp = temporary_sibling(target)
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise EnvironmentProblemError(
                f"The {what} {target} was not written (is the disk full?). Free some space "
                "and try again."
            )
        flush_to_disk(tmp)
        if check is not None:
            check(tmp)
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise explain_os_error(exc, target, what) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
