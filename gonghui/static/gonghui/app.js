/* Gonghui: the site's one script, loaded (deferred) by base.html. The Content-Security-Policy allows
   scripts from this site only, so no template holds inline script or on…= handlers: pages mark
   elements with data- attributes and this file gives them their behaviour. Everything here is an
   enhancement; every form also works without JavaScript. */
(function () {
  "use strict";

  function closest(el, selector) { return el && el.closest ? el.closest(selector) : null; }

  /* <form data-confirm="…">: ask before submitting (e.g. revoking a position). */
  document.addEventListener("submit", function (e) {
    var form = closest(e.target, "form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
  });

  /* Search-as-you-type choosers (core/chooser.html, core.choosers.SearchSelect). */
  function box(el) { return closest(el, "[data-chooser]"); }
  function closeChooser(b) {
    b.querySelector(".chooser-results").innerHTML = "";
    b.querySelector("[data-chooser-text]").setAttribute("aria-expanded", "false");
  }
  // The search endpoint reads `q`; the text box has its own name for the no-JavaScript fallback.
  document.addEventListener("htmx:configRequest", function (e) {
    var el = e.detail.elt;
    if (el && el.hasAttribute && el.hasAttribute("data-chooser-text")) { e.detail.parameters.q = el.value; }
  });
  document.addEventListener("input", function (e) {
    var b = box(e.target);
    // Typing again forgets the previous choice: the server then resolves the typed text.
    if (b && e.target.hasAttribute("data-chooser-text")) { b.querySelector("[data-chooser-value]").value = ""; }
  });
  document.addEventListener("click", function (e) {
    var opt = closest(e.target, "[data-chooser-option]");
    var b = opt && box(opt);
    if (!b) return;
    e.preventDefault();
    b.querySelector("[data-chooser-value]").value = opt.getAttribute("data-value");
    var text = b.querySelector("[data-chooser-text]");
    text.value = opt.getAttribute("data-label");
    closeChooser(b);
    text.focus();
    b.dispatchEvent(new CustomEvent("chooser:chosen", {bubbles: true, detail: {value: opt.getAttribute("data-value")}}));
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var b = box(e.target);
    if (b) b.querySelector("[data-chooser-text]").setAttribute("aria-expanded", e.target.children.length ? "true" : "false");
  });
  document.addEventListener("keydown", function (e) {
    var b = box(e.target);
    if (!b) return;
    var opts = Array.prototype.slice.call(b.querySelectorAll("[data-chooser-option]"));
    var i = opts.indexOf(e.target);
    if (e.key === "ArrowDown" && opts.length) { e.preventDefault(); opts[Math.min(i + 1, opts.length - 1)].focus(); }
    else if (e.key === "ArrowUp" && i >= 0) { e.preventDefault(); (i === 0 ? b.querySelector("[data-chooser-text]") : opts[i - 1]).focus(); }
    else if (e.key === "Escape") { closeChooser(b); }
  });

  /* Tables (class="table") become cards on a phone (app.css): each cell learns its column's heading
     as data-label. Tables that htmx swaps in (filtered rows) are labelled again. */
  function labelTables(root) {
    var tables = (root && root.querySelectorAll) ? root.querySelectorAll("table.table") : [];
    if (root && root.matches && root.matches("table.table")) { tables = [root]; }
    if (!tables.length && root && root.closest) { var t = root.closest("table.table"); if (t) { tables = [t]; } }
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1].cells : [];
      var labels = [];
      Array.prototype.forEach.call(heads, function (th) {
        var span = th.colSpan || 1;
        for (var k = 0; k < span; k++) { labels.push(span > 1 ? "" : th.textContent.trim()); }
      });
      Array.prototype.forEach.call(table.tBodies, function (tbody) {
        Array.prototype.forEach.call(tbody.rows, function (row) {
          var col = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = cell.colSpan > 1 ? "" : (labels[col] || "");
            if (label && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
            col += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("stacked");
    });
  }
  document.addEventListener("htmx:afterSwap", function (e) { labelTables(e.target); });

  /* The join form (members/join.html): employer fields for an employee, job type for a new-form worker. */
  function initJoinForm() {
    var form = document.getElementById("join-form");
    if (!form) return;
    function field(name) { var el = form.querySelector("[name=" + name + "]"); return el ? el.closest(".field") : null; }
    function sync() {
      var checked = form.querySelector("[name=join_as]:checked");
      var newForm = checked && checked.value === "new_form";
      ["enterprise", "employer_name"].forEach(function (n) { var f = field(n); if (f) f.hidden = newForm; });
      var jt = field("job_type"); if (jt) jt.hidden = !newForm;
    }
    Array.prototype.forEach.call(form.querySelectorAll("[name=join_as]"), function (r) { r.addEventListener("change", sync); });
    sync();
  }
  function init() { initJoinForm(); labelTables(document); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
