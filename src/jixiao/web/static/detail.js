/* 表单详情: click a highlighted cell to see its findings in the side panel; click a finding to find its cell. */
"use strict";
(function () {
  const panel = document.getElementById("panel-body");
  const sheet = document.getElementById("sheet");
  if (!panel || !sheet) return;
  const el = window.jixiao.el;

  function row(n) { return document.querySelector(`#findings tr[data-n="${n}"]`); }

  function show(cell) {
    for (const c of sheet.querySelectorAll("td.selected")) c.classList.remove("selected");
    cell.classList.add("selected");
    panel.replaceChildren();
    for (const n of cell.dataset.findings.split(" ")) {
      const tr = row(n);
      if (!tr) continue;
      const cells = tr.querySelectorAll("td");
      const item = el("div", "panel-item " + tr.className.replace("finding", "").trim());
      item.dataset.code = tr.dataset.code;
      const head = el("p", "panel-head");
      head.append(el("span", "n", `${n}.`), " ", cells[1].firstElementChild.cloneNode(true), " ",
        el("b", "code", tr.dataset.code), " ", el("span", "where", cells[3].textContent));
      item.append(head, el("p", "panel-msg", cells[4].textContent));
      if (cells[5].textContent.trim()) item.append(el("p", "panel-expected", `重算/应为：${cells[5].textContent}`));
      if (cells[6].textContent.trim()) item.append(el("p", "panel-line", `原文第 ${cells[6].textContent} 行`));
      panel.appendChild(item);
    }
  }

  sheet.addEventListener("click", (event) => {
    const cell = event.target.closest("td[data-findings]");
    if (cell) show(cell);
  });
  sheet.addEventListener("keydown", (event) => {
    const cell = event.target.closest("td[data-findings]");
    if (cell && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(cell); }
  });
  const table = document.getElementById("findings");
  if (table) {
    const jump = (event) => {
      const tr = event.target.closest("tr[data-n]");
      if (!tr) return;
      const n = tr.dataset.n;
      const cell = Array.from(sheet.querySelectorAll("td[data-findings]"))
        .find((c) => c.dataset.findings.split(" ").includes(n));
      if (!cell) return;
      cell.scrollIntoView({ block: "center", behavior: "smooth" });
      show(cell);
    };
    table.addEventListener("click", jump);
    table.addEventListener("keydown", (event) => { if (event.key === "Enter") jump(event); });
  }
})();
