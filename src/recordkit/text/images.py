"""Image files (PNG, JPEG, TIFF incl. multi-page, ...): every frame is OCR'd."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from recordkit.config import Settings
from recordkit.exceptions import CorruptDocumentError, TooLargeDocumentError
from recordkit.text import OcrJob, PageImage


def _open(path: Path, max_pixels: int) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise TooLargeDocumentError(
            f"image too large to decode safely (over {max_pixels:,} pixels; "
            "a possible decompression bomb)"
        ) from e
    except UnidentifiedImageError as e:
        raise CorruptDocumentError("damaged image: the decoder does not recognise it") from e


def image_jobs(path: Path, rel: str, settings: Settings) -> list[OcrJob]:
    """One OCR job per frame; the image is checked (size, damage) before any OCR."""
    img = _open(path, settings.limits.max_image_pixels)
    with img:
        n = getattr(img, "n_frames", 1)
        if n > settings.limits.max_pages:
            raise TooLargeDocumentError(f"{n} frames; the limit is {settings.limits.max_pages}")
        try:
            for i in range(n):
                img.seek(i)
                img.load()
        except (OSError, SyntaxError, ValueError) as e:
            raise CorruptDocumentError(f"damaged or truncated image: {e}") from e
    return [OcrJob(str(path), rel, "image", i) for i in range(n)]


def frame_image(job: OcrJob, settings: Settings) -> PageImage:
    """One frame of an image file; phone photos are turned upright by their EXIF orientation."""
    with _open(Path(job.path), settings.limits.max_image_pixels) as img:
        img.seek(job.index)
        frame = ImageOps.exif_transpose(img)  # a new image: turned, or a copy of the frame
    return PageImage(frame, frame.width, frame.height, "px")
