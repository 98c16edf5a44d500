"""`@Name` mentions of a project's elements: the allowed names, parsing and resolving."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

from storyboard_app.domain.errors import InvalidInputError

MAX_NAME_CHARS = 40
KINDS = ("character", "location", "prop", "style")  # what an element is
MAX_REFERENCES = 3  # reference images per element
NAME_RULE = "letters, digits, _ and -, starting with a letter"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Not after a word character or another @, so e-mail addresses are not mentions.
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z][A-Za-z0-9_-]*)")

T = TypeVar("T")


def check_element_name(name: str) -> str:
    """The name stripped, or InvalidInputError saying what a mentionable name is."""
    name = (name or "").strip().lstrip("@")
    if not name:
        raise InvalidInputError(f"An element needs a name ({NAME_RULE}).")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidInputError(
            f"The element name {name!r} is {len(name)} characters long; use at most "
            f"{MAX_NAME_CHARS}."
        )
    if not _NAME.fullmatch(name) or name.endswith("-"):
        raise InvalidInputError(
            f"The element name {name!r} cannot be used as an @mention: use {NAME_RULE} "
            "(no spaces or punctuation)."
        )
    return name


def name_key(name: str) -> str:
    """The case-insensitive key two names collide on."""
    return name.casefold()


def mentioned_names(text: str) -> list[str]:
    """The names mentioned in `text`, in order of first mention, each once (case-insensitive)."""
    seen: set[str] = set()
    names: list[str] = []
    for match in _MENTION.finditer(text or ""):
        name = match.group(1).rstrip("-")
        if name_key(name) not in seen:
            seen.add(name_key(name))
            names.append(name)
    return names


def resolve_mentions(text: str, known: Mapping[str, T]) -> list[T]:
    """The known things (keyed by `name_key`) that `text` mentions, in order.

    Raises InvalidInputError naming every unknown mention, before anything is created.
    """
    found: list[T] = []
    unknown: list[str] = []
    for name in mentioned_names(text):
        item = known.get(name_key(name))
        if item is None:
            unknown.append("@" + name)
        else:
            found.append(item)
    if unknown:
        listed = ", ".join(unknown)
        # as the user wrote them, not the lowercase keys
        names = ", ".join(sorted("@" + str(getattr(v, "name", k)) for k, v in known.items()))
        names = names or "none yet"
        raise InvalidInputError(
            f"The prompt mentions {listed}, which is not an element of this project "
            f"(elements: {names}). Add it with `element add`, or fix the name."
        )
    return found


def replace_mentions(text: str, replacement: Mapping[str, str]) -> str:
    """`text` with each `@Name` replaced by `replacement[name_key(Name)]` (others unchanged)."""

    def sub(match: re.Match[str]) -> str:
        name = match.group(1).rstrip("-")
        tail = match.group(1)[len(name) :]
        new = replacement.get(name_key(name))
        return match.group(0) if new is None else new + tail

    return _MENTION.sub(sub, text or "")


def completions(prefix: str, names: Iterable[str]) -> list[str]:
    """Names starting with `prefix` (case-insensitive), sorted, for prompt completion."""
    key = name_key(prefix.lstrip("@"))
    return sorted((n for n in names if name_key(n).startswith(key)), key=name_key)


def mention_at(text: str, cursor: int) -> str | None:
    """The partial `@name` the cursor is at the end of (without @), or None."""
    head = (text or "")[:cursor]
    match = re.search(r"(?<![\w@])@([A-Za-z0-9_-]*)$", head)
    return match.group(1) if match else None


def reference_tag(name: str) -> str:
    """A tag a reference model accepts: alphanumeric, starting with a letter."""
    tag = re.sub(r"[^A-Za-z0-9]", "", name)
    return tag or "ref"
