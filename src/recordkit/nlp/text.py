"""Page text -> analysis text: soft line wraps joined, sentences found.

Every character keeps its offset on the page, so a quote is cut from the page as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = str.maketrans(
    {
        "：": ":",
        "（": "(",
        "）": ")",
        "，": ",",
        "；": ";",
        "％": "%",
        "＋": "+",
        "／": "/",
        "\u00a0": " ",
        "\u2009": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "＜": "<",
        "＞": ">",
    }
)
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# a list item, a "Label:" line, or an all-capitals heading; not a wrapped line that merely
# starts with an abbreviation ("MRD-negative complete remission.")
_ITEM_START = re.compile(
    r"^\s*(?:[-•*·]\s|\d{1,2}[.)]\s|[A-Z][A-Za-z /]{0,30}:|[A-Z]{2,}[^a-z]*$|[A-Z]{2,}\s*:)"
)
_ABBREV = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|vs|approx|e\.g|i\.e|no|No|Fig|St|ca)\.)$")


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs and CJK punctuation."""
    return bool(_CJK.match(ch))


@dataclass(frozen=True)
class AnalysisText:
    """Normalised text of one page and the page offset of each of its characters."""

    text: str
    offsets: tuple[int, ...]
    page_text: str

    def page_span(self, start: int, end: int) -> tuple[int, int]:
        """Page offsets of the analysis span [start, end)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The page text of the analysis span, exactly as written."""
        a, b = self.page_span(start, end)
        return self.page_text[a:b]


def from_layout(layout_text: str) -> AnalysisText:
    """Analysis text of a page already in reading order (blocks one per line)."""
    return AnalysisText(
        layout_text.translate(_FULLWIDTH), tuple(range(len(layout_text))), layout_text
    )


def normalise(page_text: str) -> AnalysisText:
    """Join soft-wrapped lines (mid-sentence line ends) and map full-width punctuation."""
    lines = page_text.replace("\r", " ").split("\n")  # same length: offsets stay valid
    full = max((len(x.rstrip()) for x in lines), default=0)
    out: list[str] = []
    offs: list[int] = []
    pos = 0
    for i, line in enumerate(lines):
        for j, ch in enumerate(line):
            out.append(ch.translate(_FULLWIDTH))
            offs.append(pos + j)
        pos += len(line)
        if i == len(lines) - 1:
            break
        nxt = lines[i + 1]
        stripped = line.rstrip()
        soft = (
            bool(stripped)
            and bool(nxt.strip())
            and not re.search(r"[.:;!?。；：]$", stripped)
            and not _ITEM_START.match(nxt)
            and (
                nxt.lstrip()[:1].islower()
                or nxt.lstrip()[:1].isdigit()
                or nxt.lstrip()[:1] in "(%"
                or (
                    is_cjk(stripped[-1])
                    and is_cjk(nxt.lstrip()[:1])
                    and len(stripped) >= 0.85 * full
                )
                or (re.search(r"[a-z,]$", stripped) is not None and len(stripped) >= 0.7 * full)
            )
        )
        if soft and is_cjk(stripped[-1]) and is_cjk(nxt.lstrip()[:1]):
            pass  # a wrapped Chinese line continues without a space
        else:
            out.append(" " if soft else "\n")
            offs.append(pos)
        pos += 1
    return AnalysisText("".join(out), tuple(offs), page_text)


_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\u4e00-\u9fff])|(?<=[。！？])|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at line breaks and at sentence-final punctuation."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        end = m.start()
        if "\n" not in m.group(0) and _ABBREV.search(text[max(0, end - 8) : end]):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (separated by blank lines or line breaks)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
