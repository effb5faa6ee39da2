/* Map surveys (/participate/surveys/<id>/): drawing answers, and the results' heat maps.
 *
 * A map question (.decide-mapq) keeps its drawings in a hidden input as a
 * JSON list of {"geometry": GeoJSON, "comment": "..."}, the form field the
 * server reads; a form sent back with a refusal keeps that input, and the
 * drawings are restored from it. Points: each tap drops one, up to the
 * question's maximum. Lines and areas: each tap adds a corner to the one
 * being drawn, "Finish" ends it. Every action also has a button working at
 * the map's centre (marked by a cross) for keyboards, whose arrow keys move
 * the focused map (Leaflet's own keyboard handling). Each drawing is listed
 * under the map with its comment box and a button to remove it.
 *
 * A results page's map (.decide-heat) draws the server's cells, shaded by
 * class; the cells are all it is given.
 */
(function () {
  "use strict";

  var stringsNode = document.getElementById("survey-strings");
  var S = stringsNode ? JSON.parse(stringsNode.textContent) : {};
  var TYPES = { point: "Point", line: "LineString", area: "Polygon" };
  var LEAST = { point: 1, line: 2, area: 3 };
  var SHADES = { 1: "#fdcc8a", 2: "#fc8d59", 3: "#d7301f", 4: "#7f0000" };

  function fill(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function toGeometry(kind, corners) {
    var coords = corners.map(function (c) { return [Number(c[1].toFixed(6)), Number(c[0].toFixed(6))]; });
    if (kind === "point") { return { type: "Point", coordinates: coords[0] }; }
    if (kind === "line") { return { type: "LineString", coordinates: coords }; }
    return { type: "Polygon", coordinates: [coords.concat([coords[0]])] };
  }

  function fromGeometry(kind, geometry) {
    if (!geometry || geometry.type !== TYPES[kind] || !geometry.coordinates) { return null; }
    var coords = kind === "point" ? [geometry.coordinates]
      : kind === "line" ? geometry.coordinates : (geometry.coordinates[0] || []).slice(0, -1);
    return coords.map(function (c) { return [c[1], c[0]]; });
  }

  function MapQuestion(root) {
    this.root = root;
    this.kind = root.getAttribute("data-kind");
    this.max = parseInt(root.getAttribute("data-max"), 10) || 1;
    this.input = root.querySelector("input[type=hidden]");
    this.list = root.querySelector(".decide-map-list");
    this.status = root.querySelector(".decide-map-status");
    this.name = root.getAttribute("data-name");
    this.items = [];  // {corners: [[lat, lon]...], comment: "", done: bool}
    this.restore();
    var element = root.querySelector(".decide-map");
    this.map = window.CityLoopMap.create(element);
    this.layer = L.layerGroup().addTo(this.map);
    var self = this;
    this.map.on("click", function (e) { self.add([e.latlng.lat, e.latlng.lng]); });
    root.querySelector(".decide-map-tools").hidden = false;
    root.querySelectorAll("[data-action]").forEach(function (button) {
      button.addEventListener("click", function () { self[button.getAttribute("data-action")](); });
    });
    this.render();
    var bounds = this.bounds();
    if (bounds) { this.map.fitBounds(bounds, { maxZoom: 16, padding: [30, 30] }); }
  }

  MapQuestion.prototype.restore = function () {
    var kind = this.kind;
    var kept;
    try { kept = JSON.parse(this.input.value || "[]"); } catch (e) { kept = []; }
    if (!Array.isArray(kept)) { kept = []; }
    this.items = kept.map(function (item) {
      var corners = item && fromGeometry(kind, item.geometry);
      return corners ? { corners: corners, comment: String(item.comment || ""), done: true } : null;
    }).filter(Boolean).slice(0, this.max);
  };

  MapQuestion.prototype.label = function (i) { return fill(S[this.kind], { n: i + 1 }); };

  MapQuestion.prototype.say = function (text) { this.status.textContent = text; };

  MapQuestion.prototype.current = function () {
    var last = this.items[this.items.length - 1];
    return this.kind !== "point" && last && !last.done ? last : null;
  };

  MapQuestion.prototype.add = function (latlng) {
    var drawing = this.current();
    if (!drawing) {
      if (this.items.length >= this.max) { this.say(S.full); return; }
      drawing = { corners: [], comment: "", done: this.kind === "point" };
      this.items.push(drawing);
    }
    drawing.corners.push(latlng);
    var what = this.label(this.items.length - 1);
    this.say(this.kind === "point" ? fill(S.added, { what: what })
      : fill(S.corners, { what: what, n: drawing.corners.length }));
    this.render();
  };

  MapQuestion.prototype.centre = function () {
    var c = this.map.getCenter();
    this.add([c.lat, c.lng]);
  };

  MapQuestion.prototype.undo = function () {
    // The drawing under way, else the last one, which is opened again.
    var drawing = this.items[this.items.length - 1];
    if (!drawing) { return; }
    var what = this.label(this.items.length - 1);
    drawing.done = false;
    drawing.corners.pop();
    if (!drawing.corners.length) { this.items.pop(); }
    this.say(drawing.corners.length ? fill(S.corners, { what: what, n: drawing.corners.length })
      : fill(S.removed, { what: what }));
    this.render();
  };

  MapQuestion.prototype.finish = function () {
    var drawing = this.current();
    if (!drawing) { return; }
    if (drawing.corners.length < LEAST[this.kind]) {
      this.say(this.kind === "line" ? S.tooFewLine : S.tooFewArea);
      return;
    }
    drawing.done = true;
    var what = this.label(this.items.length - 1);
    this.say(fill(this.items.length < this.max ? S.finished : S.finishedLast, { what: what }));
    this.render();
  };

  MapQuestion.prototype.clear = function () {
    this.items = [];
    this.say(S.cleared);
    this.render();
  };

  MapQuestion.prototype.remove = function (i) {
    var what = this.label(i);
    this.items.splice(i, 1);
    this.say(fill(S.removed, { what: what }));
    this.render();
    this.root.querySelector(".decide-map").focus();
  };

  MapQuestion.prototype.bounds = function () {
    var all = [];
    this.items.forEach(function (item) { all = all.concat(item.corners); });
    return all.length ? L.latLngBounds(all) : null;
  };

  MapQuestion.prototype.save = function () {
    var kind = this.kind;
    var answers = this.items.filter(function (item) { return item.corners.length >= LEAST[kind]; })
      .map(function (item) { return { geometry: toGeometry(kind, item.corners), comment: item.comment }; });
    this.input.value = answers.length ? JSON.stringify(answers) : "";
  };

  MapQuestion.prototype.draw = function (item, i) {
    var style = { color: "#08437f", weight: 3, fillColor: "#0b5cad", fillOpacity: 0.25 };
    var tip = { permanent: true, direction: "top", offset: [0, -8], className: "decide-tip" };
    if (this.kind === "point") {
      L.circleMarker(item.corners[0], { radius: 9, color: "#fff", weight: 3, fillColor: "#b3261e", fillOpacity: 1 })
        .bindTooltip(String(i + 1), tip).addTo(this.layer);
      return;
    }
    var shape = this.kind === "line" || item.corners.length < 3 ? L.polyline(item.corners, style)
      : L.polygon(item.corners, style);
    shape.addTo(this.layer);
    var layer = this.layer;
    item.corners.forEach(function (c, k) {
      var marker = L.circleMarker(c, { radius: 5, color: "#08437f", weight: 2, fillColor: "#fff", fillOpacity: 1 });
      if (k === 0) { marker.bindTooltip(String(i + 1), tip); }
      marker.addTo(layer);
    });
  };

  MapQuestion.prototype.render = function () {
    var self = this;
    this.layer.clearLayers();
    this.list.textContent = "";
    this.items.forEach(function (item, i) {
      self.draw(item, i);
      var what = self.label(i);
      var li = document.createElement("li");
      var id = self.name + "-comment-" + (i + 1);
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = fill(S.comment, { what: what });
      var comment = document.createElement("input");
      comment.type = "text";
      comment.id = id;
      comment.maxLength = 500;
      comment.value = item.comment;
      comment.setAttribute("data-testid", id);
      comment.addEventListener("input", function () { item.comment = comment.value; self.save(); });
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button--secondary button--small";
      remove.textContent = fill(S.remove, { what: what });
      remove.addEventListener("click", function () { self.remove(i); });
      li.appendChild(label);
      li.appendChild(comment);
      li.appendChild(remove);
      self.list.appendChild(li);
    });
    this.save();
  };

  function heatMap(element) {
    var node = document.getElementById(element.getAttribute("data-cells"));
    var cells = node ? JSON.parse(node.textContent) : [];
    var map = window.CityLoopMap.create(element);
    var squares = cells.map(function (cell) {
      var b = cell.b;
      return L.rectangle([[b[0], b[1]], [b[2], b[3]]], {
        color: "#3d1200", weight: 2, fillColor: SHADES[cell.s] || SHADES[4], fillOpacity: 0.9,
      }).bindTooltip(cell.t);
    });
    var group = L.featureGroup(squares).addTo(map);
    if (squares.length) { map.fitBounds(group.getBounds(), { maxZoom: 16, padding: [20, 20] }); }
  }

  // A refused form: the summary of what to fix is read out first.
  var errors = document.getElementById("survey-errors");
  if (errors) { errors.focus(); }
  if (!window.L || !window.CityLoopMap) { return; }
  document.querySelectorAll(".decide-mapq").forEach(function (root) { new MapQuestion(root); });
  document.querySelectorAll(".decide-heat").forEach(heatMap);
})();
