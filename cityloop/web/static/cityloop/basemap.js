/* The city's own base map, drawn in the browser from CityLoop's /basemap/ tiles.
 *
 * CityLoopBasemap.add(map, config) draws water, parks, roads and landmarks
 * with Leaflet's canvas renderer (a few canvases, not thousands of SVG
 * nodes, so a phone stays smooth with every road drawn) and places the
 * labels itself: only for what is in view, the most important first, none
 * overlapping another, in the page's language (the tiles carry the names
 * in the language asked for). config: { url: ".../{z}/{x}/{y}.geojson",
 * bands: [10, 12, 14], lang: "en" }. Tiles are GeoJSON clipped per tile;
 * pieces of one road share the feature id and are labelled once.
 *
 * Loaded by map.js (every page's map) and by the admin's area widget.
 */
(function () {
  "use strict";

  var BACKGROUND = "#f2efe9";
  var WATER = "#aad3df";
  var PARK = "#c8facc";
  var ROADS = {
    primary: { fill: "#fcd6a4", casing: "#c48a3c", width: 3.2, rank: 1 },
    secondary: { fill: "#f7fabf", casing: "#a8a763", width: 2.4, rank: 2 },
    tertiary: { fill: "#ffffff", casing: "#b9b2a6", width: 1.9, rank: 3 },
    residential: { fill: "#ffffff", casing: "#c7c0b4", width: 1.3, rank: 4 },
  };
  var LANDMARKS = {
    school: "#8a5a00", hospital: "#c0392b", station: "#1f5fa8", market: "#7d3c98",
    government: "#34495e", police: "#2c3e8f", library: "#6b4f2c", park: "#2e7d32",
  };
  var LANDMARK_ZOOM = 15; // dots from here
  var LANDMARK_LABEL_ZOOM = 16; // and their names from here
  var MAX_LABELS = 80;
  var CJK = /[\u3400-\u9fff]/;
  var SAME_NAME_GAP = 280; // px between two labels of one name (a long river)
  var FONT = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', " +
    "'Microsoft YaHei', sans-serif";

  // Stroke widths grow with the zoom, as a road's real width does on screen.
  function roadWidth(cls, zoom) {
    var road = ROADS[cls] || ROADS.residential;
    return road.width * Math.pow(1.38, Math.max(0, Math.min(zoom, 18) - 12));
  }

  function roadsShown(zoom) {
    if (zoom >= 15) { return 4; }
    if (zoom >= 13) { return 3; }
    return zoom >= 11 ? 2 : 1;
  }

  // Fewer names than roads when zoomed out: the city view names its avenues.
  function labelledRoads(zoom) {
    if (zoom >= 15) { return 4; }
    if (zoom >= 14) { return 3; }
    return zoom >= 13 ? 2 : 1;
  }

  function pane(map, name, zIndex) {
    var node = map.getPane(name) || map.createPane(name);
    node.style.zIndex = String(zIndex);
    node.style.pointerEvents = "none";
    return node;
  }

  function bandFor(bands, zoom) {
    var chosen = bands[0];
    bands.forEach(function (b) { if (b <= zoom) { chosen = b; } });
    return chosen;
  }

  var measure = null;
  function textWidth(text, size, weight) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = weight + " " + size + "px " + FONT;
    return measure.measureText(text).width;
  }

  function add(map, config) {
    var container = map.getContainer();
    container.classList.add("map--basemap");
    container.style.background = BACKGROUND;
    pane(map, "clBasemapGround", 150);
    pane(map, "clBasemapCasing", 160);
    pane(map, "clBasemapRoads", 170);
    pane(map, "clBasemapPoi", 180);
    var labelPane = pane(map, "clBasemapLabels", 450); // above the areas, below markers
    labelPane.setAttribute("aria-hidden", "true"); // names repeat what the map shows
    labelPane.style.font = "12px " + FONT;
    labelPane.style.textShadow = "0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff";
    var renderers = {
      ground: L.canvas({ pane: "clBasemapGround", padding: 0.3 }),
      casing: L.canvas({ pane: "clBasemapCasing", padding: 0.3 }),
      roads: L.canvas({ pane: "clBasemapRoads", padding: 0.3 }),
      poi: L.canvas({ pane: "clBasemapPoi", padding: 0.3 }),
    };
    var bands = {};
    var current = null;
    var loaded = 0;
    var failures = 0;
    var labelTimer = null;

    function style(which) {
      return function (feature) {
        var p = feature.properties;
        var zoom = map.getZoom();
        if (p.layer === "water") {
          var line = /LineString/.test(feature.geometry.type);
          return { stroke: line, color: WATER, weight: line ? 3 : 0, fill: !line,
                   fillColor: WATER, fillOpacity: 1, interactive: false };
        }
        if (p.layer === "park") {
          return { stroke: false, fillColor: PARK, fillOpacity: 1, interactive: false };
        }
        var road = ROADS[p.class] || ROADS.residential;
        var hidden = road.rank > roadsShown(zoom);
        var width = roadWidth(p.class, zoom);
        return {
          color: which === "casing" ? road.casing : road.fill,
          weight: hidden ? 0 : (which === "casing" ? width + (zoom >= 14 ? 2 : 1) : width),
          opacity: hidden ? 0 : 1, lineCap: "round", lineJoin: "round", interactive: false,
        };
      };
    }

    function landmark(feature, latlng) {
      return L.circleMarker(latlng, {
        renderer: renderers.poi, radius: 4.5, weight: 1.5, color: "#ffffff",
        fillColor: LANDMARKS[feature.properties.class] || "#555555", fillOpacity: 1,
        interactive: false,
      });
    }

    function makeBand(z) {
      var groups = {
        ground: L.geoJSON(null, { renderer: renderers.ground, style: style("ground"),
                                  interactive: false }),
        casing: L.geoJSON(null, { renderer: renderers.casing, style: style("casing"),
                                  interactive: false }),
        roads: L.geoJSON(null, { renderer: renderers.roads, style: style("roads"),
                                 interactive: false }),
        poi: L.geoJSON(null, { pointToLayer: landmark, interactive: false }),
      };
      return { z: z, groups: groups, tiles: {} };
    }

    function fill(band, data) {
      var ground = [], roads = [], poi = [];
      data.features.forEach(function (f) {
        var layer = f.properties.layer;
        if (layer === "road") { roads.push(f); }
        else if (layer === "landmark") { poi.push(f); }
        else { ground.push(f); }
      });
      band.groups.ground.addData(ground);
      band.groups.casing.addData(roads);
      band.groups.roads.addData(roads);
      band.groups.poi.addData(poi);
    }

    function load(band) {
      var size = Math.pow(2, band.z);
      var bounds = map.getBounds().pad(0.25);
      var nw = map.project(bounds.getNorthWest(), band.z).divideBy(256).floor();
      var se = map.project(bounds.getSouthEast(), band.z).divideBy(256).floor();
      for (var x = Math.max(0, nw.x); x <= Math.min(size - 1, se.x); x += 1) {
        for (var y = Math.max(0, nw.y); y <= Math.min(size - 1, se.y); y += 1) {
          var key = x + "/" + y;
          if (band.tiles[key]) { continue; }
          band.tiles[key] = "loading";
          fetchTile(band, key, x, y);
        }
      }
    }

    function fetchTile(band, key, x, y) {
      var url = config.url.replace("{z}", band.z).replace("{x}", x).replace("{y}", y) +
        "?lang=" + encodeURIComponent(config.lang || "en");
      fetch(url)
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          band.tiles[key] = data ? "done" : "failed";
          if (data) { fill(band, data); loaded += 1; } else { failed(); }
          scheduleLabels();
        })
        .catch(function () { band.tiles[key] = "failed"; failed(); scheduleLabels(); });
    }

    // Nothing arrives (the server cannot read the files, the network is
    // down): the page's map falls back to drawing the areas strongly.
    function failed() {
      failures += 1;
      if (failures === 2 && !loaded) {
        container.dispatchEvent(new CustomEvent("cityloop:basemap-failed"));
      }
    }

    function show(band) {
      if (current && current !== band) {
        Object.keys(current.groups).forEach(function (k) { map.removeLayer(current.groups[k]); });
      }
      current = band;
      ["ground", "casing", "roads"].forEach(function (k) { band.groups[k].addTo(map); });
      if (map.getZoom() >= LANDMARK_ZOOM) { band.groups.poi.addTo(map); }
      else { map.removeLayer(band.groups.poi); }
    }

    function update() {
      var zoom = map.getZoom();
      var z = bandFor(config.bands, zoom);
      bands[z] = bands[z] || makeBand(z);
      show(bands[z]);
      bands[z].groups.casing.setStyle(style("casing"));
      bands[z].groups.roads.setStyle(style("roads"));
      container.dataset.basemap = "loading";
      load(bands[z]);
      scheduleLabels();
    }

    function scheduleLabels() {
      if (labelTimer) { return; }
      labelTimer = window.setTimeout(function () {
        labelTimer = null;
        placeLabels(map, current, labelPane);
        // "ready" once the view's tiles are in and labelled (tests, and
        // anyone measuring, wait for it); "loading" while tiles are awaited.
        var loading = current && Object.keys(current.tiles).some(function (k) {
          return current.tiles[k] === "loading";
        });
        container.dataset.basemap = loading ? "loading" : "ready";
      }, 30);
    }

    map.on("zoomstart", function () {
      labelPane.replaceChildren();
      container.dataset.basemap = "loading";
    });
    map.on("moveend", update);
    update();
    return { labels: labelPane, refresh: update };
  }

  // --- labels -------------------------------------------------------------

  // The longest run of a road's pieces inside the view, in screen points.
  // Segments are clipped to the view: a straight avenue's two ends may both
  // lie outside it while it crosses the whole screen.
  function longestRun(map, lines, inset, size) {
    var view = L.bounds(L.point(inset, inset), L.point(size.x - inset, size.y - inset));
    var best = null;
    lines.forEach(function (latlngs) {
      var points = latlngs.map(function (ll) { return map.latLngToContainerPoint(ll); });
      var run = [];
      function finish() {
        if (run.length > 1) {
          var length = 0;
          for (var i = 1; i < run.length; i += 1) { length += run[i].distanceTo(run[i - 1]); }
          if (!best || length > best.length) { best = { points: run, length: length }; }
        }
        run = [];
      }
      for (var i = 1; i < points.length; i += 1) {
        var seg = L.LineUtil.clipSegment(points[i - 1], points[i], view, false, false);
        if (!seg) { finish(); continue; }
        var joined = run.length && run[run.length - 1].distanceTo(seg[0]) < 0.5;
        if (!joined) { finish(); run.push(seg[0]); }
        run.push(seg[1]);
      }
      finish();
    });
    return best;
  }

  // The point at distance d along points, and the direction there.
  function along(points, d) {
    for (var i = 1; i < points.length; i += 1) {
      var step = points[i].distanceTo(points[i - 1]);
      if (d <= step || i === points.length - 1) {
        var t = step ? Math.min(1, d / step) : 0;
        return L.point(points[i - 1].x + (points[i].x - points[i - 1].x) * t,
                       points[i - 1].y + (points[i].y - points[i - 1].y) * t);
      }
      d -= step;
    }
    return points[points.length - 1];
  }

  function flatLines(layer) {
    var latlngs = layer.getLatLngs();
    return latlngs.length && Array.isArray(latlngs[0]) ? latlngs : [latlngs];
  }

  function roadCandidates(map, band, size) {
    var byId = {};
    band.groups.roads.eachLayer(function (layer) {
      var f = layer.feature;
      if (!f.properties.name) { return; }
      var entry = byId[f.id] || (byId[f.id] = { props: f.properties, lines: [] });
      entry.lines = entry.lines.concat(flatLines(layer));
    });
    var zoom = map.getZoom();
    var found = [];
    Object.keys(byId).forEach(function (id) {
      var e = byId[id];
      var road = ROADS[e.props.class] || ROADS.residential;
      if (road.rank > labelledRoads(zoom)) { return; }
      var fontSize = road.rank <= 2 ? 13 : (road.rank === 3 ? 12 : 11);
      var width = textWidth(e.props.name, fontSize, 600);
      var run = longestRun(map, e.lines, 8, size);
      if (!run || run.length < width + 24) { return; }
      var middle = run.length / 2;
      var a = along(run.points, middle - width / 2);
      var b = along(run.points, middle + width / 2);
      var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI;
      if (angle > 90) { angle -= 180; } else if (angle < -90) { angle += 180; }
      found.push({ kind: "road", cls: e.props.class, text: e.props.name, at: along(run.points, middle),
                   angle: angle, width: width, size: fontSize, priority: road.rank + 1 / run.length });
    });
    return found;
  }

  function pointCandidates(map, band, size) {
    var zoom = map.getZoom();
    var found = [];
    band.groups.ground.eachLayer(function (layer) {
      var p = layer.feature.properties;
      if (!p.name || !p.labels) { return; }
      var spot = null;
      p.labels.forEach(function (c) {
        var pt = map.latLngToContainerPoint([c[1], c[0]]);
        if (!spot && pt.y > 20 && pt.y < size.y - 20) { spot = pt; }
      });
      if (!spot) { return; }
      var fontSize = p.layer === "water" ? 13 : 12;
      var width = textWidth(p.name, fontSize, 600);
      if (spot.x - width / 2 < 4 || spot.x + width / 2 > size.x - 4) { return; }
      found.push({ kind: p.layer, text: p.name, at: spot, angle: 0, size: fontSize,
                   width: width, priority: p.layer === "water" ? 1.5 : 2.5,
                   italic: p.layer === "water" });
    });
    if (zoom >= LANDMARK_LABEL_ZOOM) {
      band.groups.poi.eachLayer(function (layer) {
        var p = layer.feature.properties;
        var pt = map.latLngToContainerPoint(layer.getLatLng());
        var width = textWidth(p.name, 11, 500);
        if (!p.name || pt.x < 0 || pt.y < 0 || pt.x > size.x - width - 10 || pt.y > size.y) { return; }
        found.push({ kind: "landmark", cls: p.class, text: p.name, angle: 0, size: 11,
                     at: L.point(pt.x + 7 + width / 2, pt.y), width: width, priority: 3.5 });
      });
    }
    return found;
  }

  // A label's footprint: squares of its height along it (good for slanted text).
  function footprint(c) {
    var h = c.size + 4;
    var count = Math.max(1, Math.ceil((c.width + 6) / h));
    var rad = c.angle * Math.PI / 180;
    var boxes = [];
    for (var i = 0; i < count; i += 1) {
      var d = (i + 0.5) * (c.width + 6) / count - (c.width + 6) / 2;
      var x = c.at.x + Math.cos(rad) * d, y = c.at.y + Math.sin(rad) * d;
      boxes.push([x - h / 2, y - h / 2, x + h / 2, y + h / 2]);
    }
    return boxes;
  }

  function collides(boxes, taken) {
    return boxes.some(function (b) {
      return taken.some(function (t) { return b[0] < t[2] && b[2] > t[0] && b[1] < t[3] && b[3] > t[1]; });
    });
  }

  // The map's own buttons and credits: no label is placed under them.
  function controls(map) {
    var origin = map.getContainer().getBoundingClientRect();
    var boxes = [];
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (node) {
      var r = node.getBoundingClientRect();
      boxes.push([r.left - origin.left - 4, r.top - origin.top - 4,
                  r.right - origin.left + 4, r.bottom - origin.top + 4]);
    });
    return boxes;
  }

  function placeLabels(map, band, root) {
    if (!band) { return; }
    var size = map.getSize();
    var candidates = roadCandidates(map, band, size).concat(pointCandidates(map, band, size));
    candidates.sort(function (a, b) { return a.priority - b.priority; });
    var taken = controls(map);
    var nodes = [];
    var placed = {}; // text -> where it went: a name is repeated only far away
    candidates.forEach(function (c) {
      if (nodes.length >= MAX_LABELS) { return; }
      var boxes = footprint(c);
      if (collides(boxes, taken)) { return; }
      if ((placed[c.text] || []).some(function (p) { return p.distanceTo(c.at) < SAME_NAME_GAP; })) {
        return;
      }
      (placed[c.text] = placed[c.text] || []).push(c.at);
      taken = taken.concat(boxes);
      var node = document.createElement("span");
      node.className = "cl-basemap-label cl-basemap-label--" + c.kind;
      node.textContent = c.text;
      if (c.cls) { node.dataset.class = c.cls; }
      var at = map.containerPointToLayerPoint(c.at);
      node.style.position = "absolute";
      node.style.left = "0";
      node.style.top = "0";
      node.style.whiteSpace = "nowrap";
      node.style.fontSize = c.size + "px";
      node.style.fontWeight = c.kind === "landmark" ? "500" : "600";
      node.style.fontStyle = c.italic ? "italic" : "normal";
      node.style.color = c.kind === "water" ? "#1d5d84" : (c.kind === "park" ? "#2e6b30" : "#333");
      var angle = c.angle;
      if (CJK.test(c.text) && Math.abs(angle) > 55) {
        // A Chinese name along a steep road is written top to bottom, each
        // character upright, as Chinese maps do, not lying on its side.
        node.style.writingMode = "vertical-rl";
        node.style.textOrientation = "upright";
        angle = angle > 0 ? angle - 90 : angle + 90;
      }
      node.style.transform = "translate(" + at.x.toFixed(1) + "px," + at.y.toFixed(1) +
        "px) translate(-50%,-50%) rotate(" + angle.toFixed(1) + "deg)";
      nodes.push(node);
    });
    root.replaceChildren.apply(root, nodes);
  }

  window.CityLoopBasemap = { add: add };
})();
