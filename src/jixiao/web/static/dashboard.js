/* 总览: the charts, drawn from the page's JSON twin (/api/dashboard) with the vendored ECharts. */
"use strict";
(function () {
  const root = document.getElementById("charts");
  const status = document.getElementById("chart-status");
  if (!root || !window.echarts) return;
  const esc = window.echarts.format.encodeHTML;
  const COLORS = { error: "#c0392b", warning: "#e6a23c", info: "#5b8ff9" };
  const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
  const GRADE_COLORS = { "优": "#2e8b57", "良": "#5b8ff9", "中": "#e6a23c", "差": "#c0392b", "未填": "#b0b7c3" };
  const charts = [];
  const base = { textStyle: { fontFamily: "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif" },
                 animation: false };

  function chart(id, option) {
    const node = document.getElementById(id);
    const c = window.echarts.init(node, null, { renderer: "canvas" });
    c.setOption(Object.assign({}, base, option));
    charts.push(c);
    return c;
  }

  function grades(data) {
    const order = ["优", "良", "中", "差", "未填"];
    const entries = Object.entries(data.grades).sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    chart("chart-grades", {
      tooltip: { trigger: "item", formatter: (p) => `${esc(p.name)}：${p.value} 张（${p.percent}%）` },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
                 label: { formatter: "{b}\n{c} 张" },
                 data: entries.map(([name, value]) => ({ name, value, itemStyle: { color: GRADE_COLORS[name] } })) }],
    });
  }

  function inflation(data) {
    const share = data.full_marks_share === null ? 0 : Math.round(data.full_marks_share * 1000) / 10;
    chart("chart-inflation", {
      tooltip: { formatter: () => `有分值和得分的指标中，${share}% 得了满分` },
      series: [{ type: "gauge", min: 0, max: 100, progress: { show: true, width: 14 },
                 axisLine: { lineStyle: { width: 14 } }, axisLabel: { distance: 20 },
                 detail: { valueAnimation: false, formatter: "{value}%", fontSize: 22, offsetCenter: [0, "70%"] },
                 title: { offsetCenter: [0, "95%"] },
                 data: [{ value: share, name: data.full_marks_share === null ? "暂无数据" : "指标得满分" }] }],
    });
  }

  function scatter(data) {
    const c = chart("chart-scatter", {
      grid: { left: 50, right: 30, top: 40, bottom: 45 },
      tooltip: { trigger: "item",
                 formatter: (p) => `${esc(p.value[2] || "（未命名）")}<br>执行率 ${p.value[0]}%　总分 ${p.value[1]}` },
      xAxis: { type: "value", name: "执行率（%）", nameLocation: "middle", nameGap: 28, min: 0 },
      yAxis: { type: "value", name: "总分", min: 0 },
      series: [{ type: "scatter", symbolSize: 11, data: data.rate_vs_score, itemStyle: { color: "#1f5f8b", opacity: 0.75 },
                 markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#c0392b" },
                             label: { formatter: "执行率 60%" }, data: [{ xAxis: 60 }] } }],
    });
    c.on("click", (p) => { if (p.value && p.value[3]) window.location.href = "/forms/" + Number(p.value[3]); });
  }

  function rules(data) {
    const codes = Array.from(new Set(data.findings_by_rule.map((r) => r.code))).sort();
    const series = ["error", "warning", "info"].map((sev) => ({
      name: SEVERITY[sev], type: "bar", stack: "all", itemStyle: { color: COLORS[sev] },
      data: codes.map((code) => {
        const row = data.findings_by_rule.find((r) => r.code === code && r.severity === sev);
        return row ? row.count : 0;
      }),
    }));
    chart("chart-rules", {
      grid: { left: 50, right: 20, top: 30, bottom: 70 },
      legend: { top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
                 formatter: (ps) => `${esc(ps[0].name)}<br>` + ps.filter((p) => p.value)
                   .map((p) => `${p.marker}${esc(p.seriesName)}：${p.value}`).join("<br>") },
      xAxis: { type: "category", data: codes, axisLabel: { rotate: 45, interval: 0 } },
      yAxis: { type: "value", name: "条数", minInterval: 1 },
      series,
    });
  }

  function departments(data) {
    const rows = data.findings_by_department;
    chart("chart-departments", {
      grid: { left: 140, right: 30, top: 30, bottom: 45 },
      legend: { top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
                 formatter: (ps) => `${esc(ps[0].name)}（${rows[ps[0].dataIndex].forms} 张表）<br>` +
                   ps.map((p) => `${p.marker}${esc(p.seriesName)}：${p.value}`).join("<br>") },
      xAxis: { type: "value", name: "条数", nameLocation: "middle", nameGap: 26, minInterval: 1 },
      yAxis: { type: "category", data: rows.map((r) => r.department),
               axisLabel: { width: 125, overflow: "truncate" } },
      series: [
        { name: "错误", type: "bar", stack: "all", itemStyle: { color: COLORS.error }, data: rows.map((r) => r.errors) },
        { name: "警告", type: "bar", stack: "all", itemStyle: { color: COLORS.warning }, data: rows.map((r) => r.warnings) },
      ],
    });
  }

  fetch(root.dataset.src, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((r) => { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then((data) => {
      grades(data); inflation(data); scatter(data); rules(data); departments(data);
      root.dataset.ready = "true";
    })
    .catch(() => { status.textContent = "图表数据读取失败，请刷新页面重试。"; });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
