"""What a draft proposes besides scenes and shots: each shot's type from its words, the
project style from the lines about the film's look, and the recurring characters and places
as elements — all for the creator to accept or leave in the preview.

The rules are plain and visible:
- a shot type is read from the words of the shot ("close-up", "wide shot", "POV", …);
- a character is a capitalised name (not the first word of a sentence, not a common word)
  that appears in at least two shots, or a screenplay speaker ("MARA: …") heard twice;
- a place is a scene heading's location ("INT. HARBOUR OFFICE - NIGHT" → "Harbour office")
  that heads at least two scenes, or a capitalised place name after "at/in/on the" seen in
  at least two shots.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from storyboard_app.domain.limits import MAX_DESCRIPTION_CHARS

# Longest phrases first: "extreme close-up" must not be read as "close-up".
_SHOT_TYPE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("ECU", r"extreme close[\s-]?up|\bECU\b|\bXCU\b"),
    ("MCU", r"medium close[\s-]?up|\bMCU\b"),
    ("ELS", r"extreme (?:long|wide) shot|establishing shot|\bELS\b|\bEWS\b|aerial establishing"),
    ("MLS", r"medium (?:long|wide) shot|\bMLS\b|\bMWS\b|cowboy shot"),
    ("OTS", r"over[\s-]the[\s-]shoulder|\bOTS\b"),
    ("POV", r"point[\s-]of[\s-]view|\bPOV\b"),
    ("TWO-SHOT", r"two[\s-]shot"),
    ("INSERT", r"\binsert\b"),
    ("CU", r"close[\s-]?up|\bCU\b"),
    ("MS", r"medium shot|mid[\s-]shot|\bMS\b"),
    ("LS", r"(?:long|wide|full) shot|\bLS\b|\bWS\b|^wide\b|\bwide:"),
)
_SHOT_TYPES = tuple((kind, re.compile(pattern, re.I)) for kind, pattern in _SHOT_TYPE_PATTERNS)

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\n\"“(]\s*)([A-Z][a-z]+)")
_SPEAKER = re.compile(r"^\s*([A-Z][A-Z .'\-]{1,30}?)\s*(?:\(.*?\))?\s*:", re.M)
_PLACE_AFTER = re.compile(r"\b(?:at|in|on|into|inside|outside)\s+the\s+((?:[A-Z][a-z]+\s?){1,3})")
_SLUGLINE = re.compile(
    r"^\s*(?:INT\.?/EXT|EXT\.?/INT|I/E|INT|EXT|EST)\.?\s+(?P<place>.+?)"
    r"(?:\s+[-–—]\s+(?:DAY|NIGHT|DAWN|DUSK|MORNING|EVENING|LATER|CONTINUOUS|MOMENTS LATER)\b.*)?$",
    re.I,
)
_COMMON = frozenset(
    """
    The A An And But Or Of In On At To From With Without Into Onto Over Under After Before
    Then When While As It Its This That These Those There Here Now Later Meanwhile Suddenly
    He She They We You I His Her Their Our Your My Scene Shot Close Wide Medium Extreme Long
    Insert Camera Cut Fade Day Night Dawn Dusk Morning Evening Int Ext Pov Ots Interior
    Exterior Outside Inside Back Front Left Right Up Down One Two Three First Last Next End
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Slowly Quickly Finally Only
    Everything Nothing Someone Something Everyone Nobody What Who Why How Where Yes No Oh
    """.split()  # noqa: SIM905 - a word list reads best as words
)
MAX_PROPOSED = 12
_LOOK_LABEL = re.compile(r"^\s*(?:look|style|visual style|mood|tone|palette)\s*[:\-–—]\s*", re.I)


@dataclass(frozen=True)
class ProposedElement:
    """A character or place the draft keeps coming back to."""

    kind: str  # "character" | "location"
    name: str
    description: str
    mentions: int


def shot_type_of(text: str) -> str | None:
    """The shot type a shot's words name ("Close-up of a hand" → "CU"), else None."""
    for kind, pattern in _SHOT_TYPES:
        if pattern.search(text):
            return kind
    return None


def style_from_look(look: Iterable[str]) -> str:
    """The project style proposed from the lines about the film's look: one line, joined."""
    parts: list[str] = []
    for line in look:
        text = re.sub(
            r"^\s*(?:look|style|visual style|mood|tone|palette)\s*[:\-–—]\s*", "", line, flags=re.I
        )
        text = " ".join(text.split()).rstrip(".")
        if text and text not in parts:
            parts.append(text)
    return "; ".join(parts)[:MAX_DESCRIPTION_CHARS]


def place_of_heading(heading: str) -> str | None:
    """The location of a scene heading ("EXT. OLD PIER - NIGHT" → "Old pier"), else None."""
    match = _SLUGLINE.match(heading)
    if match is None:
        return None
    place = " ".join(match.group("place").split()).strip(" .-–—")
    return place[:1].upper() + place[1:].lower() if place else None


def _sentence_starts(text: str) -> set[int]:
    return {m.start(1) for m in _SENTENCE_START.finditer(text)}


def _names_in(text: str) -> set[str]:
    starts = _sentence_starts(text)
    found = set()
    for match in _NAME.finditer(text):
        word = match.group(0)
        if word in _COMMON or (match.start() in starts and word.lower() in _lower_words(text)):
            continue
        found.add(word)
    return found


def _lower_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\b[a-z][a-z'-]+\b", text)}


def propose_elements(
    headings: Iterable[str], shot_texts: Iterable[str], dialogue: Iterable[str] = ()
) -> list[ProposedElement]:
    """Recurring characters and places of a draft, most mentioned first (at most twelve)."""
    texts = [t for t in shot_texts if t.strip()]
    names: Counter[str] = Counter()
    for text in texts:
        names.update(_names_in(text))
    speakers: Counter[str] = Counter()
    for text in dialogue:
        speakers.update(" ".join(m.group(1).split()).title() for m in _SPEAKER.finditer(text))
    places: Counter[str] = Counter()
    for heading in headings:
        place = place_of_heading(heading)
        if place:
            places[place] += 1
    for text in texts:
        places.update({" ".join(m.group(1).split()) for m in _PLACE_AFTER.finditer(text)})

    proposed: list[ProposedElement] = []
    taken: set[str] = set()
    for place, count in places.most_common():
        if count >= 2 and place.lower() not in taken:
            taken.add(place.lower())
            proposed.append(
                ProposedElement("location", place, f"Seen in {count} scenes or shots.", count)
            )
    characters = Counter(names)
    for speaker, count in speakers.items():
        characters[speaker] = max(characters[speaker], count)
    for name, count in characters.most_common():
        if (
            count >= 2
            and name.lower() not in taken
            and not any(name.lower() in p.lower().split() for p in taken)
        ):
            taken.add(name.lower())
            proposed.append(ProposedElement("character", name, f"Appears in {count} shots.", count))
    proposed.sort(key=lambda e: (-e.mentions, e.kind, e.name))
    return proposed[:MAX_PROPOSED]
