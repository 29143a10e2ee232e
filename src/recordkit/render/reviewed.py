"""What the packet says about the review: who checked the case and when, what is unchecked.

Small functions the packet's front pages call; they return plain text lines.
"""

from __future__ import annotations

from recordkit.models import CaseFacts, Event, Measurement


def _brief(i: Event | Measurement) -> str:
    what = i.kind if isinstance(i, Event) else i.analyte
    return f"{what} {i.date or 'undated'}"


def review_mark(item: Event | Measurement) -> str:
    """A suffix for an item's date cell: ' [reviewed]' (or edited, added, ...) or ''."""
    return f" [{item.review.action}]" if item.review else ""


def review_summary(facts: CaseFacts) -> list[str]:
    """Lines for the summary page: reviewer, date, and how much was checked."""
    items = [*facts.events, *facts.measurements]
    done = sum(i.review is not None for i in items)
    if facts.review is None:
        return ["Review: not yet reviewed; every item is as extracted (none checked by a person)."]
    when = (facts.review.last or "").replace("T", " ").replace("Z", " UTC")
    lines = [
        f"Reviewed by {', '.join(facts.review.reviewers)}, last change {when}: "
        f"{done} of {len(items)} items checked against their source pages "
        f"({len(items) - done} not reviewed, named under 'To check'); items marked "
        "[accepted], [edited], [added], [merged] or [split] were checked."
    ]
    if facts.review.rejected:
        lines.append(f"{len(facts.review.rejected)} extracted item(s) rejected by the reviewer.")
    return lines


def review_checks(facts: CaseFacts) -> list[str]:
    """Lines for the 'To check' section: orphaned corrections, rejections, unreviewed items."""
    if facts.review is None:
        return []
    out = [
        f"Correction {o['correction']} ({o['action']}) by {o['who']} no longer applies: "
        f"{o['reason']}"
        for o in facts.review.orphans
    ]
    out += [
        f"Rejected by {r['by']}: {r['item']} {r.get('date') or 'undated'} - {r['why']}"
        for r in facts.review.rejected
    ]
    todo = [_brief(i) for i in (*facts.events, *facts.measurements) if i.review is None]
    if todo:
        out.append(f"Not reviewed ({len(todo)}): " + "; ".join(todo))
    return out
