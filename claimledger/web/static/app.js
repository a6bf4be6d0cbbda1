/* claimledger's only script (served from /static, so the CSP can forbid inline script).
   1. Claim cards: hovering or focusing a highlighted claim shows its card; Escape hides it.
   2. Charts: inline SVG drawn from JSON embedded in the page (<script type="application/json">),
      which the browser never executes. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var PALETTE = ["#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#0e7490", "#a16207", "#be185d", "#4d7c0f", "#334155"];
  var STATUS_COLOURS = {asserted: "#1f4e99", confirmed: "#1b6b33", reported: "#5a3aa8", estimated: "#1c6b6b",
    alleged: "#8a4b00", speculated: "#6b5800", hypothetical: "#7a2e84", denied: "#a11b1b", uncertain: "#474747"};

  // -- 1. claim cards ------------------------------------------------------------------
  var openCard = null, openMark = null;

  function cardFor(mark) {
    var id = mark.getAttribute("data-claim");
    return id ? document.getElementById("card-" + id) : null;
  }

  function show(mark) {
    var card = cardFor(mark);
    if (!card) return;
    hide();
    card.hidden = false;
    var box = mark.getBoundingClientRect();
    var width = card.offsetWidth;
    var left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - width - 8));
    card.style.left = left + "px";
    card.style.top = (window.scrollY + box.bottom + 6) + "px";
    mark.classList.add("active");
    openCard = card;
    openMark = mark;
  }

  function hide() {
    if (openCard) openCard.hidden = true;
    if (openMark) openMark.classList.remove("active");
    openCard = openMark = null;
  }

  function markOf(node) {
    while (node && node.nodeType === 1) {
      if (node.tagName === "MARK" && node.hasAttribute("data-claim")) return node;
      node = node.parentNode;
    }
    return null;
  }

  function setUpCards() {
    document.addEventListener("mouseover", function (event) {
      var mark = markOf(event.target);
      if (mark && mark !== openMark) show(mark);
    });
    document.addEventListener("mouseout", function (event) {
      var mark = markOf(event.target);
      if (mark && !mark.contains(event.relatedTarget) && document.activeElement !== mark) hide();
    });
    document.addEventListener("focusin", function (event) {
      var mark = markOf(event.target);
      if (mark) show(mark); else hide();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    window.addEventListener("resize", hide);
  }

  // -- 2. charts -----------------------------------------------------------------------
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function dayNumber(iso) {
    var t = Date.parse(iso + "T00:00:00Z");
    return isNaN(t) ? null : t / 86400000;
  }

  function isoOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

  function fmt(v) { return Math.abs(v) >= 1000 ? v.toLocaleString("en") : String(Math.round(v * 100) / 100); }

  function niceMax(v) {
    if (v <= 0) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }

  function frame(host, label) {
    var W = 720, H = 320, M = {l: 64, r: 16, t: 16, b: 44};
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": label});
    host.appendChild(svg);
    return {svg: svg, W: W, H: H, M: M};
  }

  function axes(f, x0, x1, yMax, yLabel) {
    var g = el("g", {"class": "axis"}, f.svg);
    var plotW = f.W - f.M.l - f.M.r, plotH = f.H - f.M.t - f.M.b;
    for (var i = 0; i <= 4; i++) {
      var v = yMax * i / 4, y = f.M.t + plotH - plotH * i / 4;
      el("line", {x1: f.M.l, x2: f.W - f.M.r, y1: y, y2: y, "class": "grid"}, g);
      var t = el("text", {x: f.M.l - 6, y: y + 4, "text-anchor": "end"}, g);
      t.textContent = fmt(v);
    }
    el("line", {x1: f.M.l, x2: f.W - f.M.r, y1: f.M.t + plotH, y2: f.M.t + plotH}, g);
    var ticks = x1 > x0 ? Math.min(6, x1 - x0) : 0;
    for (var k = 0; k <= ticks; k++) {
      var day = ticks ? x0 + (x1 - x0) * k / ticks : x0;
      var tx = el("text", {x: xPos(f, x0, x1, day), y: f.H - f.M.b + 18, "text-anchor": "middle"}, g);
      tx.textContent = isoOf(Math.round(day));
    }
    if (yLabel) {
      var yl = el("text", {x: 12, y: f.M.t + plotH / 2, transform: "rotate(-90 12 " + (f.M.t + plotH / 2) + ")", "text-anchor": "middle"}, g);
      yl.textContent = yLabel;
    }
  }

  function xPos(f, x0, x1, day) {
    var plotW = f.W - f.M.l - f.M.r;
    if (x1 === x0) return f.M.l + plotW / 2;
    return f.M.l + 20 + (plotW - 40) * (day - x0) / (x1 - x0);
  }

  function yPos(f, yMax, v) {
    var plotH = f.H - f.M.t - f.M.b;
    return f.M.t + plotH - plotH * v / yMax;
  }

  function legend(host, entries) {
    var ul = document.createElement("ul");
    ul.className = "chart-legend";
    entries.forEach(function (entry) {
      var li = document.createElement("li");
      var key = document.createElement("span");
      key.className = "key";
      key.style.background = entry.colour;
      li.appendChild(key);
      li.appendChild(document.createTextNode(entry.label));
      ul.appendChild(li);
    });
    host.appendChild(ul);
  }

  function drawEstimates(host, rows) {
    var points = rows.filter(function (r) { return r.published && (r.low !== null || r.high !== null); });
    if (!points.length) { host.textContent = "No dated figures to draw."; return; }
    var units = {};
    points.forEach(function (r) { var u = (r.unit || "(no unit)").toLowerCase(); units[u] = (units[u] || 0) + 1; });
    var unit = Object.keys(units).sort(function (a, b) { return units[b] - units[a]; })[0];
    points = points.filter(function (r) { return (r.unit || "(no unit)").toLowerCase() === unit; });
    var days = points.map(function (r) { return dayNumber(r.published); });
    var x0 = Math.min.apply(null, days), x1 = Math.max.apply(null, days);
    var yMax = niceMax(Math.max.apply(null, points.map(function (r) { return Math.max(r.low || 0, r.high || 0); })) * 1.1);
    var f = frame(host, "Figures for " + unit + " over time, by source");
    f.svg.setAttribute("class", "estimates-chart");
    axes(f, x0, x1, yMax, unit);
    var sources = [];
    points.forEach(function (r) { if (sources.indexOf(r.source) < 0) sources.push(r.source); });
    var layer = el("g", {"class": "points"}, f.svg);
    points.forEach(function (r, i) {
      var colour = PALETTE[sources.indexOf(r.source) % PALETTE.length];
      // several figures on one day from one source sit side by side, not on top of each other
      var x = xPos(f, x0, x1, dayNumber(r.published)) + (sources.indexOf(r.source) - (sources.length - 1) / 2) * 8;
      var values = [r.low, r.high].filter(function (v) { return v !== null && v !== undefined; });
      var g = el("g", {"class": "estimate", tabindex: "0", "data-source": r.source}, layer);
      var title = el("title", {}, g);
      var denied = r.status === "denied";
      title.textContent = r.source + (denied ? " denies: " : ": ") + r.text + " (" + r.published + ", " + r.outlet + ")";
      if (values.length === 2 && values[0] !== values[1]) {
        el("line", {x1: x, x2: x, y1: yPos(f, yMax, values[0]), y2: yPos(f, yMax, values[1]), stroke: colour, "stroke-width": 3}, g);
      }
      values.forEach(function (v) {
        // a denied figure is drawn hollow: someone said it is wrong
        el("circle", {cx: x, cy: yPos(f, yMax, v), r: 6, fill: denied ? "#fff" : colour, stroke: denied ? colour : "#fff",
          "stroke-width": denied ? 2.5 : 1.5, "data-value": v, "data-date": r.published,
          "data-status": r.status || ""}, g);
      });
    });
    legend(host, sources.map(function (s, i) { return {label: s, colour: PALETTE[i % PALETTE.length]}; }));
    if (points.some(function (r) { return r.status === "denied"; })) {
      var note = document.createElement("p");
      note.className = "hint";
      note.textContent = "A hollow point is a figure its source denies.";
      host.appendChild(note);
    }
  }

  function drawStatusTime(host, rows) {
    var dated = rows.filter(function (r) { return dayNumber(r.date) !== null; });
    if (!dated.length) { host.textContent = "No dated claims."; return; }
    var days = dated.map(function (r) { return dayNumber(r.date); });
    var x0 = Math.min.apply(null, days), x1 = Math.max.apply(null, days);
    var totals = dated.map(function (r) { var n = 0; for (var s in r.statuses) n += r.statuses[s]; return n; });
    var yMax = Math.max(4, niceMax(Math.max.apply(null, totals)));  // whole claims on the axis
    var f = frame(host, "Claims per date by status");
    f.svg.setAttribute("class", "status-chart");
    axes(f, x0, x1, yMax, "claims");
    var used = [];
    dated.forEach(function (r) {
      var x = xPos(f, x0, x1, dayNumber(r.date)), base = 0;
      Object.keys(STATUS_COLOURS).forEach(function (status) {
        var n = r.statuses[status];
        if (!n) return;
        if (used.indexOf(status) < 0) used.push(status);
        var rect = el("rect", {x: x - 9, width: 18, y: yPos(f, yMax, base + n), height: yPos(f, yMax, base) - yPos(f, yMax, base + n),
          fill: STATUS_COLOURS[status]}, f.svg);
        el("title", {}, rect).textContent = r.date + ": " + n + " " + status;
        base += n;
      });
    });
    legend(host, used.map(function (s) { return {label: s, colour: STATUS_COLOURS[s]}; }));
  }

  function setUpCharts() {
    var hosts = document.querySelectorAll(".chart-host[data-chart]");
    Array.prototype.forEach.call(hosts, function (host) {
      var rows = readJSON(host.getAttribute("data-source")) || [];
      if (host.getAttribute("data-chart") === "estimates") drawEstimates(host, rows);
      else if (host.getAttribute("data-chart") === "status-time") drawStatusTime(host, rows);
    });
  }

  function start() { setUpCards(); setUpCharts(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
