"""The review app through Starlette's test client: security, corrections, re-processing."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from recordkit.cli import app as cli
from recordkit.models import CaseFacts
from recordkit.validate import total, validate_dir
from tests import review_case
from tests.conftest import text_pdf
from tests.review_case import CASE, app_client, make_case, process

pytestmark = pytest.mark.tesseract  # the review case has a scanned page, read by real OCR

review_batch, review_out = review_case.review_batch, review_case.review_out  # fixtures
recordkit_log = review_case.recordkit_log


def _events(out: Path, name: str = "events.json") -> CaseFacts:
    return CaseFacts.model_validate_json((out / CASE / name).read_bytes())


def _item(facts: CaseFacts, kind: str):
    return next(
        i
        for i in (*facts.events, *facts.measurements)
        if kind in (getattr(i, "kind", None), getattr(i, "analyte", None))
    )


def packet_text(out: Path) -> str:
    return "\n".join(
        p.extract_text() for p in PdfReader(out / CASE / "review-packet.pdf").pages[:6]
    )


def _post(client, token, data, version=None, **kw):
    data = {"version": str(version if version is not None else 0), **data}
    return client.post(
        f"/case/{CASE}/correct", data=data, headers={"X-CSRF-Token": token} if token else {}, **kw
    )


def test_batch_view_and_index_show_items_to_check(review_batch) -> None:
    _, out, cache = review_batch
    client, _ = app_client(out, cache)
    page = client.get("/").text
    # the scanned chimerism result has no date of its own: never plain "ok"
    assert re.search(rf'{CASE}</a></td>\s*<td class="st check">check: 1 item', page)
    index = (out / "index.html").read_text()
    for col in ("unread files", "to check", "conflicts", "reviewed", "last change"):
        assert f"<th>{col}</th>" in index and col in page
    assert "check: 1 item(s)" in index
    assert client.get("/?status=ok").text.count('class="case-row"') == 0
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["cross-origin-resource-policy"] == "same-origin"
    res = CliRunner().invoke(cli, ["review", str(out / "missing")])
    assert res.exit_code == 1 and "missing does not exist" in res.output


def test_state_changes_need_the_csrf_token(review_out, review_batch) -> None:
    client, token = app_client(review_out, review_batch[2])
    ia = next(e for e in _events(review_out).events if e.name == "IA")
    data = {"action": "accept", "targets": ia.id}
    assert _post(client, None, data).status_code == 403
    assert _post(client, "forged-" + token, data).status_code == 403
    other = {"X-CSRF-Token": token, "Origin": "http://evil.example"}
    assert (
        client.post(
            f"/case/{CASE}/correct", data={**data, "version": "0"}, headers=other
        ).status_code
        == 403
    )
    assert client.post(f"/case/{CASE}/rebuild").status_code == 403
    assert not (review_out / CASE / "corrections.json").exists()
    assert _post(client, token, data).status_code == 200
    assert (review_out / CASE / "corrections.json").is_file()


def test_no_path_traversal_and_only_case_documents(review_out, review_batch, tmp_path) -> None:
    client, _ = app_client(review_out, review_batch[2])
    secret = tmp_path / "secret.pdf"
    text_pdf(secret, ["not a document of this case"])
    source = Path(_events(review_out).source_folder)
    os.symlink(secret, source / "link.pdf")
    try:
        for url in (
            f"/case/{CASE}/page.png?file=../../secret.pdf&page=1",
            f"/case/{CASE}/page.png?file={secret}&page=1",
            f"/case/{CASE}/page.png?file=link.pdf&page=1",
            f"/case/{CASE}/page?file=..%2F{CASE}%2Fletter.pdf",
            f"/case/{CASE}/out/..%2F..%2Fsecret.pdf",
            f"/case/{CASE}/out/index.html",
            "/case/..%2F..%2Ftmp/out/events.json",
            "/case/../index.html",
            f"/case/{CASE}/page.png?file=letter.pdf&page=9",
        ):
            got = client.get(url)
            assert got.status_code == 404, url
            assert not got.content.startswith(b"\x89PNG")
    finally:
        (source / "link.pdf").unlink()
    assert client.get(f"/case/{CASE}/page.png?file=letter.pdf&page=1").content[:4] == b"\x89PNG"
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_item_panel_marks_the_quote_on_the_ocr_page(review_out, review_batch) -> None:
    client, _ = app_client(review_out, review_batch[2])
    chim = _item(_events(review_out), "chimerism")
    panel = client.get(f"/case/{CASE}/item/{chim.id}").text
    marked = re.findall(r'class="w hl" data-i="\d+" data-t="([^"]+)"', panel)
    assert " ".join(marked).replace(" ", "").lower().startswith("donorchimerism:99.2")
    assert "<mark>Donor chimerism: 99.2 %</mark>" in panel
    assert "page.png?file=chimerism_scan.png&page=1" in panel


def test_corrections_survive_reprocessing_and_reach_the_packet(
    review_batch, tmp_path: Path, recordkit_log
) -> None:
    patients = make_case(tmp_path / "copy")
    out, cache = tmp_path / "out", review_batch[2]
    process(patients, out, cache, "extract-only")  # the packet comes with the re-run
    client, token = app_client(out, cache)
    facts = _events(out)
    relapse, mrd, chim = (_item(facts, k) for k in ("relapse", "mrd", "chimerism"))
    page = client.get(f"/case/{CASE}/page?file=letter.pdf&page=1").text
    words = dict(re.findall(r'data-i="(\d+)" data-t="([^"]+)"', page))
    first = next(i for i, t in words.items() if t == "Donor")
    steps = [
        {"action": "reject", "targets": relapse.id, "why": "letter says suspected"},
        {
            "action": "edit",
            "targets": mrd.id,
            "value": "0.21",
            "date": mrd.date,
            "unit": "%",
            "why": "0.21 on the lab report",
        },
        {
            "action": "add",
            "file": "letter.pdf",
            "page": "1",
            "words": f"{first}-{int(first) + 2}",
            "what": "transplant",
            "date": "2023-10-20",
            "detail": "PBSC",
            "why": "missed",
        },
        {"action": "accept", "targets": chim.id},
    ]
    for n, data in enumerate(steps):
        got = _post(client, token, data, version=n)
        assert got.status_code == 200, got.text
        assert f"Saved: {data['action']}" in got.text
    log = json.loads((out / CASE / "corrections.json").read_text())
    assert [c["action"] for c in log["corrections"]] == ["reject", "edit", "add", "accept"]
    assert log["corrections"][2]["after"][0]["sources"][0]["quote"] == "Donor lymphocyte infusion"
    assert all(c["who"] == "dr test" and c["when"] for c in log["corrections"])
    assert stat.S_IMODE((out / CASE / "corrections.json").stat().st_mode) == 0o600
    logged = recordkit_log.text
    assert "correction c0003 (add) saved" in logged  # the log is captured ...
    assert "lymphocyte" not in logged and "suspected" not in logged  # ... and holds no text

    text_pdf(patients / CASE / "new_letter.pdf", ["Seen in clinic on 01/05/2024. Well."])
    (patients / CASE / "chimerism_scan.png").unlink()  # and the accepted item's page goes
    process(patients, out, cache)  # fresh extraction, corrections on top
    raw, fixed = _events(out), _events(out, "events-corrected.json")
    assert _item(raw, "relapse").id == relapse.id and _item(raw, "mrd").value == 0.12
    assert not any(e.kind == "relapse" for e in fixed.events)
    assert _item(fixed, "mrd").value == 0.21 and _item(fixed, "mrd").review.action == "edited"
    added = _item(fixed, "transplant")
    assert added.grafts == ("PBSC",) and added.sources[0].quote == "Donor lymphocyte infusion"
    assert "new_letter.pdf" in {d.file for d in fixed.documents}
    # the accept of the vanished chimerism item is kept, listed and counted as to check
    assert [o["correction"] for o in fixed.review.orphans] == ["c0004"]
    assert len(json.loads((out / CASE / "corrections.json").read_text())["corrections"]) == 4
    page = client.get(f"/case/{CASE}").text
    assert "1 correction(s) no longer apply" in page and "c0004 accept chimerism" in page
    assert "check: 1 item(s)" in client.get("/").text
    assert "no longer applies" in packet_text(out)
    packet = packet_text(out)
    assert "Reviewed by dr test" in packet and "[edited]" in packet and "[added]" in packet
    assert "Not reviewed (" in packet and "Rejected by dr test: relapse" in packet
    csv = (out / CASE / "timeline.csv").read_text()
    assert re.search(r",mrd,[^,]+,0\.21,%,letter\.pdf,", csv), csv

    runner = CliRunner()
    gold = tmp_path / "gold"
    gold.mkdir()
    res = runner.invoke(cli, ["fixture", str(out / CASE), "--out", str(gold / f"{CASE}.json")])
    assert res.exit_code == 0, res.output
    _, overall = total(validate_dir(out, gold, None, "events-corrected.json"))
    assert overall.f1 == 1.0 and overall.tp == len(fixed.events) + len(fixed.measurements)
    res = runner.invoke(
        cli, ["validate", str(out), "--gold", str(gold), "--corrected", "--min-f1", "1.0"]
    )
    assert res.exit_code == 0, res.output
    # the raw extraction does not match what the reviewer corrected
    _, raw_score = total(validate_dir(out, gold))
    assert raw_score.f1 < 1.0


def test_two_tabs_version_conflict(review_out, review_batch) -> None:
    client, token = app_client(review_out, review_batch[2])
    facts = _events(review_out)
    ia, hidac = (next(e for e in facts.events if e.name == n) for n in ("IA", "HiDAC"))
    assert _post(client, token, {"action": "accept", "targets": ia.id}, 0).status_code == 200
    stale = _post(client, token, {"action": "accept", "targets": hidac.id}, 0)
    assert stale.status_code == 409
    assert "changed in another tab" in stale.text and "NOT saved" in stale.text
    log = json.loads((review_out / CASE / "corrections.json").read_text())
    assert [c["targets"] for c in log["corrections"]] == [[ia.id]]
    assert _post(client, token, {"action": "accept", "targets": hidac.id}, 1).status_code == 200


def test_bad_forms_are_refused_with_a_reason(review_out, review_batch) -> None:
    client, token = app_client(review_out, review_batch[2])
    mrd = _item(_events(review_out), "mrd")
    for data, why in (
        ({"action": "edit", "targets": mrd.id, "date": "31/02/2022"}, "YYYY"),
        ({"action": "edit", "targets": mrd.id, "date": "2022-02-31"}, "does not exist"),
        ({"action": "reject", "targets": mrd.id}, "say why"),
        ({"action": "edit", "targets": mrd.id, "value": "a lot"}, "not a number"),
        ({"action": "add", "what": "mrd", "file": "letter.pdf", "page": "1"}, "select words"),
        ({"action": "explode", "targets": mrd.id}, "unknown action"),
    ):
        got = _post(client, token, data)
        assert got.status_code == 400 and why in got.text, data
    assert _post(client, token, {"action": "accept", "targets": "m-nope"}).status_code == 404
    assert not (review_out / CASE / "corrections.json").exists()


def test_merge_split_and_rebuild_from_forms(review_out, review_batch) -> None:
    client, token = app_client(review_out, review_batch[2])
    facts = _events(review_out)
    hidac, dli = (next(e for e in facts.events if e.kind == k) for k in ("regimen", "dli"))
    hidac = next(e for e in facts.events if e.name == "HiDAC")
    split = {
        "action": "split",
        "targets": hidac.id,
        "p1_date": "2022-02-20",
        "p1_cycle": "1",
        "p2_date": "2022-04-02",
        "p2_cycle": "2",
        "why": "two cycles in one sentence",
    }
    assert _post(client, token, split, 0).status_code == 200
    diag = _item(facts, "diagnosis")
    merge = {"action": "merge", "targets": [diag.id, dli.id]}
    got = _post(client, token, merge, 1)
    assert got.status_code == 200 and "Saved: merge" in got.text
    fixed = _events(review_out, "events-corrected.json")
    assert [(e.date, e.cycle) for e in fixed.events if e.name == "HiDAC"] == [
        ("2022-02-20", 1),
        ("2022-04-02", 2),
    ]
    assert not any(e.kind == "dli" for e in fixed.events)
    assert len(_item(fixed, "diagnosis").sources) == 2
    stale = (review_out / "index.html").read_text()
    rebuilt = client.post(f"/case/{CASE}/rebuild", headers={"X-CSRF-Token": token})
    assert rebuilt.status_code == 200 and "review-packet.pdf" in rebuilt.text
    index = (review_out / "index.html").read_text()  # the batch page counts the merge now
    assert index != stale and "index.html" in rebuilt.text
    assert f">{len(fixed.events)}</td>" in index and f">{len(facts.events)}</td>" in stale
    assert "events.json." in rebuilt.text and "Rebuilt events.json" not in rebuilt.text
    assert "[split]" in packet_text(review_out) and "[merged]" in packet_text(review_out)


def test_page_is_read_again_when_the_cache_is_empty(
    review_out, tmp_path: Path, recordkit_log
) -> None:
    client, _ = app_client(review_out, tmp_path / "empty-cache")
    mrd = _item(_events(review_out), "mrd")
    panel = client.get(f"/case/{CASE}/item/{mrd.id}").text
    marked = re.findall(r'class="w hl" data-i="\d+" data-t="([^"]+)"', panel)
    assert marked and "0.12%." in " ".join(marked) and "<mark>" in panel
    assert "not in the cache; reading it again" in recordkit_log.text
