"""Render synthetic documents in every format recordkit reads (used by make_samples.py)."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import matplotlib
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
LATIN = str(FONT_DIR / "DejaVuSans.ttf")
SERIF = str(FONT_DIR / "DejaVuSerif.ttf")
CJK = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # Debian fonts-wqy-microhei
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def _wrap(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    out, cur = [], ""
    for word in line.split(" "):
        if len(cur) + len(word) + 1 > width:
            out.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    return [*out, cur]


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def text_pdf(path: Path, pages: list[str]) -> None:
    """A born-digital PDF with a text layer; CJK text uses a CID font."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for body in pages:
        cjk = _is_cjk(body)
        font, width = ("STSong-Light", 40) if cjk else ("Helvetica", 92)
        y = 800
        for para in body.split("\n"):
            for line in (
                _wrap(para, width)
                if not cjk
                else [para[i : i + width] for i in range(0, max(len(para), 1), width)]
            ):
                c.setFont(font, 10)
                c.drawString(56, y, line)
                y -= 14
        c.showPage()
    c.save()


def page_image(
    body: str, *, dpi: int = 300, font: str = LATIN, size_pt: float = 11, width_chars: int = 80
) -> Image.Image:
    """A clean A4 page image of `body`."""
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    px = int(size_pt * dpi / 72)
    f = ImageFont.truetype(CJK if _is_cjk(body) else font, px)
    y = int(0.8 * dpi)
    for para in body.split("\n"):
        for line in _wrap(para, width_chars):
            draw.text((int(0.8 * dpi), y), line, font=f, fill=0)
            y += int(px * 1.45)
    return img


def degrade(
    img: Image.Image, *, seed: int, angle: float, noise: int = 18, light: bool = False
) -> Image.Image:
    """Slight rotation, sensor noise and (optionally) uneven light, like a scan or photo."""
    rnd = random.Random(seed)
    out = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    px = out.load()
    w, h = out.size
    for _ in range(w * h // 60):
        x, y = rnd.randrange(w), rnd.randrange(h)
        px[x, y] = max(0, min(255, px[x, y] + rnd.randint(-noise * 4, noise * 4)))
    if light:
        grad = Image.linear_gradient("L").resize((w, h)).point(lambda v: 255 - v // 3)
        out = Image.composite(out, Image.new("L", (w, h), 0), grad)
    return out.filter(ImageFilter.GaussianBlur(0.6))


def scanned_pdf(path: Path, pages: list[str], *, seed: int) -> None:
    """An image-only PDF: each page a slightly turned, noisy 300-dpi scan."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for i, body in enumerate(pages):
        img = degrade(page_image(body), seed=seed + i, angle=(-1.2, 0.8, 1.5)[i % 3])
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        buf.seek(0)
        from reportlab.lib.utils import ImageReader

        c.drawImage(ImageReader(buf), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()


def phone_photo(path: Path, body: str, *, seed: int, fmt: str = "JPEG") -> None:
    """A phone photo of a printed page: page on a darker desk, turned ~2 degrees, uneven light."""
    page = page_image(body, dpi=250, size_pt=12, width_chars=70)
    page = page.crop((0, 0, page.width, page.height * 2 // 3))
    desk = Image.new("L", (page.width + 240, page.height + 240), 90)
    desk.paste(page, (120, 120))
    photo = degrade(desk, seed=seed, angle=2.2, light=True).convert("RGB")
    photo.save(path, fmt, **({"quality": 85} if fmt == "JPEG" else {}))


def fax_tiff(path: Path, pages: list[str], *, seed: int) -> None:
    """A multi-page bilevel fax (200 dpi, CCITT G4)."""
    frames = []
    for i, body in enumerate(pages):
        img = degrade(
            page_image(body, dpi=200, size_pt=12, width_chars=72),
            seed=seed + i,
            angle=0.7 * (1 if i % 2 else -1),
            noise=10,
        )
        frames.append(img.point(lambda v: 255 if v > 150 else 0).convert("1"))
    frames[0].save(
        path, "TIFF", compression="group4", save_all=True, append_images=frames[1:], dpi=(200, 200)
    )


def word_doc(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> None:
    """A .docx letter; a table is placed after the first half of the paragraphs."""
    d = docx.Document()
    d.core_properties.author = "recordkit samples"
    half = len(paragraphs) // 2 if table else len(paragraphs)
    for p in paragraphs[:half]:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c_, cell in enumerate(row):
                t.cell(r, c_).text = cell
    for p in paragraphs[half:]:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    # rewrite the ZIP with fixed timestamps so the file is reproducible
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            fixed = zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


def text_file(path: Path, body: str, encoding: str = "utf-8") -> None:
    """A plain-text file in the given encoding."""
    path.write_bytes(body.encode(encoding))
