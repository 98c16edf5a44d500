"""Metadata that travels with an exported image: PNG text chunks, JPEG XMP.

Pure functions over values and files; the caller says what to write (prompt, seed, model,
lineage). Keys follow what other tools read back: `prompt`, `seed`, `model`, `lineage` (JSON),
and an A1111-style `parameters` line that InvokeAI, ComfyUI browsers and most image viewers
show.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

SOFTWARE = "Storyboard Studio"


@dataclass(frozen=True)
class ImageMetadata:
    """What an exported image says about how it was made."""

    prompt: str
    seed: int | None
    model: str | None
    lineage: Sequence[Mapping[str, Any]] = field(default_factory=tuple)  # image, parent, …

    def text_chunks(self) -> dict[str, str]:
        chunks = {"prompt": self.prompt, "Software": SOFTWARE}
        if self.seed is not None:
            chunks["seed"] = str(self.seed)
        if self.model:
            chunks["model"] = self.model
        if self.lineage:
            chunks["lineage"] = json.dumps(list(self.lineage), ensure_ascii=False)
        settings = [f"Seed: {self.seed}" if self.seed is not None else "", f"Model: {self.model}"]
        chunks["parameters"] = (
            self.prompt + "\n" + ", ".join(s for s in settings if s and not s.endswith("None"))
        ).strip()
        return chunks

    def xmp(self) -> bytes:
        """An XMP packet with the same values (Dublin Core description + our namespace)."""
        fields = "".join(
            f"<sbs:{key}>{escape(value)}</sbs:{key}>"
            for key, value in self.text_chunks().items()
            if key in ("seed", "model", "lineage")
        )
        return (
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:sbs="https://storyboard.studio/ns/1.0/">'
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(self.prompt)}'
            f"</rdf:li></rdf:Alt></dc:description>{fields}"
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
        ).encode()


def write_with_metadata(source: Path, target: Path, metadata: ImageMetadata) -> bool:
    """Write `source` to `target` carrying `metadata` (PNG: text chunks, lossless; JPEG: XMP,
    the original bytes re-wrapped at top quality). Returns False, writing nothing, for other
    formats (the caller copies those as they are)."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    with Image.open(source) as img:
        if img.format == "PNG":
            info = PngInfo()
            for key, value in metadata.text_chunks().items():
                info.add_itxt(key, value)
            img.save(target, format="PNG", pnginfo=info)
            return True
        if img.format == "JPEG":
            img.save(target, format="JPEG", quality="keep", xmp=metadata.xmp())
            return True
    return False


def read_png_text(path: Path) -> dict[str, str]:
    """The text chunks of a PNG (for tests and support)."""
    from PIL import Image

    with Image.open(path) as img:
        img.load()
        return {str(k): str(v) for k, v in getattr(img, "text", {}).items()}
