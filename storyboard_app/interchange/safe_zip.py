"""Reading untrusted zip files safely: names, sizes, ratios and damage checked while streaming."""

from __future__ import annotations

import hashlib
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from storyboard_app.domain.errors import InvalidInputError

GiB = 1024**3
MiB = 1024**2


class ArchiveError(InvalidInputError):
    """The zip cannot be read safely; nothing was imported."""


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may contain before it is refused as damaged or hostile."""

    max_total_bytes: int = 64 * GiB  # all members, uncompressed
    max_member_bytes: int = 8 * GiB
    max_ratio: float = 250.0  # uncompressed ÷ compressed, for members above `ratio_floor`
    ratio_floor: int = 1 * MiB
    max_members: int = 5_000_000
    max_line_bytes: int = 4 * MiB  # one JSON document (Convex's own limit is 1 MiB)


Progress = Callable[[int], None]


def _bad_name(name: str) -> str | None:
    if "\x00" in name:
        return "contains a NUL character"
    if "\\" in name:
        return "uses backslashes"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "climbs out of the archive with '..'"
    return None


def open_archive(path: Path, limits: ZipLimits, what: str, hint: str) -> zipfile.ZipFile:
    """Open and vet a zip; raise ArchiveError with a message saying what to do."""
    if not path.exists():
        raise ArchiveError(f"There is no file {path}. Check the path and try again.")
    if path.is_dir():
        raise ArchiveError(f"{path} is a folder; choose the {what} .zip file itself.")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ArchiveError(
            f"{path.name} is not a readable zip file ({exc}). It may be incomplete or not a "
            f"{what} at all. {hint}"
        ) from exc
    except OSError as exc:
        raise ArchiveError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
    try:
        _vet(archive, limits, path.name, hint)
    except BaseException:
        archive.close()
        raise
    return archive


def _vet(archive: zipfile.ZipFile, limits: ZipLimits, label: str, hint: str) -> None:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise ArchiveError(
            f"{label} holds {len(infos):,} files, more than the {limits.max_members:,} allowed. "
            f"{hint}"
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        problem = _bad_name(info.filename)
        if problem:
            raise ArchiveError(
                f"{label} was refused: the entry {info.filename!r} {problem}, which a genuine "
                f"export never does (a 'zip-slip' archive). {hint}"
            )
        if info.filename in seen:
            raise ArchiveError(f"{label} was refused: {info.filename!r} appears twice. {hint}")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise ArchiveError(
                f"{label} is password-protected ({info.filename}). Export it again without a "
                "password."
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ArchiveError(f"{label} was refused: {info.filename!r} is a symbolic link.")
        if info.file_size > limits.max_member_bytes:
            raise ArchiveError(
                f"{label} was refused: {info.filename} unpacks to {info.file_size:,} bytes, "
                f"more than the {limits.max_member_bytes:,} allowed for one file."
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise ArchiveError(
                f"{label} was refused: {info.filename} would unpack {info.compress_size:,} bytes "
                f"into {info.file_size:,} (a decompression bomb). {hint}"
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        raise ArchiveError(
            f"{label} was refused: it unpacks to {total:,} bytes, more than the "
            f"{limits.max_total_bytes:,} allowed (a decompression bomb?). {hint}"
        )


def damaged(label: str, member: str, exc: BaseException, hint: str) -> ArchiveError:
    return ArchiveError(
        f"{label} is damaged: {member} cannot be unpacked ({exc}). Nothing was imported. {hint}"
    )


_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)


class _Counted:
    """Counts unpacked bytes and stops a member that unpacks to more than it declared."""

    def __init__(self, info: zipfile.ZipInfo, on_bytes: Progress | None) -> None:
        self.info = info
        self.read = 0
        self.on_bytes = on_bytes

    def add(self, n: int) -> None:
        self.read += n
        if self.read > self.info.file_size:
            raise zipfile.BadZipFile("more data than the archive declared")
        if self.on_bytes is not None:
            self.on_bytes(n)


def iter_lines(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: ZipLimits,
    *,
    label: str,
    hint: str,
    on_bytes: Progress | None = None,
) -> Iterator[tuple[int, bytes | None]]:
    """Stream (line number, line) pairs; a line over the limit comes as None (skip it)."""
    counter = _Counted(info, on_bytes)
    number = 0
    try:
        with archive.open(info) as fh:
            while True:
                line = fh.readline(limits.max_line_bytes + 1)
                if not line:
                    return
                counter.add(len(line))
                number += 1
                if len(line) > limits.max_line_bytes and not line.endswith(b"\n"):
                    _discard_rest_of_line(fh, counter, limits)
                    yield number, None
                    continue
                if line.strip():
                    yield number, line
    except _READ_ERRORS as exc:
        raise damaged(label, info.filename, exc, hint) from exc


def _discard_rest_of_line(fh: IO[bytes], counter: _Counted, limits: ZipLimits) -> None:
    while True:
        chunk = fh.readline(limits.max_line_bytes)
        if not chunk:
            return
        counter.add(len(chunk))
        if chunk.endswith(b"\n"):
            return


def read_small(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, *, label: str, hint: str
) -> bytes:
    """The whole of a small member (a manifest); refuse one above `limit` bytes."""
    if info.file_size > limit:
        raise ArchiveError(
            f"{label} was refused: {info.filename} is {info.file_size:,} bytes, "
            f"more than the {limit:,} expected."
        )
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)
    except _READ_ERRORS as exc:
        raise damaged(label, info.filename, exc, hint) from exc
    if len(data) > limit:
        raise ArchiveError(f"{label} was refused: {info.filename} is larger than declared.")
    return data


def copy_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    target: Path,
    *,
    label: str,
    hint: str,
    on_bytes: Progress | None = None,
) -> str:
    """Stream a member into `target`, returning its SHA-256 hex."""
    counter = _Counted(info, on_bytes)
    digest = hashlib.sha256()
    try:
        with archive.open(info) as src, target.open("wb") as dst:
            while chunk := src.read(1024 * 1024):
                counter.add(len(chunk))
                digest.update(chunk)
                dst.write(chunk)
    except zipfile.BadZipFile as exc:
        raise damaged(label, info.filename, exc, hint) from exc
    except (zlib.error, EOFError) as exc:
        raise damaged(label, info.filename, exc, hint) from exc
    return digest.hexdigest()
