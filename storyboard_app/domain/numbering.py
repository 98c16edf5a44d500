"""Keeping scene and shot numbers contiguous (1..n) through add, move and delete."""

from collections.abc import Sequence
from typing import TypeVar

from storyboard_app.domain.errors import InvalidInputError

T = TypeVar("T")


def check_position(position: int, count: int, what: str = "position") -> int:
    """Validate a 1-based position in a list of `count` items (count+1 allowed for insert)."""
    if position < 1 or position > count:
        raise InvalidInputError(
            f"The {what} {position} is out of range: choose a number from 1 to {count}."
        )
    return position


def moved(items: Sequence[T], item: T, position: int) -> list[T]:
    """Return `items` with `item` moved to the 1-based `position`."""
    rest = [x for x in items if x != item]
    if len(rest) == len(items):
        raise ValueError("item is not in the sequence")
    check_position(position, len(items))
    rest.insert(position - 1, item)
    return rest


def inserted(items: Sequence[T], item: T, position: int | None) -> list[T]:
    """Return `items` with `item` inserted at the 1-based `position` (default: at the end)."""
    result = list(items)
    if position is None:
        result.append(item)
        return result
    check_position(position, len(items) + 1)
    result.insert(position - 1, item)
    return result


def renumbered(items: Sequence[T]) -> list[tuple[T, int]]:
    """Pair each item with its contiguous 1-based number."""
    return [(item, index) for index, item in enumerate(items, start=1)]
