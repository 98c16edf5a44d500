"""The camera's language and the project look: the allowed values and their prompt words."""

from __future__ import annotations

from storyboard_app.domain.errors import InvalidInputError

SHOT_TYPES = ("ECU", "CU", "MCU", "MS", "MLS", "LS", "ELS", "OTS", "POV", "INSERT", "TWO-SHOT")
ANGLES = ("eye-level", "high", "low", "birds-eye", "worms-eye", "dutch")
MOVES = (
    "static",
    "pan",
    "tilt",
    "dolly-in",
    "dolly-out",
    "truck",
    "crane",
    "handheld",
    "zoom-in",
    "zoom-out",
    "orbit",
)
ASPECT_RATIOS = ("16:9", "9:16", "4:5", "1:1", "21:9", "2.39:1")
FRAME_RATES = (24, 25, 30)
DEFAULT_ASPECT = "16:9"
DEFAULT_FPS = 24

SHOT_TYPE_WORDS = {
    "ECU": "extreme close-up",
    "CU": "close-up",
    "MCU": "medium close-up",
    "MS": "medium shot",
    "MLS": "medium long shot",
    "LS": "long shot",
    "ELS": "extreme long shot, wide establishing view",
    "OTS": "over-the-shoulder shot",
    "POV": "point-of-view shot",
    "INSERT": "insert shot, detail",
    "TWO-SHOT": "two-shot, two people in frame",
}
ANGLE_WORDS = {
    "eye-level": "eye-level camera",
    "high": "high-angle view looking down",
    "low": "low-angle view looking up",
    "birds-eye": "bird's-eye view from directly above",
    "worms-eye": "worm's-eye view from the ground",
    "dutch": "dutch angle, tilted horizon",
}
MOVE_WORDS = {
    "static": "the camera holds still",
    "pan": "the camera pans across the scene",
    "tilt": "the camera tilts",
    "dolly-in": "the camera dollies in slowly",
    "dolly-out": "the camera dollies out slowly",
    "truck": "the camera trucks sideways",
    "crane": "the camera cranes up",
    "handheld": "handheld camera, slight shake",
    "zoom-in": "slow zoom in",
    "zoom-out": "slow zoom out",
    "orbit": "the camera orbits the subject",
}


def _choose(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value is None or not value.strip():
        return None
    wanted = value.strip().casefold().replace("_", "-").replace(" ", "-")
    for item in allowed:
        if item.casefold() == wanted:
            return item
    raise InvalidInputError(f"{value!r} is not a {what}; choose one of: {', '.join(allowed)}.")


def shot_type(value: str | None) -> str | None:
    """The canonical shot type (case-insensitive), None for none, else InvalidInputError."""
    return _choose(value, SHOT_TYPES, "shot type")


def camera_angle(value: str | None) -> str | None:
    return _choose(value, ANGLES, "camera angle")


def camera_move(value: str | None) -> str | None:
    return _choose(value, MOVES, "camera move")


def aspect_ratio(value: str) -> str:
    choice = _choose(value, ASPECT_RATIOS, "project aspect ratio")
    if choice is None:
        raise InvalidInputError(f"Choose an aspect ratio: {', '.join(ASPECT_RATIOS)}.")
    return choice


def frame_rate(value: int) -> int:
    if value not in FRAME_RATES:
        raise InvalidInputError(
            f"{value} fps is not offered; choose {', '.join(map(str, FRAME_RATES))}."
        )
    return value


def ratio_value(ratio: str) -> float:
    """16:9 → 1.777…, 2.39:1 → 2.39; an unreadable ratio reads as 16:9."""
    try:
        w, _, h = ratio.partition(":")
        value = float(w) / float(h)
    except (ValueError, ZeroDivisionError):
        return 16 / 9
    return value if value > 0 else 16 / 9


def nearest_ratio(ratio: str, accepted: tuple[str, ...] | list[str]) -> str:
    """The accepted ratio closest to `ratio` (itself when accepted)."""
    if not accepted or ratio in accepted:
        return ratio
    target = ratio_value(ratio)
    return min(accepted, key=lambda r: abs(ratio_value(r) - target))


def image_words(shot_type: str | None, angle: str | None) -> str:
    """Prompt words for a still: the shot type and the camera angle."""
    parts = [SHOT_TYPE_WORDS.get(shot_type or "", ""), ANGLE_WORDS.get(angle or "", "")]
    return ", ".join(p for p in parts if p)


def motion_words(move: str | None) -> str:
    """Prompt words for a clip: the camera move."""
    return MOVE_WORDS.get(move or "", "")


def compose_prompt(prompt: str, *words: str, style: str = "") -> str:
    """The prompt sent: the creator's words, the camera's words, then the project style."""
    text = prompt.strip()
    extra = ", ".join(w.strip() for w in words if w and w.strip())
    if extra:
        text = f"{text.rstrip('. ')}. {extra[0].upper()}{extra[1:]}."
    if style.strip():
        text = f"{text.rstrip()} Style: {style.strip()}"
    return text


def camera_caption(shot_type: str | None, angle: str | None, move: str | None) -> str:
    """The camera fields as a short caption for boards and sheets: "MS · low · dolly-in"."""
    return " · ".join(v for v in (shot_type, angle, move) if v)


def script_caption(dialogue: str, action: str) -> str:
    """Action and dialogue as one caption: `She paces. “Where is he?”`."""
    parts = [action.strip()] if action.strip() else []
    if dialogue.strip():
        parts.append(f"“{dialogue.strip()}”")
    return " ".join(parts)
