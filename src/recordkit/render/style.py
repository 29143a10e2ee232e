"""Type styles and fonts of the review packet, shared by its front pages and rendered sources.

Chinese text is set in an embedded TrueType font when the system has one (Debian's
fonts-wqy-microhei, installed by scripts/install-system-deps.sh), so that it renders in any
viewer; without it, reportlab's built-in STSong-Light (not embedded) is used.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

NOTE = "Prepared for specialist review. Not medical advice."
CJK_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


@cache
def cjk_font() -> str:
    """The font for CJK text, registered on first use (an English packet never loads it)."""
    for path in CJK_FONT_FILES:
        if path.is_file():
            try:
                pdfmetrics.registerFont(TTFont("RKCJK", str(path), subfontIndex=0))
                return "RKCJK"
            except (OSError, ValueError, KeyError):  # a broken font file: use the CID font
                continue
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


_CJK = re.compile(r"([\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+)")
SS = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=SS["BodyText"], fontSize=9.5, leading=12.5)
SUMMARY = ParagraphStyle("summary", parent=BODY, fontSize=9, leading=11.5, spaceAfter=1)
HEAD = ParagraphStyle("head", parent=SUMMARY, fontName="Helvetica-Bold")
CELL = ParagraphStyle("cell", parent=SS["BodyText"], fontSize=7.5, leading=9)
CELL_CJK = ParagraphStyle("cell_cjk", parent=CELL, wordWrap="CJK")
H1, H2 = SS["Heading1"], SS["Heading2"]
MARK = "#a04800"  # colour of "date not stated with the item" marks


def has_cjk(text: str) -> bool:
    """Whether text holds Chinese, Japanese or Korean characters."""
    return bool(_CJK.search(text))


def rich(text: str) -> str:
    """Escape text for a Paragraph and switch CJK runs to the CJK font."""
    return _CJK.sub(lambda m: f'<font name="{cjk_font()}">{m.group(1)}</font>', escape(text))


class Para(Paragraph):
    """A Paragraph that breaks its lines once for each width it is given.

    A table sizes its cells, splits across pages and draws, asking each cell to wrap about
    three times at the same width; the line breaks depend on the width alone (reportlab's
    `wrap` does not read the height), so the last breaking is kept for that width. When a
    paragraph finds no room at a page's foot, reportlab's `split` drops the breaking it drew
    from (`blPara`) and moves the paragraph on: it is then broken again.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The width and height at availWidth, breaking the lines only for a new width."""
        kept = self._wrapped is not None and self._wrapped[0] == availWidth
        if not (kept and "blPara" in self.__dict__):
            self._wrapped = (availWidth, super().wrap(availWidth, availHeight))
        return self._wrapped[1]


def P(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text."""
    if style is CELL and has_cjk(text):
        style = CELL_CJK
    return Para(rich(text), style)


def draw_footer(canvas, left: str, right: str) -> None:  # type: ignore[no-untyped-def]
    """The foot of a packet page: `left` (case id and the note) and `right` (the page)."""
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    w = canvas._pagesize[0]
    canvas.drawString(15 * mm, 8 * mm, left)
    canvas.drawRightString(w - 15 * mm, 8 * mm, right)
    canvas.restoreState()


def counted_canvas(case_id: str, pages_after: int) -> type[Canvas]:
    """A canvas class whose pages get their footers when the document is complete.

    'page n of N' then needs one build instead of a counting build first: each finished
    page is held, and on save the footer goes on with N = this document's pages plus
    `pages_after` (the source pages appended behind it).
    """

    class Counted(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held) + pages_after
            for n, page in enumerate(self._held, 1):
                self.__dict__.update(page)
                draw_footer(self, f"case {case_id}  -  {NOTE}", f"page {n} of {total}")
                super().showPage()
            super().save()

    return Counted
