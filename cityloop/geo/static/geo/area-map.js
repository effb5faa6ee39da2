// The admin's area map: draws the outline kept in the GeoJSON text box and
// lets it be edited by pointing. Click the map to add a corner (into the
// nearest edge), drag a corner to move it, double-click a corner to remove
// it. Every change rewrites the text box; typing valid GeoJSON in the text
// box redraws the map. Inner rings (holes) are kept and drawn, edited by
// hand only. See cityloop/geo/widgets.py.
(function () {
  "use strict";

  var EDIT_STYLE = { color: "#0b5cad", weight: 3, fillColor: "#0b5cad", fillOpacity: 0.2,
                     interactive: false };
  var CONTEXT_STYLE = { color: "#6b6b6b", weight: 1, fillColor: "#9a9a9a", fillOpacity: 0.06,
                        dashArray: "4 4", interactive: false };

  function round(x) { return Math.round(x * 1e6) / 1e6; }

  function parse(text) {
    try {
      var g = JSON.parse(text);
      var ok = g && (g.type === "Polygon" || g.type === "MultiPolygon") &&
        Array.isArray(g.coordinates);
      return ok ? g : null;
    } catch (e) {
      return null;
    }
  }

  // Geometry -> parts: [polygon][ring][L.LatLng], rings open (no repeated corner).
  function toParts(geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map(function (polygon) {
      return polygon.map(function (ring) {
        var points = ring.map(function (c) { return L.latLng(c[1], c[0]); });
        if (points.length > 1 && points[0].equals(points[points.length - 1])) { points.pop(); }
        return points;
      });
    });
  }

  function toGeometry(parts) {
    var polygons = parts.filter(function (p) { return p[0].length >= 3; }).map(function (p) {
      return p.filter(function (ring) { return ring.length >= 3; }).map(function (ring) {
        var coords = ring.map(function (ll) { return [round(ll.lng), round(ll.lat)]; });
        coords.push(coords[0].slice());
        return coords;
      });
    });
    if (!polygons.length) { return null; }
    return polygons.length === 1 ? { type: "Polygon", coordinates: polygons[0] }
      : { type: "MultiPolygon", coordinates: polygons };
  }

  // Where a click at pixel p joins an outer ring: the edge it lengthens least.
  function bestEdge(map, ring, p) {
    var best = { cost: Infinity, index: ring.length };
    for (var i = 0; i < ring.length; i += 1) {
      var a = map.latLngToLayerPoint(ring[i]);
      var b = map.latLngToLayerPoint(ring[(i + 1) % ring.length]);
      var cost = a.distanceTo(p) + p.distanceTo(b) - a.distanceTo(b);
      if (cost < best.cost) { best = { cost: cost, index: i + 1 }; }
    }
    return best;
  }

  function setUp(root) {
    var text = document.getElementById(root.dataset.text);
    var canvas = root.querySelector("[data-area-map-canvas]");
    var status = root.querySelector("[data-area-map-status]");
    var map = L.map(canvas, { doubleClickZoom: false })
      .setView(JSON.parse(root.dataset.center), Number(root.dataset.zoom));
    if (root.dataset.tiles) {
      L.tileLayer(root.dataset.tiles, { maxZoom: 19, attribution: root.dataset.attribution })
        .addTo(map);
    } else if (root.dataset.basemap && window.CityLoopBasemap) {
      // The city's own streets and water: the outline is drawn among them.
      window.CityLoopBasemap.add(map, JSON.parse(root.dataset.basemap));
    }
    var parsed = parse(text.value);
    var parts = parsed ? toParts(parsed) : [[[]]];
    var drawn = L.layerGroup().addTo(map);

    function write() {
      var geometry = toGeometry(parts);
      text.value = geometry ? JSON.stringify(geometry) : "";
      status.textContent = "";
    }

    function draw() {
      drawn.clearLayers();
      parts.forEach(function (polygon, pi) {
        if (polygon[0].length >= 2) { L.polygon(polygon, EDIT_STYLE).addTo(drawn); }
        polygon[0].forEach(function (corner, ci) {
          var marker = L.marker(corner, {
            draggable: true, keyboard: false,
            icon: L.divIcon({ className: "area-map__corner", iconSize: [10, 10] }),
          }).addTo(drawn);
          // A corner listens to clicks so that Leaflet counts it as the target
          // and a click on it does not also add a corner through the map.
          marker.on("click", function (e) { L.DomEvent.stop(e); });
          marker.on("drag", function (e) { parts[pi][0][ci] = e.target.getLatLng(); });
          marker.on("dragend", function () { write(); draw(); });
          marker.on("dblclick", function (e) {
            L.DomEvent.stop(e);
            parts[pi][0].splice(ci, 1);
            write();
            draw();
          });
        });
      });
    }

    map.on("click", function (e) {
      var p = map.latLngToLayerPoint(e.latlng);
      var target = { part: 0, cost: Infinity, index: parts[0][0].length };
      parts.forEach(function (polygon, pi) {
        if (polygon[0].length < 3) {
          target = { part: pi, cost: -1, index: polygon[0].length };
          return;
        }
        var edge = bestEdge(map, polygon[0], p);
        if (edge.cost < target.cost) { target = { part: pi, cost: edge.cost, index: edge.index }; }
      });
      parts[target.part][0].splice(target.index, 0, e.latlng);
      write();
      draw();
    });

    text.addEventListener("input", function () {
      var geometry = parse(text.value);
      status.textContent = geometry || !text.value.trim() ? "" : root.dataset.invalid;
      if (geometry) { parts = toParts(geometry); draw(); }
    });

    root.querySelector("[data-area-map-clear]").addEventListener("click", function () {
      parts = [[[]]];
      write();
      draw();
    });

    draw();
    var fitted = false;
    if (parts[0][0].length >= 3) {
      map.fitBounds(L.polygon(parts.map(function (polygon) { return polygon[0]; })).getBounds(),
                    { padding: [30, 30] });
      fitted = true;
    }
    fetch(root.dataset.areas)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.features = data.features.filter(function (f) {
          return f.properties.code !== root.dataset.exclude;
        });
        var context = L.geoJSON(data, { style: function () { return CONTEXT_STYLE; } })
          .addTo(map);
        context.bringToBack();
        if (!fitted && context.getBounds().isValid()) { map.fitBounds(context.getBounds()); }
      })
      .catch(function () { /* the outline can be drawn without the other areas */ });
  }

  function start() {
    document.querySelectorAll("[data-area-map]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
