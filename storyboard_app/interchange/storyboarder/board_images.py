"""A board's picture both ways: flattening Storyboarder layers into one image on import, and
on export the layer, thumbnail and posterframe files Storyboarder expects for an image.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from storyboard_app.interchange.storyboarder.format import board_size, thumbnail_size
from storyboard_app.interchange.storyboarder.scene_file import LayerImage
from storyboard_app.media.checks import check_image

WHITE = (255, 255, 255, 255)


def flatten(layers: tuple[LayerImage, ...], aspect_ratio: float) -> bytes:
    """The layers drawn bottom to top over white at the board's size, as Storyboarder's
    posterframes are, as PNG bytes; MediaError when a layer is not a usable image."""
    size = board_size(aspect_ratio)
    canvas = Image.new("RGBA", size, WHITE)
    for layer in layers:
        check_image(layer.path)  # a whole, decodable image within the pixel limit
        with Image.open(layer.path) as img:
            picture = img.convert("RGBA")
        if picture.size != size:
            picture = picture.resize(size, Image.Resampling.LANCZOS)
        if layer.opacity < 1.0:
            alpha = picture.getchannel("A").point(lambda a, o=layer.opacity: round(a * o))
            picture.putalpha(alpha)
        canvas.alpha_composite(picture)
    out = io.BytesIO()
    canvas.convert("RGB").save(out, "PNG")
    return out.getvalue()


def is_opaque(path: Path) -> bool:
    """Every pixel of the image is fully opaque (no alpha channel, or alpha all 255):
    shown over white it is itself. MediaError when it is not a usable image."""
    check_image(path)  # a whole, decodable image within the pixel limit
    with Image.open(path) as img:
        if img.mode in ("1", "L", "RGB", "CMYK", "YCbCr", "I", "F") and (
            "transparency" not in img.info
        ):
            return True
        low, _high = img.convert("RGBA").getchannel("A").getextrema()
    return bool(low == 255)


def _fitted(source: Path, size: tuple[int, int]) -> Image.Image:
    """The picture fitted inside the board, centred, transparent around (Storyboarder's
    own fit when it imports an image)."""
    with Image.open(source) as img:
        picture = img.convert("RGBA")
    if picture.size == size:
        return picture
    scale = min(size[0] / picture.width, size[1] / picture.height)
    fitted = picture.resize(
        (max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
        Image.Resampling.LANCZOS,
    )
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    canvas.alpha_composite(fitted, ((size[0] - fitted.width) // 2, (size[1] - fitted.height) // 2))
    return canvas


def is_board_png(source: Path, aspect_ratio: float) -> bool:
    """Already a PNG of the board's exact size: copied byte for byte."""
    with Image.open(source) as img:
        return img.format == "PNG" and img.size == board_size(aspect_ratio)


def write_board_files(
    source: Path | None,
    aspect_ratio: float,
    layer: Path | None,
    thumbnail: Path,
    posterframe: Path,
) -> None:
    """Write a board's reference layer (from `source`), its thumbnail and posterframe.

    With no source, the board is blank: a white thumbnail and posterframe only.
    """
    size = board_size(aspect_ratio)
    if source is None:
        picture = Image.new("RGBA", size, (0, 0, 0, 0))
    else:
        picture = _fitted(source, size)
        if layer is not None:
            if is_board_png(source, aspect_ratio):
                layer.write_bytes(source.read_bytes())
            else:
                picture.save(layer, "PNG")
    flat = Image.new("RGBA", size, WHITE)
    flat.alpha_composite(picture)
    flat_rgb = flat.convert("RGB")
    flat_rgb.save(posterframe, "JPEG", quality=90)
    flat_rgb.resize(thumbnail_size(aspect_ratio), Image.Resampling.LANCZOS).save(thumbnail, "PNG")
