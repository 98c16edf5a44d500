"""Pictures embedded in the PDF as their files are, without decoding and re-encoding.

A JPEG becomes a DCTDecode image with the file's own bytes; an 8-bit RGB or grey PNG
becomes a FlateDecode image made of its own compressed rows (PNG predictors), as img2pdf
does. Qt draws a tiny stand-in for each of these (`placeholder_width` tells them apart) and
`embed_originals` puts the file's data in its place after Qt has written the page. Anything
else (WebP, alpha, palettes, 16-bit, interlaced, an EXIF rotation, a picture larger than
the page needs) is drawn by Qt itself, losslessly. No Qt here.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Original:
    """A file's data as a PDF image stream: its bytes and the stream's dictionary."""

    data: bytes
    width: int
    height: int
    filter: str  # "/DCTDecode" or "/FlateDecode"
    colors: int  # 1 (grey) or 3 (RGB)

    def stream_keys(self) -> dict[str, Any]:
        """The image dictionary's entries, as plain values (names start with /)."""
        keys: dict[str, Any] = {
            "/Type": "/XObject",
            "/Subtype": "/Image",
            "/Width": self.width,
            "/Height": self.height,
            "/ColorSpace": "/DeviceRGB" if self.colors == 3 else "/DeviceGray",
            "/BitsPerComponent": 8,
            "/Filter": self.filter,
        }
        if self.filter == "/FlateDecode":  # PNG rows: one filter byte each, then the pixels
            keys["/DecodeParms"] = {
                "/Predictor": 15,
                "/Colors": self.colors,
                "/BitsPerComponent": 8,
                "/Columns": self.width,
            }
        return keys


def original(path: Path) -> Original | None:
    """The file as a PDF image stream when it can go in as it is, else None."""
    try:
        with Image.open(path) as image:
            kind, mode, info = image.format, image.mode, dict(image.info)
            size = image.size
            rotated = image.getexif().get(EXIF_ORIENTATION, 1) not in (1, None)
    except (OSError, ValueError, SyntaxError):  # Pillow's errors for an unreadable file
        return None
    if rotated or mode not in ("RGB", "L"):
        return None
    colors = 3 if mode == "RGB" else 1
    data = Path(path).read_bytes()
    if kind == "JPEG" and not info.get("adobe_transform"):
        return Original(data, size[0], size[1], "/DCTDecode", colors)
    if kind == "PNG" and not info.get("interlace"):
        rows = _png_rows(data)
        if rows is not None:
            return Original(rows, size[0], size[1], "/FlateDecode", colors)
    return None


def _png_rows(data: bytes) -> bytes | None:
    """The PNG's compressed rows (its IDAT chunks joined), if it is 8 bits per channel."""
    if not data.startswith(PNG_SIGNATURE):
        return None
    position, rows = len(PNG_SIGNATURE), bytearray()
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR" and (len(body) < 13 or body[8] != 8 or body[12] != 0):
            return None  # not 8-bit, or interlaced
        if kind == b"IDAT":
            rows += body
        if kind == b"IEND":
            break
        position += 12 + length
    return bytes(rows) or None


def placeholder_width(index: int) -> int:
    """The width in pixels of the stand-in for the `index`th original (its height is 1)."""
    return index + 1


def embed_originals(writer: PdfWriter, originals: list[Original]) -> int:
    """Replace every stand-in image in `writer` by its original's data;
    return how many were replaced. Raises when a stand-in has no original (a bug)."""

    def pdf_value(value: Any) -> Any:
        if isinstance(value, str):
            return NameObject(value)
        if isinstance(value, int):
            return NumberObject(value)
        if isinstance(value, dict):
            return DictionaryObject({NameObject(k): pdf_value(v) for k, v in value.items()})
        return ArrayObject(pdf_value(v) for v in value)

    replaced: set[int] = set()
    for page in writer.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for ref in xobjects.get_object().values() if xobjects is not None else ():
            image = ref.get_object()
            if image.get("/Subtype") != "/Image" or image.get("/Height") != 1:
                continue
            index = int(image["/Width"]) - 1
            if not 0 <= index < len(originals):
                raise RuntimeError(f"a stand-in image {index} has no original")
            found = originals[index]
            for key in list(image.keys()):
                del image[key]
            for key, value in found.stream_keys().items():
                image[NameObject(key)] = pdf_value(value)
            image.decoded_self = None
            StreamObject.set_data(image, found.data)
            replaced.add(index)
    return len(replaced)
