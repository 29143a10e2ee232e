"""Request handlers of the review app (routing and security live in app.py)."""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from recordkit.corrections import Action, Correction
from recordkit.exceptions import RecordkitError
from recordkit.models import Event, Measurement
from recordkit.review import forms
from recordkit.review.context import CaseContext, NotFound
from recordkit.review.pages import (
    IMAGE_TYPES,
    NotServed,
    around,
    box,
    join_words,
    page_count,
    part_box,
    quote_spans,
    render_page,
)
from recordkit.review.status import CaseStatus, batch_rows
from recordkit.review.store import VersionConflictError, append_correction, write_corrected

log = logging.getLogger(__name__)

SORTS = {
    "case": lambda r: r.case_id,
    "status": lambda r: (str(r.status), -r.to_check),
    "unread": lambda r: r.unread,
    "events": lambda r: r.events,
    "measurements": lambda r: r.measurements,
    "check": lambda r: r.to_check,
    "conflicts": lambda r: r.conflicts,
    "reviewed": lambda r: r.reviewed / r.items if r.items else 0,
    "last": lambda r: r.last_change,
}
FILTERS = ("", *(str(s) for s in CaseStatus), "unreviewed")


class Forbidden(PermissionError):
    """A state-changing request without the right CSRF token or from another origin."""


@dataclass
class Env:
    """What every handler needs."""

    templates: Jinja2Templates
    token: str
    reviewer: str
    out: Path


def render(env: Env, request: Request, name: str, code: int = 200, **ctx: Any) -> Response:
    """A template with the token, reviewer and form helpers."""
    base = {
        "token": env.token,
        "reviewer": env.reviewer,
        "forms": forms,
        "label": _label,
        "value_text": _value,
    }
    return env.templates.TemplateResponse(request, name, {**base, **ctx}, status_code=code)


def _label(i: Event | Measurement) -> str:
    from recordkit.render.table import ANALYTE_LABEL, event_label

    return event_label(i) if isinstance(i, Event) else ANALYTE_LABEL[i.analyte]


def _value(m: Measurement) -> str:
    return f"error: {m.error}" if m.value is None else f"{m.value:g} {m.unit}"


def message(text: str, status: int, kind: str = "error") -> HTMLResponse:
    """A message fragment (htmx puts it in #messages)."""
    from html import escape

    return HTMLResponse(f'<div class="msg {kind}" role="alert">{escape(text)}</div>', status)


async def checked_form(request: Request, token: str) -> FormData:
    """The form of a POST, once its CSRF token and origin are checked."""
    form = await request.form()
    sent = request.headers.get("x-csrf-token") or str(form.get("csrf") or "")
    if not sent or not hmac.compare_digest(sent.encode(), token.encode()):
        raise Forbidden("missing or wrong security token: reload the page and try again")
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden("request from another site refused")
    return form


def batch(env: Env, request: Request) -> Response:
    """One row per case, sorted and filtered by the query."""
    q = request.query_params
    rows = batch_rows(env.out)
    want = q.get("status", "")
    if want == "unreviewed":
        rows = [r for r in rows if r.reviewed < r.items or not r.items]
    elif want in FILTERS and want:
        rows = [r for r in rows if r.status == want]
    text = q.get("q", "").strip().lower()
    if text:
        rows = [r for r in rows if text in r.case_id.lower()]
    sort = q.get("sort", "case")
    desc = q.get("desc") == "1"
    rows.sort(key=SORTS.get(sort, SORTS["case"]), reverse=desc)
    return render(
        env,
        request,
        "batch.html",
        rows=rows,
        sort=sort,
        desc=desc,
        status=want,
        q=text,
        filters=FILTERS,
    )


def _main_ctx(ctx: CaseContext) -> dict[str, Any]:
    assert ctx.facts is not None
    return {
        "case": ctx,
        "facts": ctx.facts,
        "doubts": ctx.doubts(),
        "version": ctx.version,
        "orphans": ctx.orphans,
        "documents": [d for d in ctx.facts.documents if d.status == "ok"],
    }


def case_page(env: Env, request: Request, ctx: CaseContext) -> Response:
    """The case view: figure, tables, and the item named by ?item= if any."""
    detail = None
    if request.query_params.get("item"):
        detail = _detail_ctx(ctx, request.query_params["item"], 0)
    return render(env, request, "case.html", detail=detail, **_main_ctx(ctx))


def _page_ctx(ctx: CaseContext, file: str, page_no: int) -> dict[str, Any]:
    """The page of a document with its word boxes, or the reason it cannot be shown."""
    _, ftype = ctx.source(file)
    out: dict[str, Any] = {
        "file": file,
        "page_no": page_no,
        "pages": page_count(ctx.facts, file),
        "image": ftype == "pdf" or ftype in IMAGE_TYPES,
    }
    try:
        page = ctx.page(file, page_no)
    except NotFound:
        out.update(page=None, words=[])
        return out
    out.update(page=page, words=[(i, w.text, box(page, w)) for i, w in enumerate(page.words)])
    return out


def _detail_ctx(ctx: CaseContext, item_id: str, src_no: int) -> dict[str, Any]:
    item = ctx.item(item_id)
    d: dict[str, Any] = {
        "item": item,
        "src_no": src_no,
        "hl": set(),
        "part": set(),
        "marks": [],
        "around": None,
        "doubt": ctx.doubts().get(item.id, []),
    }
    if not item.sources:
        return d
    src = item.sources[min(max(src_no, 0), len(item.sources) - 1)]
    try:
        d.update(_page_ctx(ctx, src.file, src.page))
    except NotFound:
        d["missing"] = "the source document is not available"
        return d
    if d.get("page") is not None:
        spans = quote_spans(d["page"], src.quote, src.start)
        d["hl"] = set(spans)
        d["part"] = {i for i, s in spans.items() if s != (0.0, 1.0)}
        d["marks"] = [part_box(box(d["page"], d["page"].words[i]), spans[i]) for i in d["part"]]
        d["around"] = around(d["page"].text, src.start, src.end, src.quote)
    d["src"] = src
    return d


def item_panel(env: Env, request: Request, ctx: CaseContext) -> Response:
    """The detail panel of one item: its page with the quote marked, and the actions."""
    try:
        src_no = int(request.query_params.get("src", "0"))
    except ValueError:
        src_no = 0
    detail = _detail_ctx(ctx, request.path_params["item_id"], src_no)
    return render(env, request, "detail.html", detail=detail, case=ctx)


def _page_no(raw: str | None) -> int:
    try:
        return max(1, int(raw or "1"))
    except ValueError as e:
        raise NotFound("no such page") from e


def page_panel(env: Env, request: Request, ctx: CaseContext) -> Response:
    """Any page of a document, to add an item the extraction missed."""
    file = request.query_params.get("file", "")
    page = _page_ctx(ctx, file, _page_no(request.query_params.get("page")))
    return render(env, request, "page.html", case=ctx, pg=page)


def page_png(request: Request, ctx: CaseContext) -> Response:
    """A page of one of the case's documents as PNG."""
    path, ftype = ctx.source(request.query_params.get("file", ""))
    try:
        png = render_page(path, ftype, _page_no(request.query_params.get("page")))
    except NotServed as e:
        raise NotFound(str(e)) from e
    return Response(png, media_type="image/png")


def _added_source(ctx: CaseContext, form: FormData) -> dict[str, Any]:
    """The citation of an added item: from selected words, or typed with file and page."""
    file = str(form.get("file") or "")
    page_no = _page_no(str(form.get("page") or ""))
    ctx.source(file)
    if not 1 <= page_no <= max(1, page_count(ctx.facts, file)):
        raise forms.FormError(f"{file} has no page {page_no}")
    words = str(form.get("words") or "")
    if words:
        page = ctx.page(file, page_no)
        try:
            first, last = sorted(int(x) for x in words.split("-", 1))
        except ValueError as e:
            raise forms.FormError("the word selection is not valid") from e
        if not 0 <= first <= last < len(page.words):
            raise forms.FormError("the word selection is not on this page")
        quote = join_words(page, first, last)
        start = page.text.find(quote)
        method = page.method
    else:
        quote = str(form.get("quote") or "").strip()[: forms.MAX_TEXT]
        if not quote:
            raise forms.FormError("select words on the page, or type the quoted words")
        start, method = -1, "text"
    start = max(start, 0)
    return {
        "file": file,
        "page": page_no,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "method": method,
    }


def _fields(ctx: CaseContext, form: FormData) -> dict[str, Any]:
    try:
        action = Action(str(form.get("action")))
    except ValueError as e:
        raise forms.FormError("unknown action") from e
    flat = {k: str(v) for k, v in form.items()}
    if action == Action.add:
        item = forms.new_item(flat, _added_source(ctx, form))
        return {"action": action, "after": (item,), "why": flat.get("why", "")[:500]}
    items = [ctx.item(str(i)) for i in form.getlist("targets")]
    return forms.correction_fields(action, items, flat)


def _next_item(ctx: CaseContext, c: Correction, order: list[str]) -> str | None:
    """The item to show after a correction: the result, or for accept/reject the next one."""
    ids = [i.id for i in ctx.items()]
    if c.action == Action.add:
        return next((i for i in ids if i.endswith(c.id)), None)
    if c.action == Action.split:
        return next((i for i in ids if i.startswith(c.targets[0] + "-s")), None)
    if c.action in (Action.edit, Action.merge):
        return c.targets[0] if c.targets[0] in ids else None
    after = order[order.index(c.targets[0]) + 1 :] if c.targets[0] in order else []
    return next((i for i in after if i in ids), None)


def correct(env: Env, request: Request, ctx: CaseContext, form: FormData) -> Response:
    """Append a correction (version-checked), then send the refreshed tables and panel."""
    try:
        version = int(str(form.get("version")))
    except ValueError:
        return message("the page has no version: reload it", 400)
    order = [i.id for i in ctx.items()]
    try:
        fields = _fields(ctx, form)
        c = append_correction(ctx.case_out, ctx.case_id, version, who=env.reviewer, **fields)
    except forms.FormError as e:
        return message(str(e), 400)
    except VersionConflictError as e:
        log.info("case %s: version conflict (%d vs %d)", ctx.case_id, version, e.current)
        return message(str(e), 409)
    log.info("case %s: correction %s (%s) saved", ctx.case_id, c.id, c.action)
    ctx.refresh()
    assert ctx.raw is not None
    write_corrected(ctx.case_out, ctx.raw)
    nxt = _next_item(ctx, c, order)
    detail = _detail_ctx(ctx, nxt, 0) if nxt else None
    return render(
        env,
        request,
        "main.html",
        detail=detail,
        oob=True,
        saved=f"Saved: {c.action} ({c.id}).",
        **_main_ctx(ctx),
    )


def rebuild(env: Env, request: Request, ctx: CaseContext, form: FormData) -> Response:
    """Rewrite timeline.csv, the figure and the packet with the corrections applied."""
    from recordkit.models import Manifest
    from recordkit.render import write_case_outputs
    from recordkit.render.index import refresh_index

    assert ctx.raw is not None
    mpath = ctx.case_out / "manifest.json"
    manifest = Manifest.model_validate_json(mpath.read_bytes()) if mpath.is_file() else None
    written = write_case_outputs(ctx.case_out, ctx.raw, manifest, ctx.reader.settings)
    log.info("case %s: outputs rebuilt", ctx.case_id)
    made = sorted(v for k, v in written.items() if k != "events")  # from events.json, unchanged
    if refresh_index(ctx.case_out.parent) is not None:  # the batch page counts what is to check
        made.append("the batch's index.html")
    return message(f"Rebuilt {', '.join(made)} from events.json.", 200, "ok")


async def _not_found(request: Request, exc: Exception) -> Response:
    return message(f"Not found: {exc}", 404)


async def _forbidden(request: Request, exc: Exception) -> Response:
    return message(str(exc), 403)


async def _recordkit_error(request: Request, exc: Exception) -> Response:
    log.error("case files could not be used (%s) on %s", type(exc).__name__, request.url.path)
    return message(str(exc), 500)


EXCEPTION_HANDLERS = {
    NotFound: _not_found,
    Forbidden: _forbidden,
    RecordkitError: _recordkit_error,
}
