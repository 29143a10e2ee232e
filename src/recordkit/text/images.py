"""Image files (PNG, JPEG, TIFF incl. multi-page, ...): every frame is OCR'd."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from recordkit.config import Settings
from recordkit.exceptions import CorruptDocumentError, TooLargeDocumentError
from recordkit.text import OcrJob, PageImage
from recordkit.text.stamps import stamp_dropped

SQUARE_RATIO = 1.2  # resolutions further apart than this are resampled to square pixels
MAX_STRETCH = 4.0  # a side is stretched at most this many times (a fax needs 2)


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


def stretch(dpi: Any) -> tuple[float, float] | None:
    """How many times wider and taller an image is on paper than in pixels, from its dpi.

    (1, 2) for a standard-mode fax (200 x 100 dpi); None when the resolution is not given.
    """
    try:
        x_dpi, y_dpi = (float(v) for v in dpi)
    except (TypeError, ValueError):
        return None
    if x_dpi <= 0 or y_dpi <= 0:
        return None
    return max(1.0, y_dpi / x_dpi), max(1.0, x_dpi / y_dpi)


def square_pixels(
    frame: Image.Image, dpi: tuple[float, float] | None, max_pixels: int
) -> Image.Image:
    """A frame scanned at unequal resolutions resampled to square pixels.

    A fax in standard mode is 200 x 100 dpi (204 x 98): each pixel is twice as tall as it is
    wide, so its text reaches OCR squashed to half its height, and most of it is misread.
    The short side is stretched to the finer resolution (at most MAX_STRETCH times, and
    within the pixel limit); a square-pixel frame is unchanged.
    """
    factors = stretch(dpi)
    if factors is None or max(factors) < SQUARE_RATIO:
        return frame
    wide, tall = (min(MAX_STRETCH, f) for f in factors)
    size = (round(frame.width * wide), round(frame.height * tall))
    if size[0] * size[1] > max_pixels:
        return frame
    grey = frame if frame.mode in ("L", "RGB") else frame.convert("L")
    return grey.resize(size, Image.LANCZOS)


def grey_for_ocr(image: Image.Image) -> Image.Image:
    """The page image in grey levels (or black and white), as OCR reads it.

    A colour page has its ink stamps over print taken out (`recordkit.text.stamps`).
    """
    if image.mode in ("L", "1"):
        return image
    return stamp_dropped(image) or image.convert("L")


def frame_image(job: OcrJob, settings: Settings) -> PageImage:
    """One frame of an image file, turned upright by its EXIF orientation, in square pixels."""
    with _open(Path(job.path), settings.limits.max_image_pixels) as img:
        img.seek(job.index)
        dpi, size = img.info.get("dpi"), img.size
        frame = ImageOps.exif_transpose(img)  # a new image: turned, or a copy of the frame
    if dpi and frame.size != size:  # turned a quarter: the resolutions swap axes
        dpi = tuple(reversed(dpi))
    frame = square_pixels(frame, dpi, settings.limits.max_image_pixels)
    return PageImage(frame, frame.width, frame.height, "px")
