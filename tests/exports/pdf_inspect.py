"""Reading a written PDF as other tools do: pdftotext's text, pypdf's outline, page sizes,
and every embedded picture with its pixels, its filter and the size it is drawn at."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def pdftotext(path: Path, page: int | None = None) -> str:
    """poppler's `pdftotext` output (one page when `page`, 1-based, is given)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*args, str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def poppler_images(path: Path, folder: Path) -> list[Image.Image]:
    """Every embedded picture as poppler's `pdfimages` decodes it."""
    folder.mkdir()
    subprocess.run(["pdfimages", "-png", str(path), str(folder / "img")], check=True)
    found = []
    for file in sorted(folder.iterdir()):
        with Image.open(file) as image:
            found.append(image.copy())
    return found


def outline(path: Path) -> list[tuple[str, int]]:
    """The bookmarks as (title, 0-based page index)."""
    reader = PdfReader(path)
    items: list[Any] = list(reader.outline)
    assert all(not isinstance(item, list) for item in items), "nested bookmarks"
    return [(str(item.title), reader.get_destination_page_number(item)) for item in items]


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


@dataclass(frozen=True)
class Placed:
    """A picture drawn on a page."""

    page: int
    width: int  # its pixels, as embedded
    height: int
    filter: str
    drawn_w: float  # the size it is drawn at, in points
    drawn_h: float
    stream: bytes  # as stored (still encoded by its filter)


def _times(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def pictures(path: Path) -> list[Placed]:
    """Every image XObject drawn, in drawing order, with the matrix it was drawn with."""
    reader = PdfReader(path)
    found: list[Placed] = []
    for number, page in enumerate(reader.pages):
        xobjects = page["/Resources"].get("/XObject", {})
        stack: list[Matrix] = []
        ctm = IDENTITY
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop()
            elif operator == b"cm":
                m: Matrix = tuple(float(v) for v in operands)  # type: ignore[assignment]
                ctm = _times(m, ctm)
            elif operator == b"Do":
                image = xobjects[operands[0]].get_object()
                if image.get("/Subtype") != "/Image":
                    continue
                flt = image.get("/Filter")
                found.append(
                    Placed(
                        number,
                        int(image["/Width"]),
                        int(image["/Height"]),
                        str(flt[0] if isinstance(flt, list) else flt),
                        abs(ctm[0]) + abs(ctm[2]),
                        abs(ctm[1]) + abs(ctm[3]),
                        image.get_data() if flt == "/DCTDecode" else b"",
                    )
                )
    return found
