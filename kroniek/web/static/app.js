/* kroniek explorer: live filters, the map, the timeline, and the incident page's evidence links.
 *
 * The server renders every page completely (it works without this script); this script makes the
 * filters update the list, map and timeline together without reloading, keeping the state in the URL.
 * Data from the server is only ever put into the page as text (textContent, DOM nodes), never as HTML;
 * the list is swapped in from the server's own escaped HTML. Third-party code (Leaflet, topojson-client,
 * uPlot) is served from /static/vendor/ and may be missing: then the map and timeline stay off.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  const rootStyle = getComputedStyle(document.documentElement);
  const HAS_MAP = typeof window.L !== "undefined" && typeof window.topojson !== "undefined";
  const HAS_CHART = typeof window.uPlot !== "undefined";
  const FILTERS = ["type", "country", "from", "to", "lang", "q", "place"];

  function colour(kind, name) {
    return rootStyle.getPropertyValue("--" + kind + "-" + name).trim() || "#888";
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // The texts this script writes, in the interface's language (the page carries them: kroniek/lang/*/interface.toml).
  const UI = document.documentElement.lang || "en";
  const TEXT = (() => {
    const node = document.getElementById("ui-text");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (err) {
      return {};
    }
  })();

  // The page always carries the texts (kroniek/web/templates/base.html); a missing one shows its key.
  function say(key, n) {
    const text = TEXT[key] || key;
    return n === undefined ? text : text.replace("{n}", n);
  }

  // "3 incidents", "1 dode": kind is "incident" or "fatality".
  function plural(n, kind) {
    const word = say(kind + (n === 1 ? "_one" : "_many"));
    return n.toLocaleString(UI) + " " + word;
  }

  // ------------------------------------------------------------------ the base map (no tiles)

  let world = null;
  function loadWorld() {
    world = world || fetch("/static/vendor/countries-50m.json")
      .then((r) => r.json())
      .then((topo) => window.topojson.feature(topo, topo.objects.countries));
    return world;
  }

  function baseMap(node, options) {
    const map = window.L.map(node, Object.assign({
      worldCopyJump: true, minZoom: 1, maxZoom: 11, zoomSnap: 0.5, preferCanvas: true,
    }, options || {}));
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Country shapes: Natural Earth");
    map.createPane("land").style.zIndex = 300;
    loadWorld().then((shapes) => {
      window.L.geoJSON(shapes, {
        pane: "land", interactive: false,
        style: { color: "#bdb8ad", weight: 0.6, fillColor: "#f7f6f2", fillOpacity: 1 },
      }).addTo(map);
    }).catch(() => { /* the points still show on the plain sea colour */ });
    return map;
  }

  // Circle area grows with fatalities, scaled to the largest on the map so that a view of one town and
  // a view of the world both stay readable.
  function radius(fatalities, largest) {
    const top = Math.max(largest || 0, 25);
    return 5 + 19 * Math.sqrt(Math.max(fatalities || 0, 0) / top);
  }

  // The interface-language links keep the view the address bar shows now (the filters change it in place).
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".ui-lang a");
    if (!link) return;
    const params = new URLSearchParams(location.search);
    params.set("ui", link.getAttribute("hreflang"));
    link.href = location.pathname + "?" + params.toString();
  });

  // ------------------------------------------------------------------ the explorer

  const form = document.getElementById("filters");
  if (form) explorer();

  function explorer() {
    const typeNames = {};
    form.querySelectorAll(".chip.type input").forEach((input) => {
      typeNames[input.value] = input.parentNode.textContent.trim();
    });
    let map = null;
    let points = null;
    let charts = [];
    let sequence = 0;
    let lastArea = null;

    const mapNode = document.getElementById("map");
    if (HAS_MAP && mapNode) {
      map = baseMap(mapNode).setView([25, 10], 2);
      points = window.L.layerGroup().addTo(map);
    }

    function paramsOfForm() {
      const params = new URLSearchParams();
      for (const [name, value] of new FormData(form)) {
        if (String(value).trim() !== "" && !(name === "sort" && value === "newest")) params.append(name, value);
      }
      return params;
    }

    function filtersOnly(params) {
      const out = new URLSearchParams();
      for (const [name, value] of params) if (FILTERS.includes(name)) out.append(name, value);
      return out;
    }

    function syncControls(params) {
      form.elements.q.value = params.get("q") || "";
      form.elements.country.value = params.get("country") || "";
      form.elements.lang.value = params.get("lang") || "";
      form.elements.from.value = params.get("from") || "";
      form.elements.to.value = params.get("to") || "";
      form.elements.sort.value = params.get("sort") || "newest";
      const types = params.getAll("type").flatMap((v) => v.split(","));
      form.querySelectorAll(".chip.type input").forEach((input) => { input.checked = types.includes(input.value); });
    }

    async function refresh(params, push) {
      const query = params.toString();
      const url = "/incidents" + (query ? "?" + query : "");
      if (push) history.pushState(null, "", url);
      const token = ++sequence;
      document.body.classList.add("loading");
      const filterQuery = filtersOnly(params).toString();
      const area = params.getAll("country").join(",") + "|" + (params.get("place") || "");
      try {
        const [page, geo, series] = await Promise.all([
          fetch(url).then((r) => r.text().then((text) => ({ ok: r.ok, text }))),
          map ? fetch("/map.json?" + filterQuery).then((r) => (r.ok ? r.json() : null)) : null,
          HAS_CHART ? fetch("/timeline.json?" + filterQuery).then((r) => (r.ok ? r.json() : null)) : null,
        ]);
        if (token !== sequence) return; // a newer change is on its way
        swapPage(page);
        if (geo) drawPoints(geo, area !== lastArea);
        if (series) drawTimeline(series);
        lastArea = area;
      } catch (err) {
        showError("Could not load results: " + err);
      } finally {
        if (token === sequence) document.body.classList.remove("loading");
      }
    }

    function swapPage(page) {
      const doc = new DOMParser().parseFromString(page.text, "text/html");
      if (!page.ok) {
        const message = doc.querySelector(".error-message");
        showError(message ? message.textContent : "The server refused these filters.");
        return;
      }
      for (const id of ["results", "active-filters", "json-link", "downloads"]) {
        const fresh = doc.getElementById(id);
        const old = document.getElementById(id);
        if (fresh && old) old.replaceWith(document.adoptNode(fresh));
      }
      document.title = doc.title;
    }

    function showError(message) {
      const results = document.getElementById("results");
      results.textContent = "";
      results.append(el("p", "empty error-message", message));
    }

    function drawPoints(geo, fit) {
      points.clearLayers();
      const bounds = [];
      // Largest first, so the small circles drawn last stay on top and clickable.
      const features = geo.features.slice().sort((a, b) => b.properties.fatalities - a.properties.fatalities);
      const largest = features.length ? features[0].properties.fatalities : 0;
      for (const feature of features) {
        const p = feature.properties;
        const [lon, lat] = feature.geometry.coordinates;
        const fill = colour("c", p.event_type);
        const marker = window.L.circleMarker([lat, lon], {
          radius: radius(p.fatalities, largest), color: "#ffffff", weight: 1, fillColor: fill,
          fillOpacity: features.length > 300 ? 0.55 : 0.8,
        });
        marker.bindTooltip(el("span", null, (p.name || "?") + ": " + plural(p.incidents, "incident")));
        marker.bindPopup(() => popup(p));
        points.addLayer(marker);
        bounds.push([lat, lon]);
      }
      const notes = [];
      if (largest) notes.push(say("largest_circle", plural(largest, "fatality")));
      if (geo.unmapped) notes.push(say("unmapped", plural(geo.unmapped, "incident")));
      if (geo.truncated) notes.push(say("truncated"));
      document.getElementById("map-note").textContent = notes.join(" · ");
      mapNode.dataset.points = String(features.length); // what is drawn, for tests and curious readers
      if (fit && bounds.length) map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7 });
    }

    function popup(p) {
      const box = el("div", "popup");
      box.append(el("h3", null, p.name || say("unknown_place")));
      box.append(el("p", null, typeNames[p.event_type] || p.event_type));
      box.append(el("p", null, plural(p.incidents, "incident") + " · " + plural(p.fatalities, "fatality") + " · " + say("latest") + " " + p.latest));
      const actions = el("div", "actions");
      if (p.incident) {
        const open = el("a", null, say("open_incident"));
        open.href = "/incidents/" + encodeURIComponent(p.incident);
        actions.append(open);
      }
      const only = el("a", null, say("list_here"));
      only.href = "#";
      only.addEventListener("click", (event) => {
        event.preventDefault();
        const params = paramsOfForm();
        params.set("place", p.place);
        refresh(params, true);
      });
      actions.append(only);
      box.append(actions);
      return box;
    }

    // Two stacked bar charts over the same buckets: incidents per type, and fatalities per type.
    function drawTimeline(data) {
      for (const c of charts) c.destroy();
      charts = [];
      const events = drawChart("timeline", "timeline-note", data, data.series, "incidents");
      if (events) charts.push(events);
      const deaths = drawChart("fatality-chart", "fatality-note", data, data.fatality_series || {}, "fatalities");
      if (deaths) charts.push(deaths);
    }

    function drawChart(nodeId, noteId, data, values, kind) {
      const node = document.getElementById(nodeId);
      if (!node) return null;
      node.textContent = "";
      const note = document.getElementById(noteId);
      if (!data.buckets.length) {
        node.dataset.buckets = "0";
        node.append(el("p", "placeholder", "–"));
        return null;
      }
      node.dataset.buckets = String(data.buckets.length);
      node.dataset.total = String(Object.values(values).flat().reduce((a, b) => a + b, 0));
      const xs = data.buckets.map((day) => Date.parse(day + "T00:00:00Z") / 1000);
      const types = Object.keys(values);
      // Stacked bars: each type drawn as the running total up to it, tallest first, so each shows its band.
      const totals = [];
      let running = xs.map(() => 0);
      for (const type of types) {
        running = running.map((v, i) => v + values[type][i]);
        totals.push(running);
      }
      const series = [{ label: data.bucket }];
      const rows = [xs];
      const bars = window.uPlot.paths.bars({ size: [0.86, 36] });
      for (let k = types.length - 1; k >= 0; k--) {
        const type = types[k];
        series.push({
          label: typeNames[type] || type, fill: colour("c", type), stroke: colour("c", type), width: 0,
          paths: bars, points: { show: false },
          value: (u, v, s, i) => (i === null || i === undefined ? "–" : String(values[type][i])),
        });
        rows.push(totals[k]);
      }
      const height = Math.max(90, node.clientHeight - 4);
      const step = xs.length > 1 ? xs[1] - xs[0] : 86400;
      const hint = note ? note.dataset.hint || note.textContent : "";
      if (note) note.dataset.hint = hint;
      return new window.uPlot({
        width: node.clientWidth, height, series,
        tzDate: (ts) => window.uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        scales: {
          // Half a bucket of room at each end, so the first and last bars are drawn whole.
          x: { time: true, range: (u, min, max) => [min - step / 2, max + step / 2] },
          y: { range: (u, min, max) => [0, Math.max(1, max)] },
        },
        axes: [{ stroke: "#66707c", grid: { show: false } }, {
          stroke: "#66707c", size: 52, grid: { stroke: "#eef0f2" },
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000],
        }],
        cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
        legend: { show: false }, // the type chips above are the legend; the note line reads out a bar
        hooks: {
          setSelect: [(u) => pickDates(u, data, xs)],
          setCursor: [(u) => readOut(u.cursor.idx, data, note, values, (note && note.dataset.kind) || kind, hint)],
        },
      }, rows, node);
    }

    function readOut(index, data, note, values, kind, hint) {
      if (!note) return;
      if (index === null || index === undefined) {
        note.textContent = hint;
        return;
      }
      const parts = Object.keys(values)
        .filter((type) => values[type][index])
        .map((type) => (typeNames[type] || type) + " " + values[type][index]);
      const total = Object.values(values).reduce((sum, v) => sum + v[index], 0);
      const label = data.bucket === "week" ? data.buckets[index] + " +7" : data.buckets[index].slice(0, data.bucket === "month" ? 7 : 10);
      note.textContent = label + ": " + total + " " + kind + (parts.length ? " (" + parts.join(", ") + ")" : "");
    }

    function pickDates(u, data, xs) {
      if (u.select.width < 4) return;
      const a = u.posToVal(u.select.left, "x");
      const b = u.posToVal(u.select.left + u.select.width, "x");
      const first = Math.max(0, xs.findLastIndex((x) => x <= a));
      const last = Math.max(first, xs.findLastIndex((x) => x <= b));
      form.elements.from.value = data.buckets[first];
      form.elements.to.value = bucketEnd(data.buckets[last], data.bucket);
      u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
      refresh(paramsOfForm(), true);
    }

    function bucketEnd(start, bucket) {
      const day = new Date(start + "T00:00:00Z");
      if (bucket === "week") day.setUTCDate(day.getUTCDate() + 6);
      if (bucket === "month") { day.setUTCMonth(day.getUTCMonth() + 1); day.setUTCDate(0); }
      return day.toISOString().slice(0, 10);
    }

    // Every control change refreshes at once; typing waits for a pause.
    let typing = null;
    form.addEventListener("input", (event) => {
      if (event.target.name !== "q") return;
      clearTimeout(typing);
      typing = setTimeout(() => refresh(paramsOfForm(), true), 350);
    });
    form.addEventListener("change", (event) => {
      if (event.target.name === "q") return;
      refresh(paramsOfForm(), true);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(typing);
      refresh(paramsOfForm(), true);
    });
    // Links that change the view (pager, filter chips' x) load in place.
    document.addEventListener("click", (event) => {
      const link = event.target.closest(".pager a.prev, .pager a.next, .active-filters a.remove");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      const params = new URL(link.href, location.href).searchParams;
      syncControls(params);
      refresh(params, true);
    });
    window.addEventListener("popstate", () => {
      const params = new URLSearchParams(location.search);
      syncControls(params);
      refresh(params, false);
    });
    let resizing = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => {
        const node = document.getElementById("timeline");
        for (const c of charts) c.setSize({ width: node.clientWidth, height: Math.max(90, node.clientHeight - 4) });
      }, 150);
    });

    // The first paint came from the server; draw the map and the timeline for the same filters.
    const initial = new URLSearchParams(location.search);
    lastArea = null;
    if (map || HAS_CHART) {
      const filterQuery = filtersOnly(initial).toString();
      Promise.all([
        map ? fetch("/map.json?" + filterQuery).then((r) => (r.ok ? r.json() : null)) : null,
        HAS_CHART ? fetch("/timeline.json?" + filterQuery).then((r) => (r.ok ? r.json() : null)) : null,
      ]).then(([geo, series]) => {
        if (geo) drawPoints(geo, true);
        if (series) drawTimeline(series);
        lastArea = initial.getAll("country").join(",") + "|" + (initial.get("place") || "");
        document.body.dataset.ready = "1";
      });
    } else {
      document.body.dataset.ready = "1";
    }
  }

  // ------------------------------------------------------------------ the incident page

  const sources = document.getElementById("sources");
  if (sources) incidentPage();

  function incidentPage() {
    const table = document.getElementById("fields");
    function focus(field) {
      sources.classList.toggle("focus", Boolean(field));
      sources.querySelectorAll("mark.focused").forEach((m) => m.classList.remove("focused"));
      table.querySelectorAll("tr.on").forEach((r) => r.classList.remove("on"));
      if (!field) return;
      sources.querySelectorAll("mark.f-" + field).forEach((m) => m.classList.add("focused"));
      const row = table.querySelector('tr[data-field="' + field + '"]');
      if (row) row.classList.add("on");
    }
    table.querySelectorAll("tr.field").forEach((row) => {
      row.addEventListener("mouseenter", () => focus(row.dataset.field));
      row.addEventListener("mouseleave", () => focus(null));
    });
    // A field's words in the table jump to them in the article, which flashes them.
    table.addEventListener("click", (event) => {
      const link = event.target.closest("a.word");
      if (!link) return;
      event.preventDefault();
      const tag = document.getElementById(link.hash.slice(1));
      if (!tag) return;
      tag.scrollIntoView({ behavior: "smooth", block: "center" });
      let mark = tag.nextElementSibling;
      while (mark && mark.tagName === "MARK" && mark.classList.contains("f-" + link.dataset.field)) {
        mark.classList.remove("flash");
        void mark.offsetWidth; // restart the animation
        mark.classList.add("flash");
        mark = mark.nextElementSibling;
      }
      history.replaceState(null, "", link.hash);
    });
    // Back to the explorer view the reader came from, filters included.
    const back = document.getElementById("back");
    if (back && document.referrer) {
      const ref = new URL(document.referrer);
      if (ref.origin === location.origin && ref.pathname === "/incidents") back.href = ref.pathname + ref.search;
    }
    const mini = document.getElementById("minimap");
    if (HAS_MAP && mini && mini.dataset.lat) {
      const at = [Number(mini.dataset.lat), Number(mini.dataset.lon)];
      const map = baseMap(mini, { zoomControl: true, scrollWheelZoom: false }).setView(at, 5);
      window.L.circleMarker(at, {
        radius: 9, color: "#fff", weight: 1.5,
        fillColor: colour("c", mini.dataset.type), fillOpacity: 0.85,
      }).addTo(map);
    }
    document.body.dataset.ready = "1";
  }
})();
