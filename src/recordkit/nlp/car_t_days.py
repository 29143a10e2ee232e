"""Which 'Day 0' lines and bare infusions are a CAR-T's, not a transplant's.

A sentence with a CAR-T anchor keeps its 'Day 0 = DATE' as the CAR-T's day 0 (no transplant).
Otherwise a 'Day 0:' line or a bare 'Infusion ... DATE' is the CAR-T's when a CAR-T was named
just before, or when it stands in the run of field lines under a CAR-T product's line (a
summary's 'Product: ...' / 'Lymphodepletion: ...' / 'Infusion (day 0): DATE'); a field
listing earlier treatments ('Prior therapy: allogeneic HSCT') does not break that run.
"""

from __future__ import annotations

import re

from recordkit.layout.cues import FIELD, is_field
from recordkit.nlp.mention import Anchor, Mention
from recordkit.nlp.raw import DROP_FLAGS
from recordkit.nlp.rules import RuleSet
from recordkit.nlp.spans import any_of

DAY_ZERO = "transplant.day0"  # the trigger of a 'Day 0:' line, a transplant's unless told otherwise


_JUST_TOLD = 160  # characters before a sentence that its 'Day 0' or bare infusion refers to


def _car_t_just_told(mentions: list[Mention], text: str, s0: int, same_line: bool = False) -> bool:
    """A CAR-T named just before (`_JUST_TOLD` characters): a 'Day 0' is its infusion.

    A bare infusion ('Infusion given on DATE') is the CAR-T's only when it goes on the
    CAR-T's own line (`same_line`): a line of its own may tell another infusion. (The
    analysis text holds no blank lines, so no paragraph break can bound the rest.)
    """
    return any(
        m.kind == "car_t"
        and s0 - _JUST_TOLD <= m.end <= s0
        and not (same_line and "\n" in text[m.end : s0])
        for m in mentions
    )


# 'Infusion: day 0 = DATE', 'Infusion (day 0): DATE': a label that names its line; a short
# bracket in the label ('(day 0)', '(D0)') does not part it from its colon
_FIELD = re.compile(r"[ \t]*(?:\([^()\n]{1,12}\)[ \t]*)?:")


# what another treatment's field line names: it parts an 'Infusion:' field from a product above
_OTHER_TREATMENTS = ("transplant", "dli", "infusion")


def _history_field(line: str, rules: RuleSet) -> bool:
    """A field line whose label says it lists earlier treatments ('Prior therapy: ...')."""
    m = FIELD.match(line)
    words = rules.attribution.history_labels
    return bool(m and words and re.search(rf"(?<!\w)(?:{any_of(words)})(?!\w)", m.group(1), re.I))


def _field_run_product(mentions: list[Mention], text: str, line: int, rules: RuleSet) -> bool:
    """A CAR-T product named in a field line above `line`, in the same run of field lines.

    'Product: X' / 'Leukapheresis: DATE' / 'Bridging: ...' / 'Lymphodepletion: ...' /
    'Infusion (day 0): DATE': a summary writes its product and its steps as field lines, and
    the 'Infusion:' field is the product's however many steps stand between, unless a line
    between names another treatment (a transplant, a DLI, another infusion) that is no earlier
    history ('Prior therapy: allogeneic HSCT (2021)' is none). A line that is no field ends
    the run.
    """
    hi = line
    while hi > 0:
        lo = text.rfind("\n", 0, hi - 1) + 1
        if not is_field(text[lo : hi - 1]):
            return False
        told = [m for m in mentions if lo <= m.start < hi - 1 and not m.flags & DROP_FLAGS]
        if any(m.kind == "car_t" for m in told):
            return True
        if any(m.kind in _OTHER_TREATMENTS for m in told) and not _history_field(
            text[lo : hi - 1], rules
        ):
            return False
        hi = lo
    return False


def _infusion_label(m: Mention, text: str, rules: RuleSet) -> bool:
    """The infusion names its line's field: 'Infusion:', 'Infusion (day 0):', 'Infusion date:'.

    A label the rules call an event's date (dates.json `labels`, event) names it too.
    """
    if _FIELD.match(text, m.end):
        return True
    end = text.find("\n", m.end)
    label = FIELD.match(text[text.rfind("\n", 0, m.start) + 1 : end if end >= 0 else None])
    events = {w.casefold() for w in rules.dates.labels.get("event", [])}
    return bool(label) and " ".join(label.group(1).split()).casefold() in events


def _car_t_infusion(
    m: Mention, mentions: list[Mention], text: str, s0: int, rules: RuleSet
) -> bool:
    """A bare infusion the CAR-T's: on the CAR-T's line, or as a field under the product's.

    'Product: tisagenlecleucel (anti-CD19 CAR-T).' / 'Infusion: day 0 = DATE': a summary puts
    the product and its infusion on field lines, and an 'Infusion:' field ('Infusion (day 0):
    DATE', 'Infusion date: DATE' too) on the line right after the product's, or opening a line
    in the run of field lines under the product's (`_field_run_product`), is that product's
    infusion.
    """
    if _car_t_just_told(mentions, text, s0, same_line=True):
        return True
    line = text.rfind("\n", 0, m.start)
    if line <= 0 or not _infusion_label(m, text, rules):
        return False
    opens_line = not text[line + 1 : m.start].strip()
    return _car_t_just_told(mentions, text, line, same_line=True) or (
        opens_line and _field_run_product(mentions, text, line + 1, rules)
    )


def car_t_days(
    out: list[Anchor],
    inside: list[Mention],
    mentions: list[Mention],
    text: str,
    s0: int,
    rules: RuleSet,
) -> list[Anchor]:
    """The sentence's anchors with its 'Day 0' lines and bare infusions given to a CAR-T."""
    if any(a.kind == "car_t" for a in out):  # 'Day 0 = 05/22/2023, axi-cel': the CAR-T's day 0
        return [a for a in out if a.attrs.get("rule") != DAY_ZERO]
    just_told = _car_t_just_told(mentions, text, s0)  # 'Tisagenlecleucel infused. Day 0 = DATE.'
    for a in out:  # or a 'Day 0:' field in the run of field lines under a CAR-T's product
        line = text.rfind("\n", 0, a.start) + 1
        if a.attrs.get("rule") == DAY_ZERO and (
            just_told or _field_run_product(mentions, text, line, rules)
        ):
            a.kind = "car_t"
    return out + [  # '... CAR-T (tisagenlecleucel). Infusion given on DATE.': the CAR-T's
        Anchor("car_t", m.start, m.end, dict(m.attrs), set(m.flags))
        for m in inside
        if m.kind == "infusion" and _car_t_infusion(m, mentions, text, s0, rules)
    ]
