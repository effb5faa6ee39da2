/* Operations cockpit: live map, tiles and ranking without reloading the page.
 *
 * Updates come from the Server-Sent Events stream (/ops/events); when the
 * browser has no EventSource, or the stream keeps failing before it opens,
 * the page polls /ops/feed.json instead. Each update carries a change
 * marker; when it moves, only the cases changed since the previous marker
 * are fetched (/ops/cases.geojson?since=…) and the map is patched. New open
 * cases are announced politely (aria-live) and listed; the lists of overdue
 * cases and open sensor alerts are replaced with each update.
 * Every word shown comes from the server (#ops-config), in the page's language.
 */
(function () {
  "use strict";

  var cfg = JSON.parse(document.getElementById("ops-config").textContent);
  var S = cfg.strings;
  var SIZES = { urgent: 26, high: 22, normal: 18, low: 15 };
  var MAX_NEW = 10;
  var WALL_RELOAD_MINUTES = 30;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // --- map -----------------------------------------------------------------
  var mapNode = document.getElementById("ops-map");
  var map = null;
  var layers = {};
  var markers = {};

  function clusterIcon(cluster) {
    var children = cluster.getAllChildMarkers();
    var late = children.filter(function (m) { return m.options.overdue; }).length;
    var label = format(S.cluster, { count: children.length, overdue: late });
    var span = el("span", { title: label, "aria-label": label }, children.length);
    return L.divIcon({
      html: span.outerHTML,
      className: "ops-cluster" + (late ? " ops-cluster--overdue" : ""),
      iconSize: [40, 40],
    });
  }

  function layerFor(code) {
    if (!layers[code]) {
      layers[code] = L.markerClusterGroup({ iconCreateFunction: clusterIcon, maxClusterRadius: 50 });
      layers[code].addTo(map);
    }
    return layers[code];
  }

  function markerIcon(p) {
    var size = SIZES[p.priority] || SIZES.normal;
    return L.divIcon({
      className: "ops-marker ops-marker--" + p.priority + (p.overdue ? " ops-marker--overdue" : ""),
      html: '<span class="ops-shape"></span>',
      iconSize: [size, size],
    });
  }

  function markerTitle(p) {
    var parts = [p.ref, p.category, p.priority_label, p.status_label];
    if (p.overdue) { parts.push(S.overdue); }
    return parts.join(" · ");
  }

  function popup(p) {
    var box = el("div", { "class": "ops-popup" });
    box.appendChild(el("h3", {}, p.category));
    box.appendChild(el("p", {}, [p.priority_label, p.status_label].join(" · ") + (p.overdue ? " · " + S.overdue : "")));
    if (p.area) { box.appendChild(el("p", {}, p.area)); }
    box.appendChild(el("p", {}, new Date(p.reported).toLocaleString(document.documentElement.lang)));
    var link = el("a", { href: p.url }, format(S.openCase, { ref: p.ref }));
    box.appendChild(el("p")).appendChild(link);
    return box;
  }

  function remove(ref) {
    var known = markers[ref];
    if (known) {
      known.layer.removeLayer(known.marker);
      delete markers[ref];
    }
  }

  function upsert(feature) {
    var p = feature.properties;
    remove(p.ref);
    if (!p.open || !feature.geometry) { return; }
    var c = feature.geometry.coordinates;
    var marker = L.marker([c[1], c[0]], {
      icon: markerIcon(p), title: markerTitle(p), keyboard: true, overdue: p.overdue,
    }).bindPopup(popup(p));
    var layer = layerFor(p.layer || "other");
    layer.addLayer(marker);
    markers[p.ref] = { marker: marker, layer: layer };
  }

  function setUpMap() {
    if (!mapNode || !window.L || !window.CityLoopMap) { return; }
    map = CityLoopMap.create(mapNode);
    // Clustering needs a maximum zoom; without tiles (offline) none is set.
    if (!isFinite(map.getMaxZoom())) { map.setMaxZoom(19); }
    cfg.groups.forEach(function (g) { layerFor(g.code); });
    layerFor(cfg.sensorLayer);
    setUpLayerBoxes();
    fetch(cfg.urls.cases, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { data.features.forEach(upsert); } })
      .catch(function () { /* the next update retries through ?since */ });
  }

  // The layers are switched by checkboxes under the map, not by Leaflet's
  // layer control: expanded, that control covered a third of the map.
  function setUpLayerBoxes() {
    var box = document.getElementById("ops-layers");
    if (!box) { return; }
    box.hidden = false;
    box.addEventListener("change", function (event) {
      var input = event.target;
      var layer = input && input.dataset ? layers[input.dataset.layer] : null;
      if (!layer) { return; }
      if (input.checked) { layer.addTo(map); } else { map.removeLayer(layer); }
    });
  }

  // --- announcements ---------------------------------------------------------
  var announcer = document.getElementById("ops-announcer");
  var newList = document.getElementById("ops-new-cases");

  function announce(p) {
    var text = format(S.newCase, { ref: p.ref, category: p.category, area: p.area });
    var empty = document.getElementById("ops-new-empty");
    if (empty) { empty.remove(); }
    var item = el("li", { "class": "ops-new__item", "data-ref": p.ref });
    item.appendChild(el("a", { href: p.url }, p.ref));
    item.appendChild(document.createTextNode(" " + format(S.newCaseItem, p)));
    newList.insertBefore(item, newList.firstChild);
    while (newList.children.length > MAX_NEW) { newList.removeChild(newList.lastChild); }
    announcer.textContent = text;
  }

  function applyChanges(data) {
    data.features.forEach(function (feature) {
      var p = feature.properties;
      var fresh = p["new"] && p.open && !markers[p.ref];
      if (map) { upsert(feature); }
      if (fresh) { announce(p); }
    });
  }

  function fetchChanges(since, after) {
    var url = cfg.urls.cases + "?after=" + encodeURIComponent(after) +
      (since ? "&since=" + encodeURIComponent(since) : "");
    return fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { applyChanges(data); } });
  }

  // --- figures -----------------------------------------------------------------
  function setText(node, text) {
    if (node && node.textContent !== text) {
      node.textContent = text;
      var tile = node.closest(".ops-tile");
      if (tile) {
        tile.classList.remove("ops-tile--changed");
        void tile.offsetWidth; // restart the highlight
        tile.classList.add("ops-tile--changed");
      }
    }
  }

  function renderTiles(tiles) {
    Object.keys(tiles).forEach(function (key) {
      setText(document.querySelector('[data-kpi="' + key + '"]'), tiles[key].display);
      var note = document.querySelector('[data-kpi-note="' + key + '"]');
      if (note && note.textContent !== tiles[key].note) { note.textContent = tiles[key].note; }
    });
  }

  function renderGroups(groups) {
    var body = document.querySelector("#ops-groups tbody");
    if (!body) { return; }
    var rows = document.createDocumentFragment();
    groups.forEach(function (g) {
      var tr = el("tr", { "data-group": g.code });
      var th = tr.appendChild(el("th", { scope: "row" }));
      th.appendChild(el("a", { href: cfg.queueUrl + "?group=" + encodeURIComponent(g.code) }, g.name));
      tr.appendChild(el("td", { "class": "num" }, g.open));
      tr.appendChild(el("td", { "class": "num" }, g.overdue));
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
  }

  function renderList(id, items, empty, fill) {
    var list = document.getElementById(id);
    if (!list || !items) { return; }
    var rows = document.createDocumentFragment();
    items.forEach(function (item) { rows.appendChild(fill(item)); });
    if (!items.length) { rows.appendChild(el("li", { "class": "ops-list__empty" }, empty)); }
    list.replaceChildren(rows);
  }

  function overdueItem(item) {
    var li = el("li", { "class": "ops-list__item ops-list__item--" + item.priority });
    li.appendChild(el("a", { href: item.url }, item.ref));
    li.appendChild(document.createTextNode(" " + item.category + (item.area ? ", " + item.area : "") + " "));
    li.appendChild(el("strong", { "class": "ops-list__late" }, item.late));
    return li;
  }

  function alertItem(a) {
    var li = el("li", { "class": "ops-list__item ops-alert ops-alert--" + a.level });
    li.appendChild(el("span", { "class": "ops-alert__level" }, a.level_label));
    var words = [a.station];
    if (a.peak) { words.push(a.peak); }
    words.push(a.since);
    li.appendChild(document.createTextNode(" " + words.join(" · ") + " · "));
    if (a.url) { li.appendChild(el("a", { href: a.url }, a.ref)); }
    else { li.appendChild(el("span", { "class": "ops-alert__nocase" }, S.noCase)); }
    return li;
  }

  var RANK_COLUMNS = ["received", "resolution_rate", "on_time_rate", "mean_rating",
                      "reopen_rate", "median_hours", "score"];

  function renderRanking(ranking) {
    var body = document.getElementById("ops-ranking-rows");
    if (!body || !ranking.length) { return; }
    var rows = document.createDocumentFragment();
    ranking.forEach(function (r) {
      var tr = el("tr", { "data-department": r.department });
      tr.appendChild(el("td", { "class": "num" }, r.display.rank));
      tr.appendChild(el("th", { scope: "row" }, r.name));
      RANK_COLUMNS.forEach(function (c) { tr.appendChild(el("td", { "class": "num" }, r.display[c])); });
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
  }

  var lastChanged = cfg.changed;
  var lastLatest = cfg.latest;

  function applyFeed(payload) {
    renderTiles(payload.tiles);
    renderGroups(payload.groups);
    renderList("ops-overdue", payload.overdue, S.noOverdue, overdueItem);
    renderList("ops-alerts", payload.alerts, S.noAlerts, alertItem);
    renderRanking(payload.ranking);
    var time = document.getElementById("ops-updated");
    time.setAttribute("datetime", payload.at);
    time.textContent = payload.at_display;
    if (payload.changed !== lastChanged || payload.latest !== lastLatest) {
      var since = lastChanged;
      var after = lastLatest;
      lastChanged = payload.changed;
      lastLatest = payload.latest;
      fetchChanges(since, after).catch(function () {
        // Ask again for the same span with the next update.
        lastChanged = since;
        lastLatest = after;
      });
    }
  }

  // --- transport -------------------------------------------------------------
  var connection = document.getElementById("ops-connection");

  function showState(text, state) {
    connection.textContent = text;
    connection.className = "ops__connection ops__connection--" + state;
  }

  function poll() {
    showState(format(S.polling, { seconds: cfg.pollSeconds }), "polling");
    function tick() {
      fetch(cfg.urls.feed, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (payload) { if (payload) { applyFeed(payload); } })
        .catch(function () { showState(S.reconnecting, "lost"); });
    }
    window.setInterval(tick, cfg.pollSeconds * 1000);
  }

  function listen() {
    if (!window.EventSource) { poll(); return; }
    var source = new EventSource(cfg.urls.events);
    var opened = false;
    var failures = 0;
    source.onopen = function () { opened = true; failures = 0; showState(S.live, "live"); };
    source.onmessage = function (event) {
      try { applyFeed(JSON.parse(event.data)); } catch (e) { /* a bad message is skipped */ }
    };
    source.onerror = function () {
      // The server ends each stream after a while and the browser reconnects
      // by itself; only a stream that never opens again means trouble.
      if (opened) { opened = false; return; }
      failures += 1;
      showState(S.reconnecting, "lost");
      if (failures >= 3) { source.close(); poll(); }
    };
  }

  // --- wall display (?wall=1) ----------------------------------------------------
  function setUpWall() {
    var root = document.getElementById("ops");
    if (!root || root.dataset.wall !== "1") { return; }
    var button = document.getElementById("ops-fullscreen");
    if (button && document.documentElement.requestFullscreen) {
      button.hidden = false;
      button.addEventListener("click", function () {
        document.documentElement.requestFullscreen().catch(function () { /* refused: stays windowed */ });
      });
    }
    // The live feed keeps the figures current; a full reload now and then
    // also picks up a new release or catalogue on a screen nobody touches.
    window.setTimeout(function () { location.reload(); }, WALL_RELOAD_MINUTES * 60 * 1000);
  }

  setUpWall();
  try {
    setUpMap();
  } catch (e) {
    // Without a map the figures and the list of new cases still update.
    map = null;
  }
  listen();
})();
