/* 导入: upload each chosen or dropped file with fetch(), one at a time, and show its result as it finishes. */
"use strict";
(function () {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  const section = document.getElementById("progress");
  const list = document.getElementById("results");
  const summary = document.getElementById("progress-summary");
  const maxBytes = Number(form.dataset.maxBytes);
  const limitMb = form.dataset.limitMb;
  const el = window.jixiao.el;
  const LABELS = { imported: "已导入", duplicate: "已导入过", failed: "失败" };
  const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
  const queue = [];
  const tally = { total: 0, done: 0, imported: 0, duplicate: 0, failed: 0, forms: 0 };
  let running = false;

  function mb(n) { return (n / 1048576).toFixed(1).replace(/\.0$/, ""); }

  function updateSummary() {
    summary.textContent = `已完成 ${tally.done}/${tally.total}：新导入 ${tally.imported} 个文件（${tally.forms} 张表），` +
      `已导入过 ${tally.duplicate} 个，失败 ${tally.failed} 个`;
    list.dataset.done = String(tally.done === tally.total && !queue.length && !running);
  }

  function setStatus(job, status, message) {
    job.li.className = "result " + status;
    job.li.dataset.status = status;
    job.pill.className = "pill " + status;
    job.pill.textContent = LABELS[status] || message;
    job.msg.textContent = LABELS[status] ? message : "";
  }

  function finish(job, outcome) {
    const status = outcome.status;
    setStatus(job, status, status === "imported" ? `读出 ${outcome.forms} 张表` : outcome.message);
    tally[status] += 1;
    tally.forms += outcome.forms || 0;
    if (outcome.diagnostics && outcome.diagnostics.length) {
      const ul = el("ul", "diagnostics");
      for (const d of outcome.diagnostics) {
        const where = d.line ? `第 ${d.line} 行：` : "";
        ul.appendChild(el("li", d.severity, `[${SEVERITY[d.severity] || d.severity}] ${where}${d.message}`));
      }
      job.li.appendChild(ul);
    }
  }

  function fail(job, message) {
    setStatus(job, "failed", message);
    tally.failed += 1;
  }

  async function upload(job) {
    job.pill.textContent = "上传中…";
    job.li.dataset.status = "uploading";
    if (job.file.size > maxBytes) {
      fail(job, `“${job.file.name}”有 ${mb(job.file.size)} MB，超过单个文件上限 ${limitMb} MB，未导入`);
      return;
    }
    const body = new FormData();
    body.append("files", job.file, job.file.name);
    try {
      const response = await fetch("/api/import", {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-CSRF-Token": window.jixiao.csrf(), "Accept": "application/json" },
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) fail(job, data.detail || `上传失败（HTTP ${response.status}）`);
      else finish(job, data.results[0]);
    } catch (error) {
      fail(job, "网络错误，上传没有完成，请重试");
    }
  }

  async function run() {
    if (running) return;
    running = true;
    while (queue.length) {
      const job = queue.shift();
      await upload(job);
      tally.done += 1;
      if (!queue.length) running = false;
      updateSummary();
    }
    running = false;
    updateSummary();
  }

  function add(files) {
    if (!files || !files.length) return;
    section.hidden = false;
    for (const file of files) {
      const li = el("li", "result waiting");
      li.dataset.status = "waiting";
      const pill = el("span", "pill waiting", "等待中");
      const msg = el("span", "msg", "");
      li.append(el("span", "name", file.name), pill, msg);
      list.appendChild(li);
      queue.push({ file, li, pill, msg });
      tally.total += 1;
    }
    updateSummary();
    run();
  }

  input.addEventListener("change", () => { add(Array.from(input.files)); input.value = ""; });
  form.addEventListener("submit", (event) => { event.preventDefault(); add(Array.from(input.files)); });
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => { event.preventDefault(); drop.classList.add("over"); });
  }
  for (const name of ["dragleave", "drop"]) {
    drop.addEventListener(name, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    add(Array.from(event.dataTransfer.files));
  });
})();
