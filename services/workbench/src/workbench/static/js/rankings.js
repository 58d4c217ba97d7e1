// 排名通报: the two bar charts, drawn from the page's JSON block (no inline script; CSP).
(function () {
  "use strict";
  var block = document.getElementById("rk-data");
  if (!block || typeof echarts === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  function num(text) { return text === null || text === undefined ? null : parseFloat(text); }
  function one(value) { return value === null || value === undefined ? "不适用" : value.toFixed(1); }
  var narrow = window.matchMedia("(max-width: 760px)").matches;
  var labelRotate = narrow || data.counties.length > 8 ? 40 : 0;
  var axis = { type: "category", data: data.counties, axisLabel: { interval: 0, rotate: labelRotate } };
  var grid = { left: 8, right: 12, top: 40, bottom: 8, containLabel: true };
  var charts = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  }

  draw("rk-score-chart", {
    grid: grid,
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v.toFixed(2) + " 分"; } },
    xAxis: axis,
    yAxis: { type: "value", name: "得分", max: 100 },
    series: [{
      name: "得分", type: "bar",
      data: data.score.map(function (v, i) {
        return { value: num(v), itemStyle: { color: data.low[i] ? "#d93025" : "#1d4f86" } };
      }),
      label: { show: !narrow, position: "top", formatter: function (p) { return p.value.toFixed(1); } }
    }]
  });

  draw("rk-rates-chart", {
    grid: grid,
    legend: { top: 0 },
    tooltip: { trigger: "axis", valueFormatter: function (v) { return one(v) + (v === null ? "" : "%"); } },
    xAxis: axis,
    yAxis: { type: "value", name: "%" },
    series: [
      { name: "开工率", type: "bar", data: data.start_rate.map(num), itemStyle: { color: "#1e8e3e" } },
      { name: "投资完成率", type: "bar", data: data.investment_rate.map(num), itemStyle: { color: "#e3a008" } }
    ]
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
