// recordkit review: CSRF header and version on every request, word boxes, selection, keys.
(function () {
  "use strict";
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  document.addEventListener("htmx:configRequest", (evt) => {
    const token = $('meta[name="csrf-token"]');
    if (token) evt.detail.headers["X-CSRF-Token"] = token.content;
    const version = $("#version");
    if (version && evt.detail.verb === "post" && !("version" in evt.detail.parameters)) {
      evt.detail.parameters.version = version.value;
    }
  });

  // Refusals (bad form, conflict, expired token) are shown in #messages, not swapped away.
  document.addEventListener("htmx:beforeSwap", (evt) => {
    const status = evt.detail.xhr.status;
    if (status >= 400 && status < 500) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
      evt.detail.target = $("#messages");
      evt.detail.swapOverride = "innerHTML";
    }
  });

  function placeWords(root) {
    $$(".page-view", root).forEach((view) => {
      $$(".w, .m", view).forEach((w) => {
        const b = (w.dataset.box || "0 0 0 0").split(" ").map(Number);
        w.style.left = b[0] * 100 + "%";
        w.style.top = b[1] * 100 + "%";
        w.style.width = (b[2] - b[0]) * 100 + "%";
        w.style.height = (b[3] - b[1]) * 100 + "%";
        w.title = w.dataset.t || "";
      });
      const first = $(".w.hl, .m", view);
      const img = $(".page-img", view);
      if (first && img) {
        const go = () => { view.scrollTop = Math.max(0, first.offsetTop - view.clientHeight / 2); };
        if (img.complete) go(); else img.addEventListener("load", go, { once: true });
      }
    });
  }

  let anchor = null;
  function selectWords(view, from, to) {
    const lo = Math.min(from, to), hi = Math.max(from, to);
    const words = $$(".w", view);
    words.forEach((w) => w.classList.toggle("sel", +w.dataset.i >= lo && +w.dataset.i <= hi));
    const text = words.filter((w) => w.classList.contains("sel")).map((w) => w.dataset.t).join(" ");
    const form = view.closest(".detail").querySelector("#add-form");
    if (form) {
      $("#add-words", form).value = lo + "-" + hi;
      $("#sel-text", form).textContent = text;
    }
  }

  document.addEventListener("click", (evt) => {
    const word = evt.target.closest(".w");
    if (word) {
      const view = word.closest(".page-view, .page-text");
      const i = +word.dataset.i;
      if (evt.shiftKey && anchor !== null) selectWords(view, anchor, i);
      else { anchor = i; selectWords(view, i, i); }
      evt.preventDefault();
      return;
    }
    if (evt.target.closest("#help-toggle")) { $("#help").hidden = !$("#help").hidden; return; }
    const row = evt.target.closest("tr.item");
    if (row && !evt.target.closest("input, a, button")) openRow(row);
  });

  function openRow(row) {
    $$("tr.item.current").forEach((r) => r.classList.remove("current"));
    row.classList.add("current");
    row.focus({ preventScroll: false });
    htmx.ajax("GET", row.dataset.url, { target: "#detail", swap: "innerHTML" });
  }

  function move(step, onlyDoubt) {
    const rows = $$("tr.item");
    if (!rows.length) return;
    const cur = rows.findIndex((r) => r.classList.contains("current"));
    for (let n = 1; n <= rows.length; n++) {
      const i = cur < 0 ? (step > 0 ? n - 1 : rows.length - n) : (cur + step * n + rows.length * 2) % rows.length;
      if (!onlyDoubt || rows[i].classList.contains("doubt")) { openRow(rows[i]); return; }
    }
  }

  // Submit through htmx (a synthetic submit event never makes the browser post by itself).
  function press(id) {
    const b = document.getElementById(id);
    if (!b || !b.form || !b.form.reportValidity()) return;
    htmx.process(b.form); // a panel swapped in a moment ago may not be wired up yet
    htmx.trigger(b.form, "submit");
  }
  function focus(sel) {
    const el = $(sel);
    if (!el) return;
    if (el.form) htmx.process(el.form); // as press(): Enter must not post a form htmx has not wired
    el.focus();
    if (el.select) el.select();
  }

  document.addEventListener("keydown", (evt) => {
    if (evt.ctrlKey || evt.metaKey || evt.altKey) return;
    const typing = evt.target.closest("input, select, textarea");
    if (evt.key === "Escape") { if (typing) typing.blur(); return; }
    if (typing) return;
    const keys = {
      j: () => move(1, false), k: () => move(-1, false), u: () => move(1, true),
      ArrowDown: () => move(1, false), ArrowUp: () => move(-1, false),
      a: () => press("btn-accept"), r: () => focus("#reject-why"),
      e: () => focus("#edit-form input:not([type=hidden])"),
      s: () => { const d = $("#split"); if (d) { d.open = true; focus("#split input:not([type=hidden])"); } },
      x: () => { const r = $("tr.item.current .pick"); if (r) r.checked = !r.checked; },
      m: () => press("btn-merge"), n: () => press("btn-add"),
      "?": () => { $("#help").hidden = !$("#help").hidden; },
    };
    if (keys[evt.key]) { evt.preventDefault(); keys[evt.key](); }
  });

  // After a correction the detail panel shows the next item: mark its row as current.
  function markCurrent() {
    const d = $("#detail .detail[data-item]");
    $$("tr.item.current").forEach((r) => r.classList.remove("current"));
    if (d) { const row = $('tr.item[data-id="' + d.dataset.item + '"]'); if (row) row.classList.add("current"); }
  }

  htmx.onLoad((el) => { placeWords(el); anchor = null; markCurrent(); });
})();
