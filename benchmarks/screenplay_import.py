"""Import of a 120-page screenplay, in Fountain and in Final Draft (.fdx).

Generates a feature-length script (about 55 lines a page, as printed: headings, action in
60-character lines, speeches with parentheticals, dual dialogue, notes, transitions), writes
it both ways, then times, for each: reading and parsing the file into the draft (what the
GUI does in a worker before the preview), writing the draft into a new project (one
transaction, after the backup), and the whole `import script` command in a fresh process.
Run: .venv/bin/python benchmarks/screenplay_import.py [--pages N] [--runs N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.etree import ElementTree as ET

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyboard_app.interchange.screenplay import read_script_draft, write_script
from storyboard_app.paths import DataPaths
from storyboard_app.store.open_store import open_store

LINES_PER_PAGE = 55
WORDS = """
    the rain door light window harbour stairs coat lantern shadow table glass slowly turns
    looks away waits listens runs stops reaches opens closes falls quiet old cold bright empty
    narrow distant heavy a an her his their of into across under behind beside with without
""".split()  # noqa: SIM905 - a word list reads best as words
NAMES = ["ELENA", "TOMAS", "NOOR", "ISAK", "MARA", "DECKHAND"]
PLACES = ["LIGHTHOUSE", "HARBOUR", "FERRY DECK", "KITCHEN", "STAIRWELL", "CLIFF TOP", "CAR"]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _wrapped(text: str, width: int = 60) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def build_script(pages: int, seed: int = 1) -> tuple[list[dict[str, object]], int]:
    """Scenes as plain data, and the printed line count (blank lines included)."""
    rng = random.Random(seed)
    scenes: list[dict[str, object]] = []
    lines = 0
    number = 0
    while lines < pages * LINES_PER_PAGE:
        number += 1
        heading = (
            f"{rng.choice(['INT.', 'EXT.'])} {rng.choice(PLACES)} - {rng.choice(['DAY', 'NIGHT'])}"
        )
        beats: list[tuple[str, ...]] = []
        lines += 2
        for _ in range(rng.randint(2, 5)):
            action = " ".join(_sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(1, 3)))
            beats.append(("action", action))
            lines += len(_wrapped(action)) + 1
            for _ in range(rng.randint(0, 3)):
                who, words = rng.choice(NAMES), _sentence(rng, rng.randint(4, 18))
                paren = "(quietly)" if rng.random() < 0.3 else ""
                dual = rng.random() < 0.05
                beats.append(("speech", who, paren, words, "dual" if dual else ""))
                lines += 2 + bool(paren) + len(_wrapped(words, 35))
            if rng.random() < 0.1:
                beats.append(("note", _sentence(rng, 8)))
        if rng.random() < 0.3:
            beats.append(("transition", "CUT TO:"))
            lines += 2
        scenes.append({"heading": heading, "number": str(number), "beats": beats})
    return scenes, lines


def to_fountain(title: str, scenes: list[dict[str, object]]) -> str:
    out = [f"Title: {title}", "Author: Benchmark", "", "FADE IN:", ""]
    for scene in scenes:
        out += [f"{scene['heading']} #{scene['number']}#", ""]
        for beat in scene["beats"]:  # type: ignore[attr-defined]
            if beat[0] == "action":
                out += [*_wrapped(beat[1]), ""]
            elif beat[0] == "speech":
                cue = beat[1] + (" ^" if beat[4] else "")
                out += [cue, *([beat[2]] if beat[2] else []), *_wrapped(beat[3], 35), ""]
            elif beat[0] == "note":
                out += [f"[[{beat[1]}]]", ""]
            else:
                out += [f"> {beat[1]}", ""]
    return "\n".join(out) + "\n"


def to_fdx(title: str, scenes: list[dict[str, object]]) -> bytes:
    root = ET.Element("FinalDraft", DocumentType="Script", Template="No", Version="5")
    content = ET.SubElement(root, "Content")

    def paragraph(parent: ET.Element, kind: str, text: str, **attrs: str) -> ET.Element:
        p = ET.SubElement(parent, "Paragraph", Type=kind, **attrs)
        ET.SubElement(p, "Text").text = text
        return p

    for scene in scenes:
        paragraph(content, "Scene Heading", str(scene["heading"]), Number=str(scene["number"]))
        last: ET.Element | None = None
        for beat in scene["beats"]:  # type: ignore[attr-defined]
            if beat[0] == "action":
                last = paragraph(content, "Action", beat[1])
            elif beat[0] == "speech":
                paragraph(content, "Character", beat[1])
                if beat[2]:
                    paragraph(content, "Parenthetical", beat[2])
                last = paragraph(content, "Dialogue", beat[3])
            elif beat[0] == "note" and last is not None:
                note = ET.SubElement(last, "ScriptNote")
                ET.SubElement(ET.SubElement(note, "Paragraph"), "Text").text = beat[1]
            elif beat[0] == "transition":
                last = paragraph(content, "Transition", beat[1])
    page = ET.SubElement(ET.SubElement(root, "TitlePage"), "Content")
    paragraph(page, "Title Page", title)
    return b'<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\n' + ET.tostring(
        root, encoding="utf-8"
    )


def _median_ms(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scenes, lines = build_script(args.pages)
    title = "Benchmark Feature"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {
            "Fountain": folder / "feature.fountain",
            "Final Draft": folder / "feature.fdx",
        }
        files["Fountain"].write_text(to_fountain(title, scenes), encoding="utf-8")
        files["Final Draft"].write_bytes(to_fdx(title, scenes))
        print(
            f"Script: {lines:,} printed lines ≈ {lines / LINES_PER_PAGE:.0f} pages, "
            f"{len(scenes)} scenes"
        )
        for kind, path in files.items():
            draft = read_script_draft(path)
            parse_ms = _median_ms(lambda p=path: read_script_draft(p), args.runs)
            paths = DataPaths(folder / f"data-{path.suffix[1:]}")
            store = open_store(paths)
            writes = []
            for _ in range(args.runs):
                start = time.perf_counter()
                write_script(store, draft.outline.scenes, title=draft.title, source=path.name)
                writes.append((time.perf_counter() - start) * 1000)
            store.close()
            start = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "storyboard_app",
                    "--data-dir",
                    str(paths.root),
                    "import",
                    "script",
                    str(path),
                ],
                capture_output=True,
                text=True,
                cwd=Path(__file__).resolve().parents[1],
            )
            command_ms = (time.perf_counter() - start) * 1000
            assert done.returncode == 0, done.stderr
            print(
                f"{kind:11s} {path.stat().st_size / 1024:7.0f} KB: "
                f"{len(draft.outline.scenes)} scenes, {draft.shot_count:,} shots; "
                f"read + parse + draft {parse_ms:6.0f} ms, "
                f"write {statistics.median(writes):6.0f} ms "
                f"(median of {args.runs}); `import script` command {command_ms:6.0f} ms"
            )
            for note in draft.outline.notes:
                print(f"  note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
