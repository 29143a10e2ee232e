"""A chronic leukaemia's molecular responses, which are no remissions.

'BM in CMR' after an acute leukaemia's induction is a molecular remission. A CML patient on a
tyrosine kinase inhibitor is followed by molecular response levels ('major molecular response',
'CMR', 'MR4.5') of a disease that stays: in a case whose every diagnosis is one of the rules'
`responses_not_remissions`, a remission told only in those words is no remission. A remission
told in other words ('complete molecular remission', 'CR') or a case that also names an acute
leukaemia (a CML's lymphoid blast crisis treated as ALL) keeps it.
"""

from __future__ import annotations

from recordkit.grouping import Item

RESPONSE_ONLY = "_molecular_response"  # a remission fact told as a molecular response


def _response_only(item: Item) -> bool:
    return item.kind == "remission" and all(f.attrs.get(RESPONSE_ONLY) for f in item.facts)


def without_chronic_responses(items: list[Item], chronic_labels: list[str]) -> list[Item]:
    """`items` without the molecular responses of a case whose diseases are all chronic."""
    labels = {i.attrs.get("label") for i in items if i.kind == "diagnosis"}
    if not labels or not labels <= set(chronic_labels):
        return items
    return [i for i in items if not _response_only(i)]


__all__ = ["without_chronic_responses"]
