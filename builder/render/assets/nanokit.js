/* nanokit: progressive enhancement only. Every page reads the same without this script:
   the directory lists every card, tables keep their build order, calendar links download. */
(function () {
  "use strict";

  function applyFilters(form, cards, selects, count) {
    let shown = 0;
    cards.forEach(function (card) {
      const visible = selects.every(function (select) {
        const values = card.getAttribute("data-" + select.dataset.nkFilter) || "";
        return !select.value || values.indexOf("|" + select.value + "|") !== -1;
      });
      card.hidden = !visible;
      if (visible) shown += 1;
    });
    if (count) count.textContent = "Showing " + shown + " of " + cards.length;
  }

  function initFilters(root) {
    root.querySelectorAll("form[data-nk-filters]").forEach(function (form) {
      if (form.dataset.nkReady) return;
      form.dataset.nkReady = "1";
      const cards = Array.from(root.querySelectorAll(".nk-cards .nk-card"));
      const selects = Array.from(form.querySelectorAll("select[data-nk-filter]"));
      const count = form.querySelector("[data-nk-count]");
      const apply = function () { applyFilters(form, cards, selects, count); };
      form.addEventListener("change", apply);
      // The reset event fires before the fields are cleared.
      form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.hidden = false;
      apply();
    });
  }

  function sortKey(cell) {
    if (!cell) return "";
    const key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim();
  }

  function sortTable(table, index, header) {
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.from(header.parentNode.cells).forEach(function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows).map(function (row, position) {
      return { row: row, key: sortKey(row.cells[index]), position: position };
    });
    const numeric = rows.every(function (item) {
      return item.key === "" || !isNaN(Number(item.key));
    });
    rows.sort(function (a, b) {
      // Empty cells (n/a) go last in both directions.
      if (a.key === "" || b.key === "") {
        return (a.key === "") - (b.key === "") || a.position - b.position;
      }
      const order = numeric ? Number(a.key) - Number(b.key)
        : a.key.localeCompare(b.key, undefined, { numeric: true, sensitivity: "base" });
      return (ascending ? order : -order) || a.position - b.position;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
  }

  function initSortable(root) {
    root.querySelectorAll("table.nk-sortable").forEach(function (table) {
      if (table.dataset.nkReady || !table.tHead || !table.tBodies.length) return;
      table.dataset.nkReady = "1";
      Array.from(table.tHead.rows[0].cells).forEach(function (header, index) {
        if (!header.textContent.trim()) return;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "nk-sort";
        button.textContent = header.textContent;
        button.title = "Sort by " + header.textContent;
        header.textContent = "";
        header.appendChild(button);
        button.addEventListener("click", function () { sortTable(table, index, header); });
      });
    });
  }

  function initWebcal(root) {
    root.querySelectorAll("a[data-nk-webcal]").forEach(function (anchor) {
      const url = new URL(anchor.getAttribute("href"), window.location.href);
      if (url.protocol === "http:" || url.protocol === "https:") {
        anchor.href = "webcal://" + url.host + url.pathname;
      }
    });
  }

  function init() {
    initFilters(document);
    initSortable(document);
    initWebcal(document);
  }

  // Material's instant navigation swaps pages without a load event; document$ announces them.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
