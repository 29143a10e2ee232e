"""The review app in a real browser: Playwright driving Debian's chromium (no download)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from recordkit.review.app import ReviewConfig, create_app
from tests import review_case
from tests.review_case import CASE

pytestmark = pytest.mark.slow  # a real browser over a processed case: make test only

review_batch, review_out = review_case.review_batch, review_case.review_out  # fixtures

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def server(review_out, review_batch) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(ReviewConfig(review_out, "dr e2e", review_batch[2]))
    srv = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _row(page, text: str | re.Pattern[str]):
    """The item row whose event or analyte cell is `text`."""
    return page.locator("tr.item").filter(has=page.get_by_role("cell", name=text, exact=True))


def test_review_a_case_end_to_end(server: str, browser, review_out: Path) -> None:
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page.goto(server + "/")
    expect(page.locator("tr.case-row", has_text=CASE)).to_contain_text("check: 1 item(s)")
    page.click(f"text={CASE}")
    page.wait_for_load_state()
    expect(page.locator("tr.item.doubt")).to_have_count(1)

    # u: next item to check -> the scanned chimerism (no date), its quote marked on the page
    page.keyboard.press("u")
    expect(page.locator("#detail h2")).to_contain_text("Donor chimerism", timeout=20_000)
    expect(page.locator("#detail .w.hl").first).to_be_visible()
    assert page.locator("#detail .w.hl").count() >= 3
    assert page.eval_on_selector("#detail .page-img", "i => i.complete && i.naturalWidth") > 500
    page.keyboard.press("a")
    expect(page.locator("#messages")).to_contain_text("Saved: accept")
    expect(_row(page, "Donor chimerism")).to_have_class("item reviewed")

    # reject with a reason, from the keyboard
    _row(page, re.compile("^Relapse")).click()
    expect(page.locator("#detail h2")).to_contain_text("Relapse")
    page.keyboard.press("r")
    page.keyboard.type("letter says suspected only")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Saved: reject")
    expect(_row(page, re.compile("^Relapse"))).to_have_count(0)

    # edit a value
    _row(page, "MRD").click()
    expect(page.locator("#detail h2")).to_contain_text("MRD")
    page.keyboard.press("e")
    page.fill("#edit-form input[name=value]", "0.21")
    page.press("#edit-form input[name=value]", "Enter")
    expect(_row(page, "MRD")).to_contain_text("0.21 %")

    # add a missed item from words selected on the page
    donor = page.locator('#detail .page-view .w[data-t="Donor"]')
    infusion = page.locator('#detail .page-view .w[data-t="infusion"]')
    donor.click()
    infusion.click(modifiers=["Shift"])
    expect(page.locator("#sel-text")).to_have_text("Donor lymphocyte infusion")
    page.select_option("#add-form select[name=what]", "transplant")
    page.fill("#add-form input[name=date]", "2023-10-20")
    page.fill("#add-form input[name=detail]", "PBSC")
    page.keyboard.press("Escape")
    page.keyboard.press("n")
    expect(_row(page, "HSCT (PBSC)")).to_contain_text("added")

    # a second tab with the old version: a clear conflict, nothing lost
    other = ctx.new_page()
    other.goto(f"{server}/case/{CASE}")
    _row(page, "IA").click()
    expect(page.locator("#detail h2")).to_contain_text("IA")
    page.keyboard.press("a")
    expect(page.locator("#messages")).to_contain_text("Saved: accept")
    _row(other, "HiDAC").click()
    expect(other.locator("#detail h2")).to_contain_text("HiDAC")
    other.keyboard.press("a")
    expect(other.locator("#messages")).to_contain_text("changed in another tab")

    log = json.loads((review_out / CASE / "corrections.json").read_text())
    actions = [c["action"] for c in log["corrections"]]
    assert actions == ["accept", "reject", "edit", "add", "accept"]
    assert log["corrections"][3]["after"][0]["sources"][0]["quote"] == "Donor lymphocyte infusion"
    assert outside == []
    ctx.close()
