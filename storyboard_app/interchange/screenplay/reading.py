"""Read a screenplay file safely: its size, whether it is text or XML, which format it is."""

from __future__ import annotations

from pathlib import Path

from storyboard_app.domain.errors import InvalidInputError
from storyboard_app.interchange.screenplay.script import Script

# A 120-page feature is about 150 KB of Fountain and under 1 MB of Final Draft XML; anything
# far larger is not a screenplay, and reading it whole would only cost memory.
MAX_SCRIPT_BYTES = 10 * 1024 * 1024
FOUNTAIN_SUFFIXES = (".fountain", ".spmd", ".txt", ".text", ".md")
FDX_SUFFIXES = (".fdx", ".xml")
_SNIFF = 8192


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def read_script_bytes(path: Path, limit: int = MAX_SCRIPT_BYTES) -> bytes:
    """The file's bytes; refuses a missing file, a folder, an empty file or one over `limit`."""
    name = path.name
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InvalidInputError(f"{path} is a folder; choose a .fountain or .fdx file.")
        if size > limit:
            raise InvalidInputError(
                f"{name} is {_size_text(size)}; a screenplay file is at most "
                f"{_size_text(limit)}. Choose the script itself (.fountain or .fdx)."
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InvalidInputError(f"There is no file {path}.") from None
    except PermissionError:
        raise InvalidInputError(f"{path} cannot be read: permission denied.") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path} is a folder; choose a .fountain or .fdx file.") from None
    if len(data) > limit:  # it grew while we looked
        raise InvalidInputError(f"{name} is over {_size_text(limit)}; it is not a screenplay.")
    if not data.strip():
        raise InvalidInputError(f"{name} is empty: there is no script in it to import.")
    return data


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text has NULs but is text
        return False
    return b"\x00" in head or head.startswith((b"%PDF", b"PK\x03\x04", b"{\\rtf"))


def decode_text(data: bytes, name: str) -> str:
    """Text from UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252."""
    if _looks_binary(data):
        raise InvalidInputError(
            f"{name} is not a text file (it looks like an image, a PDF or a word-processor "
            "document). Export the script from your writing app as Fountain or Final Draft "
            "(.fdx)."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInputError(
        f"{name} is not readable text (neither UTF-8 nor Windows-1252). Save it as UTF-8 "
        "from your writing app and import it again."
    )


def is_xml(data: bytes) -> bool:
    head = data[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<?xml", b"<FinalDraft", b"<!DOCTYPE", b"<!--"))


def parse_script(path: Path, data: bytes) -> Script:
    """Parse `data` (the bytes of `path`) as Final Draft or Fountain, by content and suffix."""
    from storyboard_app.interchange.screenplay import fdx, fountain

    name, suffix = path.name, path.suffix.lower()
    if suffix in FDX_SUFFIXES or is_xml(data):
        return fdx.parse_fdx(data, name)
    text = decode_text(data, name)
    script = fountain.parse_fountain(text)
    if suffix != ".fountain" and script.count("heading") == 0:
        raise InvalidInputError(
            f"{name} does not look like a Fountain screenplay: it has no scene heading "
            "(such as INT. KITCHEN - DAY). To draft scenes from free notes, paste them into "
            "the planner instead."
        )
    return script
