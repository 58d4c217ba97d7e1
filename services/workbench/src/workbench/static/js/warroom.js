// 作战室: reads /warroom/data.json every data-refresh-seconds and updates the charts in
// place (chart.setOption), never reloading the page. A part that failed (a service
// down) makes its panels say 暂不可用; the others keep updating.
(function () {
  "use strict";
  var body = document.body;
  var source = body.getAttribute("data-source");
  var every = Math.max(2, parseInt(body.getAttribute("data-refresh-seconds"), 10) || 30) * 1000;
  var INK = "#e8f1ff", MUTED = "#8fa8cc", GRID = "rgba(143,168,204,.16)", GOLD = "#ffd166";
  var LIGHTS = { red: "#ff4d4f", yellow: "#fadb14", green: "#52c41a", none: "#5b6b84" };
  var charts = {};
  var lastGood = null;

  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init(document.getElementById(id), null, { renderer: "canvas" }); }
    return charts[id];
  }
  function num(text) { return text === null || text === undefined ? 0 : parseFloat(text); }
  function yi(text) { return (num(text) / 10000).toFixed(2); }
  function wan(value) {
    if (Math.abs(value) >= 10000) { return (value / 10000).toFixed(value % 10000 ? 1 : 0) + "亿"; }
    return value + "万";
  }
  function rateText(rate) { return rate === null || rate === undefined ? "—" : rate; }
  function gradient(from, to) { return new echarts.graphic.LinearGradient(0, 0, 1, 0, [{ offset: 0, color: from }, { offset: 1, color: to }]); }

  function panels(part) { return document.querySelectorAll('.wr-panel[data-panel="' + part + '"]'); }
  function mark(part, payload) {
    panels(part).forEach(function (panel) {
      var status = panel.querySelector(".wr-status");
      panel.classList.remove("empty");
      if (payload && payload.ok) { panel.classList.remove("unavailable"); status.textContent = ""; return; }
      panel.classList.add("unavailable");
      status.textContent = payload && payload.reason ? payload.reason : "暂不可用";
    });
    return payload && payload.ok;
  }
  function empty(element, text) {
    var panel = element.closest(".wr-panel");
    panel.classList.add("empty");
    panel.querySelector(".wr-status").textContent = text;
  }
  function kpi(name, value) {
    document.querySelectorAll('[data-kpi="' + name + '"]').forEach(function (el) { el.textContent = value; });
  }

  var axisLabel = { color: MUTED, fontSize: 14 };
  var categoryLabel = { color: INK, fontSize: 17 };
  function investmentOption(rows) {
    var planned = rows.map(function (r) { return num(r.planned); });
    var completed = rows.map(function (r) { return num(r.completed); });
    return {
      animationDuration: 600,
      grid: { left: 8, right: 70, top: 34, bottom: 4, containLabel: true },
      legend: { top: 0, right: 4, itemWidth: 18, itemHeight: 12, textStyle: { color: INK, fontSize: 16 }, data: ["年度计划", "年度完成"] },
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" }, textStyle: { fontSize: 16 },
        formatter: function (items) {
          var r = rows[items[0].dataIndex];
          return r.name + "<br>计划 " + r.planned + " 万元<br>完成 " + r.completed + " 万元<br>完成率 " + rateText(r.investment_rate) + "%";
        }
      },
      xAxis: { type: "value", axisLabel: { color: MUTED, fontSize: 14, formatter: wan }, splitLine: { lineStyle: { color: GRID } } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }), axisLabel: categoryLabel, axisTick: { show: false }, axisLine: { lineStyle: { color: GRID } } },
      series: [
        { name: "年度计划", type: "bar", data: planned, barWidth: "64%", barGap: "-100%", z: 1,
          itemStyle: { color: "rgba(58,123,213,.30)", borderColor: "#3a7bd5", borderWidth: 1 } },
        { name: "年度完成", type: "bar", data: completed, barWidth: "64%", z: 2, itemStyle: { color: gradient("#1677ff", "#2bd4ff") } },
        { name: "完成率", type: "bar", silent: true, z: 3, barWidth: "64%",
          data: rows.map(function (r, i) { return Math.max(planned[i], completed[i]); }),
          itemStyle: { color: "transparent" },
          label: { show: true, position: "right", color: GOLD, fontSize: 17, fontWeight: "bold",
            formatter: function (p) { var rate = rows[p.dataIndex].investment_rate; return rate === null ? "—" : rate + "%"; } } }
      ]
    };
  }
  function startOption(rows) {
    return {
      animationDuration: 600,
      grid: { left: 8, right: 110, top: 8, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, textStyle: { fontSize: 16 },
        formatter: function (items) { var r = rows[items[0].dataIndex]; return r.name + "<br>开复工 " + r.started + " / " + r.projects + " 个<br>开复工率 " + rateText(r.start_rate) + "%"; } },
      xAxis: { type: "value", max: 100, axisLabel: { color: MUTED, fontSize: 14, formatter: "{value}%" }, splitLine: { lineStyle: { color: GRID } } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }), axisLabel: categoryLabel, axisTick: { show: false }, axisLine: { lineStyle: { color: GRID } } },
      series: [{
        type: "bar", barWidth: "64%", showBackground: true, backgroundStyle: { color: "rgba(58,123,213,.14)" },
        data: rows.map(function (r) {
          var rate = num(r.start_rate);
          var color = rate >= 80 ? LIGHTS.green : rate >= 50 ? LIGHTS.yellow : LIGHTS.red;
          return { value: rate, itemStyle: { color: color } };
        }),
        label: { show: true, position: "right", color: INK, fontSize: 17,
          formatter: function (p) { var r = rows[p.dataIndex]; return rateText(r.start_rate) + "%  " + r.started + "/" + r.projects; } }
      }]
    };
  }
  function levelsOption(part) {
    var rows = part.by_level;
    return {
      animationDuration: 600,
      grid: { left: 8, right: 8, top: 34, bottom: 4, containLabel: true },
      legend: { top: 0, right: 4, textStyle: { color: INK, fontSize: 16 }, data: ["按期办理", "已逾期"] },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, textStyle: { fontSize: 16 } },
      xAxis: { type: "category", data: rows.map(function (r) { return r.name; }), axisLabel: categoryLabel, axisTick: { show: false }, axisLine: { lineStyle: { color: GRID } } },
      yAxis: { type: "value", minInterval: 1, axisLabel: axisLabel, splitLine: { lineStyle: { color: GRID } } },
      series: [
        { name: "按期办理", type: "bar", stack: "open", barWidth: "46%", itemStyle: { color: "#2bd4ff" },
          data: rows.map(function (r) { return r.open - r.overdue; }) },
        { name: "已逾期", type: "bar", stack: "open", barWidth: "46%", itemStyle: { color: LIGHTS.red },
          data: rows.map(function (r) { return r.overdue; }),
          label: { show: true, position: "top", color: INK, fontSize: 18, fontWeight: "bold",
            formatter: function (p) { return rows[p.dataIndex].open; } } }
      ]
    };
  }
  function lightsOption(lights) {
    var slices = [["红灯", "red"], ["黄灯", "yellow"], ["绿灯", "green"], ["未评定", "none"]].map(function (pair) {
      return { name: pair[0], value: lights[pair[1]], itemStyle: { color: LIGHTS[pair[1]] } };
    });
    var total = slices.reduce(function (sum, s) { return sum + s.value; }, 0);
    return {
      animationDuration: 600,
      tooltip: { trigger: "item", textStyle: { fontSize: 16 }, formatter: "{b}：{c} 个（{d}%）" },
      legend: { orient: "vertical", right: 16, top: "middle", itemGap: 14, textStyle: { color: INK, fontSize: 19 },
        formatter: function (name) { var s = slices.filter(function (x) { return x.name === name; })[0]; return name + "  " + s.value; } },
      title: { text: String(total), subtext: "项目", left: "29%", top: "36%", textAlign: "center",
        textStyle: { color: "#fff", fontSize: 34, fontWeight: "bold" }, subtextStyle: { color: MUTED, fontSize: 16 } },
      series: [{ type: "pie", radius: ["52%", "80%"], center: ["30%", "52%"], label: { show: false },
        itemStyle: { borderColor: "#0a2044", borderWidth: 3 }, data: slices }]
    };
  }

  function fillList(id, items, build) {
    var list = document.getElementById(id);
    list.textContent = "";
    items.forEach(function (item) { list.appendChild(build(item)); });
  }
  function row(when, what, note, tag, tagClass) {
    var li = document.createElement("li");
    var a = document.createElement("span"); a.className = "when"; a.textContent = when;
    var b = document.createElement("span"); b.className = "what"; b.textContent = what;
    if (note) { var small = document.createElement("small"); small.textContent = note; b.appendChild(small); }
    var c = document.createElement("span"); c.className = "tag " + tagClass; c.textContent = tag;
    li.appendChild(a); li.appendChild(b); li.appendChild(c);
    return li;
  }

  function renderProjects(part) {
    if (!mark("projects", part)) { ["projects", "planned", "completed", "investment_rate", "start_rate", "red"].forEach(function (k) { kpi(k, "—"); }); return; }
    var t = part.totals;
    kpi("projects", t.projects); kpi("planned", yi(t.planned)); kpi("completed", yi(t.completed));
    kpi("investment_rate", rateText(t.investment_rate)); kpi("start_rate", rateText(t.start_rate));
    kpi("started", "% · " + t.started + "/" + t.projects); kpi("red", part.lights.red);
    chart("chart-county-investment").setOption(investmentOption(part.by_county));
    chart("chart-county-start").setOption(startOption(part.by_county));
    chart("chart-subcommand-investment").setOption(investmentOption(part.by_subcommand));
    chart("chart-lights").setOption(lightsOption(part.lights));
    if (!t.projects) {
      ["chart-county-investment", "chart-county-start", "chart-subcommand-investment"].forEach(function (id) {
        empty(document.getElementById(id), "本年度暂无可查看的项目");
      });
    }
  }
  function renderIssues(part) {
    if (!mark("issues", part)) { kpi("open", "—"); kpi("overdue", "—"); return; }
    kpi("open", part.open); kpi("overdue", part.overdue);
    chart("chart-issue-levels").setOption(levelsOption(part));
    fillList("list-escalations", part.escalations, function (e) {
      var step = e.from_level ? e.from_level + "→" + e.to_level : "直接交办" + e.to_level;
      return row(e.at, e.title, [e.county, e.status].filter(Boolean).join(" · "), step, "up");
    });
    if (!part.escalations.length) { empty(document.getElementById("list-escalations"), "暂无升级到县级以上的问题"); }
  }
  function renderMeetings(part) {
    if (!mark("meetings", part)) { return; }
    document.getElementById("wr-week").textContent = part.from.slice(5) + " 至 " + part.to.slice(5) + " · 共 " + part.items.length + " 场";
    var ordered = part.items.filter(function (m) { return !m.past; }).concat(part.items.filter(function (m) { return m.past; }));
    fillList("list-meetings", ordered, function (m) {
      var li = row(m.date + " " + m.weekday, m.title, m.held ? "已召开" : "", m.series, "series");
      if (m.past) { li.classList.add("past"); }
      return li;
    });
    if (!part.items.length) { empty(document.getElementById("list-meetings"), "本周没有安排会议"); }
  }

  function render(data) {
    renderProjects(data.projects);
    renderIssues(data.issues);
    renderMeetings(data.meetings);
    lastGood = data.generated_at.slice(11, 19);
    var updated = document.getElementById("wr-updated");
    updated.textContent = "数据更新于 " + lastGood;
    updated.classList.remove("stale");
    body.setAttribute("data-generated-at", data.generated_at);
    body.setAttribute("data-refreshes", String(parseInt(body.getAttribute("data-refreshes"), 10) + 1));
  }
  function linkDown(reason) {
    var updated = document.getElementById("wr-updated");
    updated.textContent = reason + (lastGood ? "，显示的是 " + lastGood + " 的数据" : "");
    updated.classList.add("stale");
  }
  function refresh() {
    fetch(source, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var json = (response.headers.get("content-type") || "").indexOf("application/json") === 0;
        if (response.redirected || !json) { throw new Error("登录已失效，请重新登录"); }
        if (!response.ok) { throw new Error("数据读取失败（" + response.status + "）"); }
        return response.json();
      })
      .then(render)
      .catch(function (error) { linkDown(error.message || "数据连接中断"); })
      .then(function () { window.setTimeout(refresh, every); });
  }

  var timeFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  var dateFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric", weekday: "long" });
  function tick() {
    var now = new Date();
    document.getElementById("wr-time").textContent = timeFormat.format(now);
    document.getElementById("wr-date").textContent = dateFormat.format(now);
  }
  tick();
  window.setInterval(tick, 1000);
  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (id) { charts[id].resize(); }); });
  if (typeof echarts === "undefined") { linkDown("图表组件未加载"); return; }
  refresh();
})();
