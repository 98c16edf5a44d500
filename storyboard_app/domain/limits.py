"""Size limits on user text, shared by every entry point."""

from storyboard_app.domain.errors import InvalidInputError

MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 20_000
MAX_PROMPT_CHARS = 10_000
MAX_PLANNER_CHARS = 2_000_000


def clean_title(title: str, what: str = "Title") -> str:
    """Strip a title and reject an empty or oversized one."""
    title = (title or "").strip()
    if not title:
        raise InvalidInputError(f"{what} cannot be empty: type a name.")
    if len(title) > MAX_TITLE_CHARS:
        raise InvalidInputError(
            f"{what} is {len(title):,} characters long; shorten it to {MAX_TITLE_CHARS} or fewer."
        )
    return title


def clean_text(text: str | None, limit: int, what: str) -> str:
    """Normalise optional free text and reject text over `limit` characters."""
    text = text or ""
    if "\x00" in text:
        raise InvalidInputError(f"{what} contains a NUL character; remove it and try again.")
    if len(text) > limit:
        raise InvalidInputError(
            f"{what} is {len(text):,} characters long; the limit is {limit:,}. Shorten it."
        )
    return text


def clean_prompt(prompt: str | None, *, required: bool = False) -> str:
    """Normalise a prompt; a required one may not be blank."""
    prompt = clean_text(prompt, MAX_PROMPT_CHARS, "The prompt").strip()
    if required and not prompt:
        raise InvalidInputError("The prompt is empty: describe the image to draw.")
    return prompt
