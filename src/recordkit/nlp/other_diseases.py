"""Where a mention of another disease's history ends: the other disease's cue and its scope.

'DLBCL 2016 (R-CHOP x6), relapse 2018 -> R-DHAP x3 + BEAM auto-SCT': the relapse, the courses
and the autograft are the lymphoma's, not the leukaemia's. A clause that names a leukaemia too
('t-AML, 6 years after R-CHOP, treated with CPX-351') gives the other disease only the part
between its commas, which holds the cue, and never beyond the leukaemia's name ('relapsed
DLBCL-transformed B-ALL after MUD allo-HSCT': the allograft is the leukaemia's).
"""

from __future__ import annotations

from recordkit.nlp.mention import Mention


def other_disease_scope(
    text: str, cue: tuple[int, int], clause: tuple[int, int], mentions: list[Mention]
) -> tuple[int, int]:
    """The part of the clause a cue of another disease speaks for."""
    a, b = cue
    lo, hi = clause
    told = [m for m in mentions if m.kind == "disease" and lo <= m.start and m.end <= hi]
    if not told:
        return lo, hi
    start = max([text.rfind(",", lo, a) + 1, lo] + [m.end for m in told if m.end <= a])
    ends = [e for e in [text.find(",", b, hi)] if e >= 0]
    return start, min([hi, *ends] + [m.start for m in told if m.start >= b])


def mark_engraftment_of_other_graft(mentions: list[Mention]) -> None:
    """An engraftment on a page that tells another disease's transplant and no leukaemia.

    A lymphoma clinic's letter ('20/09/2018 | Autologous SCT, BEAM conditioning' / 'Neutrophils
    engrafted on day +11'): the engraftment counts from the graft its page tells, the lymphoma's.
    """
    grafts = [m for m in mentions if m.kind == "transplant"]
    if not any("other_disease" in m.flags for m in grafts):
        return
    if any(m.kind == "disease" and not m.flags & {"other_disease", "family"} for m in mentions):
        return  # the page names a leukaemia: its engraftment may be its own graft's
    for m in mentions:
        if m.kind == "engraftment":
            m.flags.add("other_disease")


__all__ = ["mark_engraftment_of_other_graft", "other_disease_scope"]
