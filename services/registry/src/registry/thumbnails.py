"""Thumbnails of report photos: JPEG, at most 320 px on the longer side, upright.

Decoding is also the check that an upload is a real image and not just its first
bytes: a file Pillow cannot read, or one that would decode to more pixels than a
site photo has (a decompression bomb), is refused.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

THUMBNAIL_PX = 320
# After JPEG draft-mode reduction; PNG and WebP decode at full size.
MAX_DECODED_PIXELS = 40_000_000


class UndecodableImageError(Exception):
    """The bytes look like an image but cannot be decoded as one (or are far too big)."""


def _decoded(source: Path) -> Image.Image:
    """The image at ``source``, decoded (reduced when JPEG), upright and in RGB."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(source) as image:
                if image.format == "JPEG":
                    # Decode at 1/2 … 1/8 scale straight away: cheap for a 50 MP phone photo.
                    image.draft("RGB", (THUMBNAIL_PX * 2, THUMBNAIL_PX * 2))
                if image.width * image.height > MAX_DECODED_PIXELS:
                    raise UndecodableImageError("图片像素过多 / the image has too many pixels")
                image.load()
                return _flattened(ImageOps.exif_transpose(image))
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
            OSError,
            SyntaxError,
            ValueError,
        ) as exc:
            raise UndecodableImageError("图片无法解码 / the image cannot be decoded") from exc


def _flattened(image: Image.Image) -> Image.Image:
    """RGB; transparent parts (PNG, WebP) on white rather than black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def write_thumbnail(source: Path, target: Path) -> None:
    """Write ``target`` (JPEG) from the image at ``source``, atomically."""
    small = _decoded(source)
    small.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX), Image.Resampling.LANCZOS)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".thumb-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as file:
            # No EXIF copied: a thumbnail carries no camera or location data.
            small.save(file, format="JPEG", quality=82, optimize=True)
            file.flush()
            os.fsync(file.fileno())
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
