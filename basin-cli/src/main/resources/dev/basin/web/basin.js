// Draws every .chart of the page with uPlot from its embedded JSON; on a live page, refreshes them every second.
(function () {
  "use strict";
  var COLORS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#e16f24", "#6e7781", "#d63384", "#116329"];
  var plots = {};

  function count(chart) {
    var n = 0;
    chart.series.forEach(function (s) { s.y.forEach(function (v) { if (v !== null) n++; }); });
    return n;
  }

  // One table per series (x, y[, lo, hi]) joined on x; bands between lo and hi.
  function build(chart) {
    var tables = [], opts = [{}], bands = [], idx = 1;
    chart.series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      var t = [s.x, s.y];
      opts.push({label: s.label, stroke: color, width: 1.5, spanGaps: true, points: {show: s.x.length < 60}});
      var main = idx++;
      if (s.lo && s.hi) {
        t.push(s.lo, s.hi);
        opts.push({label: s.label + " 95% lo", stroke: color, width: 0.5, dash: [3, 3], spanGaps: true, points: {show: false}, band: true});
        opts.push({label: s.label + " 95% hi", stroke: color, width: 0.5, dash: [3, 3], spanGaps: true, points: {show: false}, band: true});
        bands.push({series: [idx + 1, idx], fill: color + "22"});
        idx += 2;
      }
      tables.push(t);
    });
    if (chart.hline !== null && chart.hline !== undefined) {
      var xs = [];
      chart.series.forEach(function (s) { xs = xs.concat(s.x); });
      var lo = Math.min.apply(null, xs), hi = Math.max.apply(null, xs);
      tables.push([[lo, hi], [chart.hline, chart.hline]]);
      opts.push({label: chart.hlineLabel, stroke: "#1f2328", dash: [6, 4], width: 1, points: {show: false}});
    }
    var data = tables.length ? uPlot.join(tables) : [[]];
    return {data: data, series: opts, bands: bands};
  }

  function draw(el, chart) {
    var b = build(chart);
    if (plots[el.id]) { plots[el.id].destroy(); }
    var width = Math.min(640, Math.max(360, (el.parentNode.clientWidth || 700) / 2 - 40));
    plots[el.id] = new uPlot({
      width: width, height: 260, series: b.series, bands: b.bands,
      scales: {x: {time: false}, y: chart.logY ? {distr: 3} : {}},
      axes: [{label: chart.x}, {label: chart.y}],
      legend: {live: true}
    }, b.data, el);
    // The band limits stay out of the legend (the band is drawn; its numbers show on hover in the line's colour).
    var rows = plots[el.id].root.querySelectorAll(".u-legend .u-series");
    b.series.forEach(function (s, i) { if (s.band && rows[i]) { rows[i].style.display = "none"; } });
    el.setAttribute("data-points", String(count(chart)));
    el.setAttribute("data-series", String(chart.series.length));
    el.setAttribute("data-draws", String(Number(el.getAttribute("data-draws") || 0) + 1));
  }

  function init() {
    document.querySelectorAll(".chart").forEach(function (el) {
      var s = el.querySelector("script.chart-data");
      if (s) { draw(el, JSON.parse(s.textContent)); }
    });
    document.body.setAttribute("data-charts-drawn", String(document.querySelectorAll(".chart").length));
    // Heatmaps are SVG in the page; record how many of their cells the browser laid out.
    document.querySelectorAll(".heatmap").forEach(function (el) {
      var n = 0;
      el.querySelectorAll("rect.cell, rect.missing").forEach(function (r) { var b = r.getBBox(); if (b.width > 0 && b.height > 0) n++; });
      el.setAttribute("data-cells-drawn", String(n));
    });
    if (document.body.getAttribute("data-live") === "true") { setInterval(refresh, 1000); }
  }

  function refresh() {
    document.querySelectorAll(".chart").forEach(function (el) {
      var run = el.getAttribute("data-run-path") || el.getAttribute("data-run");
      var id = el.getAttribute("data-chart");
      fetch("/api/chart?run=" + encodeURIComponent(run) + "&chart=" + encodeURIComponent(id), {cache: "no-store"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (c) { if (c && count(c) !== Number(el.getAttribute("data-points"))) { draw(el, c); } })
        .catch(function () {});
    });
    document.querySelectorAll("[data-run-progress]").forEach(function (st) {
      fetch("/api/status?run=" + encodeURIComponent(st.getAttribute("data-run-progress")), {cache: "no-store"})
        .then(function (r) { return r.json(); }).then(function (j) {
          st.textContent = j.status + (j.total > 0 ? " · progress " + j.done + " / " + j.total : "");
          st.setAttribute("data-done", String(j.done));
        }).catch(function () {});
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
