"""Write a file or folder under a temporary name and rename it into place only when complete."""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from storyboard_app.domain.errors import EnvironmentProblemError, InvalidInputError


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


def check_writable_target(target: Path, what: str) -> Path:
    """Resolve `target` and make sure its folder exists and is writable (creating it)."""
    target = Path(target).expanduser().absolute()
    if target.is_dir():
        raise InvalidInputError(f"{target} is a folder; give a file name for the {what}.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise explain_os_error(exc, target, what) from exc
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise EnvironmentProblemError(
            f"Cannot write the {what} to {target}: the folder {target.parent} is not "
            "writable. Choose another place."
        )
    return target


@contextlib.contextmanager
def atomic_path(target: Path, what: str = "file") -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it to `target` if the block succeeds.

    On any error the temporary file is removed, so nothing partial exists under the final
    name; an OSError is turned into a message that says what to do.
    """
    target = check_writable_target(target, what)
    tmp = temporary_sibling(target)
    try:
        yield tmp
        if not tmp.is_file():
            raise EnvironmentProblemError(f"The {what} {target} was not written.")
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise explain_os_error(exc, target, what) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
