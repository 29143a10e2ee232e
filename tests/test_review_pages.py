"""Finding a quote's words on a page, for the review app's highlight."""

from __future__ import annotations

from recordkit.models import PageText, Word
from recordkit.review.pages import around, join_words, part_box, quote_spans, quote_words


def _page(words: list[str], text: str | None = None) -> PageText:
    ws = tuple(
        Word(text=w, x0=10 + 50 * i, top=5, x1=50 + 50 * i, bottom=15) for i, w in enumerate(words)
    )
    return PageText(
        file="f.pdf",
        page=1,
        text=text or " ".join(words),
        method="ocr",
        width=1000,
        height=100,
        words=ws,
    )


def test_the_occurrence_the_span_points_to_is_marked() -> None:
    page = _page(["MRD", "0.5%", "on", "day", "30", ";", "MRD", "0.5%", "on", "day", "60"])
    second = page.text.rindex("MRD 0.5%")
    assert quote_words(page, "MRD 0.5%", 0) == [0, 1]
    assert quote_words(page, "MRD 0.5%", second) == [6, 7]


def test_ocr_misreads_still_match_and_absent_quotes_do_not() -> None:
    page = _page(["Donor", "chimerisrn:", "99.2", "%", "Recipient:", "0.8", "%"])
    assert quote_words(page, "Donor chimerism: 99.2 %")[:3] == [0, 1, 2]
    assert quote_words(page, "platelets 142") == []


def test_part_of_a_long_chinese_word_is_marked() -> None:
    page = _page(["解，骨髓原始细胞1.5%，MRD0.3%。"])
    spans = quote_spans(page, "原始细胞1.5%")
    ((a, b),) = spans.values()
    assert 0 < a < b < 1
    x0, _, x1, _ = part_box((0.01, 0.05, 0.05, 0.15), (a, b))
    assert 0.01 < x0 < x1 < 0.05


def test_text_around_and_selected_words() -> None:
    text = "Seen today. MRD on 03/02/2022 was 0.12%. Plan: continue."
    before, quote, after = around(text, 12, 39, "MRD on 03/02/2022 was 0.12%")
    assert (before, quote) == ("Seen today. ", "MRD on 03/02/2022 was 0.12%")
    assert after.startswith(". Plan")
    assert join_words(_page(["复发", "骨髓", "blasts", "42%"]), 0, 3) == "复发骨髓 blasts 42%"
