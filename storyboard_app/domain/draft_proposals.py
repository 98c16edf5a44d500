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
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from storyboard_app.domain.limits import MAX_DESCRIPTION_CHARS
from storyboard_app.domain.mentions import MAX_NAME_CHARS
from storyboard_app.domain.outline import OutlineDraft, ProposedElement

# A camera phrase counts where a shot list puts it: at the start ("Close-up: …", "A wide shot
# of …"), after "(" ":" ";" ",", or after "in"/"into" ("in close-up"); and it is followed by
# the end, punctuation or "of/on/from/…". So "It is a long shot, but…", "full shot glass"
# and "close up the shop" name no shot type. Abbreviations count in capitals only ("Ms.").
_BEFORE = r"(?:^\s*(?:(?:a|an|the)\s+)?|[(\[:;,]\s*|\b(?:in|into)\s+)"
_AFTER = r"(?=\s*(?:$|[:;,.!)\]\-–—]|(?:of|on|from|to|as|at|with|showing|towards)\b))"
# Longest phrases first: "extreme close-up" must not be read as "close-up".
_SHOT_TYPE_PHRASES: tuple[tuple[str, str], ...] = (
    ("ECU", r"extreme close-?up|extreme close up"),
    ("MCU", r"medium close-?up|medium close up"),
    ("ELS", r"extreme (?:long|wide) shot|establishing shot|aerial establishing shot"),
    ("MLS", r"medium (?:long|wide) shot|cowboy shot"),
    ("OTS", r"over[\s-]the[\s-]shoulder(?: shot)?"),
    ("POV", r"point[\s-]of[\s-]view(?: shot)?"),
    ("TWO-SHOT", r"two[\s-]shot"),
    ("INSERT", r"insert(?: shot)?"),
    ("CU", r"close-?up|close up(?= of\b|\s*:)"),
    ("MS", r"medium shot|mid[\s-]shot"),
    ("LS", r"(?:long|wide|full) shot|wide"),
)
_SHOT_TYPE_ABBREVIATIONS = {
    "ECU": "ECU|XCU",
    "MCU": "MCU",
    "ELS": "ELS|EWS",
    "MLS": "MLS|MWS",
    "OTS": "OTS",
    "POV": "POV",
    "INSERT": "INSERT",
    "CU": "CU",
    "MS": "MS",
    "LS": "LS|WS",
}
_SHOT_TYPES = tuple(
    (
        kind,
        re.compile(_BEFORE + "(?:" + phrase + ")" + _AFTER, re.I),
        re.compile(r"\b(?:" + _SHOT_TYPE_ABBREVIATIONS[kind] + r")\b")
        if kind in _SHOT_TYPE_ABBREVIATIONS
        else None,
    )
    for kind, phrase in _SHOT_TYPE_PHRASES
)

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\n\"“(]\s*)([A-Z][a-z]+)")
_SPEAKER = re.compile(r"^\s*([A-Z][A-Z .'\-]{1,30}?)\s*(?:\(.*?\))?\s*:", re.M)
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


def shot_type_of(text: str) -> str | None:
    """The shot type a shot's words name ("Close-up of a hand" → "CU"), else None."""
    for kind, phrase, abbreviation in _SHOT_TYPES:
        if phrase.search(text) or (abbreviation is not None and abbreviation.search(text)):
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


def mention_name(words: str) -> str | None:
    """A name creators can type after @ ("Old harbour" → "OldHarbour", "Zoë" → "Zoe"), or
    None when nothing of it is left."""
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    name = ""
    for part in re.findall(r"[A-Za-z0-9]+", ascii_text):
        if len(name) + len(part) > MAX_NAME_CHARS:  # whole words only, within the limit
            break
        name += part[:1].upper() + part[1:]
    return name if name[:1].isalpha() else None


def _sentence_starts(text: str) -> set[int]:
    return {m.start(1) for m in _SENTENCE_START.finditer(text)}


def _names_in(text: str) -> tuple[set[str], set[str]]:
    """(people, places) named in a text: runs of up to three capitalised words; a run after
    "the" is a place ("at the Old Harbour"), any other a person ("Mara's hand" → Mara)."""
    starts = _sentence_starts(text)
    lower = _lower_words(text)
    people: set[str] = set()
    places: set[str] = set()
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        first_at = match.start()
        while words and (words[0] in _COMMON or (first_at in starts and words[0].lower() in lower)):
            first_at += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        before = text[:first_at].rstrip().lower()
        (places if before.endswith(" the") or before == "the" else people).add(name)
    return people, places


def _lower_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\b[a-z][a-z'-]+\b", text)}


def propose_elements(
    headings: Iterable[str], shot_texts: Iterable[str], dialogue: Iterable[str] = ()
) -> list[ProposedElement]:
    """Recurring characters and places of a draft, most mentioned first (at most twelve)."""
    texts = [t for t in shot_texts if t.strip()]
    names: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for text in texts:
        people, named_places = _names_in(text)
        names.update(people)
        places.update(named_places)
    speakers: Counter[str] = Counter()
    for text in dialogue:
        speakers.update(" ".join(m.group(1).split()).title() for m in _SPEAKER.finditer(text))
    for heading in headings:
        place = place_of_heading(heading)
        if place:
            places[place] += 1

    proposed: list[ProposedElement] = []
    taken: set[str] = set()
    for place, count in places.most_common():
        name = mention_name(place)
        if count >= 2 and name and place.lower() not in taken:
            taken.add(place.lower())
            seen = f"{place}: seen in {count} scenes or shots."
            proposed.append(ProposedElement("location", name, seen, count))
    characters = Counter(names)
    for speaker, count in speakers.items():
        characters[speaker] = max(characters[speaker], count)
    for words, count in characters.most_common():
        name = mention_name(words)
        if (
            count >= 2
            and name
            and words.lower() not in taken
            and not any(words.lower() in p.split() for p in taken)
        ):
            taken.add(words.lower())
            seen = f"{words}: appears in {count} shots."
            proposed.append(ProposedElement("character", name, seen, count))
    proposed.sort(key=lambda e: (-e.mentions, e.kind, e.name))
    return proposed[:MAX_PROPOSED]


def with_proposals(outline: OutlineDraft) -> OutlineDraft:
    """The draft with its proposals filled in: each shot's type (where the draft has none),
    the project style from the look lines (where none is proposed yet), and the elements."""
    texts, dialogue = [], []
    for scene in outline.scenes:
        for index, shot in enumerate(scene.shots):
            words = shot.description
            if shot.initial_prompt.strip() != shot.description.strip():
                words = f"{shot.description}\n{shot.initial_prompt}"
            texts.append(words)
            dialogue.append(shot.dialogue)
            if shot.shot_type is None:
                scene.shots[index] = replace(shot, shot_type=shot_type_of(words))
    elements = outline.elements or propose_elements(
        [scene.title for scene in outline.scenes], texts, dialogue
    )
    return replace(outline, style=outline.style or style_from_look(outline.look), elements=elements)
