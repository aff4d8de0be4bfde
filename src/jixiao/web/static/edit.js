/* 编辑: show the sum of the scores as typed, and fill it into 总分 on request. */
"use strict";
(function () {
  const form = document.getElementById("edit-form");
  if (!form) return;
  const sumOut = document.getElementById("sum");
  const total = document.getElementById("total_score");

  function sum() {
    let cents = 0;
    let any = false;
    for (const input of form.querySelectorAll("input.score-input")) {
      const value = input.value.trim().replace(/,/g, "");
      if (!value) continue;
      const n = Number(value);
      if (Number.isNaN(n)) return null;
      cents += Math.round(n * 100);
      any = true;
    }
    return any ? (cents / 100).toFixed(2) : null;
  }

  function refresh() {
    const value = sum();
    sumOut.textContent = value === null ? "—" : value;
  }

  form.addEventListener("input", refresh);
  document.getElementById("use-sum").addEventListener("click", () => {
    const value = sum();
    if (value !== null) total.value = value;
  });
  for (const area of form.querySelectorAll("textarea")) {
    const grow = () => { area.style.height = "auto"; area.style.height = area.scrollHeight + 2 + "px"; };
    area.addEventListener("input", grow);
    grow();
  }
  refresh();
})();
