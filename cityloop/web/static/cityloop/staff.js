/* Staff console behaviour: keyboard shortcuts, queue selection and map,
 * response templates, the case and filing maps, the field view's position.
 *
 * Every page works without this file (forms post, links navigate); this
 * only makes frequent work faster. Text shown to people comes from the
 * #staff-i18n JSON the server renders in the page's language.
 */
(function () {
  "use strict";

  var T = {};
  var node = document.getElementById("staff-i18n");
  if (node) { try { T = JSON.parse(node.textContent); } catch (e) { T = {}; } }
  var QUEUE_KEY = "cityloop.staff.queue";

  function $(id) { return document.getElementById(id); }

  function isTyping(event) {
    var el = event.target;
    if (!el || el === document.body) { return false; }
    var tag = (el.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }

  function announce(el, text) { if (el) { el.textContent = text; } }

  function openAndFocus(id) {  // also opens the filter panel on a phone for "/"
    var field = $(id);
    if (!field) { return false; }
    var details = field.closest("details");
    if (details) { details.open = true; }
    field.focus();
    field.scrollIntoView({ block: "center" });
    return true;
  }

  /* ---- the queue list: remembered for j/k on case pages ---- */
  function rememberQueue() {
    var links = document.querySelectorAll(".queue-row__link");
    if (!links.length) { return; }
    var refs = Array.prototype.map.call(links, function (a) { return a.textContent.trim(); });
    try {
      sessionStorage.setItem(QUEUE_KEY, JSON.stringify({ refs: refs, url: location.href }));
    } catch (e) { /* private mode: j/k on case pages simply does nothing */ }
  }

  function rememberedQueue() {
    try { return JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "null"); } catch (e) { return null; }
  }

  /* ---- keyboard shortcuts ---- */
  var rowIndex = -1;

  function moveRow(step) {
    var links = document.querySelectorAll(".queue-row__link");
    if (!links.length) { return; }
    rowIndex = Math.max(0, Math.min(links.length - 1, rowIndex + step));
    links[rowIndex].focus();
  }

  function toggleCurrentRow() {
    var row = document.activeElement && document.activeElement.closest("tr.queue-row");
    var box = row && row.querySelector(".select-case");
    if (box) { box.checked = !box.checked; box.dispatchEvent(new Event("change", { bubbles: true })); }
  }

  function neighbourCase(step) {
    var article = document.querySelector("article.case");
    var queue = rememberedQueue();
    if (!article || !queue) { return; }
    var at = queue.refs.indexOf(article.dataset.reference);
    var next = at < 0 ? null : queue.refs[at + step];
    if (next) {
      location.href = article.dataset.caseUrl.replace("REF", encodeURIComponent(next));
    } else {
      announce($("position-status") || document.querySelector(".messages"), T.no_next || "");
    }
  }

  function clickIf(id) { var el = $(id); if (el) { el.click(); return true; } return false; }

  var CASE_KEYS = {
    a: function () { return clickIf("assign-me"); },
    s: function () { return clickIf("start-work"); },
    c: function () { return openAndFocus("id_comment-public_text"); },
    n: function () { return openAndFocus("id_note-note"); },
    r: function () { return openAndFocus("id_resolve-public_text"); },
    j: function () { neighbourCase(1); return true; },
    k: function () { neighbourCase(-1); return true; },
  };
  var QUEUE_KEYS = {
    j: function () { moveRow(1); return true; },
    k: function () { moveRow(-1); return true; },
    x: function () { toggleCurrentRow(); return true; },
    "/": function () { return openAndFocus("id_q"); },
  };

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) { return; }
    var dialog = $("shortcuts-dialog");
    if (event.key === "?") {
      if (dialog && dialog.showModal && !dialog.open) { dialog.showModal(); event.preventDefault(); }
      return;
    }
    if (event.key === "q") {
      var queue = rememberedQueue();
      var article = document.querySelector("article.case");
      if (article) { location.href = queue ? queue.url : article.dataset.queueUrl; event.preventDefault(); }
      return;
    }
    var keys = document.querySelector("article.case") ? CASE_KEYS
      : (document.getElementById("queue-table") || $("id_q") ? QUEUE_KEYS : {});
    var handler = keys[event.key];
    if (handler && handler()) { event.preventDefault(); }
  }

  /* ---- queue filters: open beside the list on wide screens, one button on a phone ---- */
  function setUpFilterPanel() {
    var panel = $("filters-panel");
    if (!panel || !window.matchMedia) { return; }
    var wide = window.matchMedia("(min-width: 64rem)");
    function follow() { if (wide.matches) { panel.open = true; } }
    follow();
    if (wide.addEventListener) { wide.addEventListener("change", follow); }
    // On a wide screen the panel is part of the layout: it does not close.
    panel.addEventListener("toggle", function () { if (wide.matches && !panel.open) { panel.open = true; } });
  }

  /* ---- queue: select all, bulk choices ---- */
  function setUpSelection() {
    var all = $("select-all");
    var boxes = document.querySelectorAll(".select-case");
    var count = $("bulk-count");
    function update() {
      var n = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      announce(count, n ? n + " " + (T.selected || "") : "");
      if (all) { all.checked = n === boxes.length && n > 0; all.indeterminate = n > 0 && n < boxes.length; }
    }
    if (all) {
      all.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = all.checked; });
        update();
      });
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    var action = $("bulk-action");
    if (action) {
      var parts = document.querySelectorAll("[data-bulk-for]");
      var show = function () {
        parts.forEach(function (p) { p.hidden = p.dataset.bulkFor !== action.value; });
      };
      action.addEventListener("change", show);
      show();
    }
  }

  /* ---- queue map ---- */
  function setUpQueueMap() {
    var el = $("queue-map");
    if (!el || !window.CityLoopMap || !window.L) { return; }
    var status = $("queue-map-status");
    var map = window.CityLoopMap.create(el);
    map.setMaxZoom(19);  // clustering needs it even when no tile layer sets one (offline)
    var cluster = L.markerClusterGroup ? L.markerClusterGroup() : L.layerGroup();
    cluster.addTo(map);
    announce(status, T.loading || "");
    fetch(el.dataset.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var bounds = [];
        data.points.forEach(function (p) {
          var marker = L.circleMarker([p.lat, p.lon], {
            radius: 8, fillOpacity: 0.9,
            fillColor: window.CityLoopMap.priorityColour(p.priority, p.overdue),
            color: p.overdue ? "#1b1b1b" : "#ffffff", weight: p.overdue ? 4 : 2,
          });
          marker.bindPopup(popup(p, data.case_url));
          cluster.addLayer(marker);
          bounds.push([p.lat, p.lon]);
        });
        if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] }); }
        var text = data.points.length + " " + (T.shown || "");
        if (data.capped) { text += " " + (T.capped || ""); }
        announce(status, text);
      })
      .catch(function () { announce(status, T.failed || ""); });
  }

  function popup(p, urlTemplate) {
    // Built as DOM nodes, never as HTML, so no case text can inject markup.
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = urlTemplate.replace("REF", encodeURIComponent(p.ref));
    link.textContent = p.ref;
    link.title = T.open_case || "";
    box.appendChild(link);
    var lines = [p.category, p.status + (p.overdue ? " · " + (T.overdue || "") : "")];
    lines.forEach(function (line) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(line));
    });
    return box;
  }

  /* ---- case page: map, relocation, response templates ---- */
  function setUpCaseMap() {
    var el = $("case-map");
    if (!el || !window.CityLoopMap || !window.L) { return; }
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    var map = window.CityLoopMap.create(el, { center: [lat, lon], zoom: 16 });
    L.circleMarker([lat, lon], {
      radius: 9, fillOpacity: 0.9, color: "#ffffff", weight: 2,
      fillColor: window.CityLoopMap.priorityColour(el.dataset.priority, el.dataset.overdue === "1"),
    }).addTo(map);
    var latInput = $("id_relocate-lat"), lonInput = $("id_relocate-lon");
    if (latInput && lonInput) {
      var moved = null;
      map.on("click", function (e) {
        latInput.value = e.latlng.lat.toFixed(6);
        lonInput.value = e.latlng.lng.toFixed(6);
        if (moved) { moved.setLatLng(e.latlng); } else { moved = L.marker(e.latlng).addTo(map); }
        var details = latInput.closest("details");
        if (details) { details.open = true; }
      });
    }
  }

  function setUpTemplates() {
    var button = $("insert-template");
    var select = $("id_comment-template");
    var data = $("response-templates");
    var area = $("id_comment-public_text");
    if (!button || !select || !data || !area) { return; }
    var templates = JSON.parse(data.textContent);
    button.addEventListener("click", function (event) {
      var chosen = templates.filter(function (t) { return String(t.id) === select.value; })[0];
      if (!chosen) { return; }  // the server says "choose a template first"
      event.preventDefault();
      var start = area.selectionStart || area.value.length;
      var before = area.value.slice(0, start), after = area.value.slice(area.selectionEnd || start);
      var glue = before && !/\s$/.test(before) ? "\n\n" : "";
      area.value = before + glue + chosen.text + after;
      area.focus();
      var live = document.querySelector(".messages") || $("comment-title");
      area.setAttribute("aria-description", T.inserted || "");
      if (live && live.classList.contains("messages")) { announce(live, T.inserted || ""); }
    });
  }

  /* ---- field view: nearest first ---- */
  function setUpPosition() {
    var button = $("use-position");
    if (!button || !navigator.geolocation) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = $("position-status");
      announce(status, T.locating || "");
      navigator.geolocation.getCurrentPosition(function (pos) {
        var params = new URLSearchParams(location.search);
        params.set("lat", pos.coords.latitude.toFixed(6));
        params.set("lon", pos.coords.longitude.toFixed(6));
        location.search = params.toString();
      }, function () { announce(status, T.no_position || ""); }, { timeout: 15000, maximumAge: 60000 });
    });
  }

  /* ---- filing for a caller: the category's questions, the pin ---- */
  function setUpNewCase() {
    var select = $("id_service_code");
    var groups = document.querySelectorAll(".question-group");
    if (select && groups.length) {
      var show = function () {
        groups.forEach(function (g) {
          var mine = g.dataset.category === select.value;
          g.hidden = !mine;
          g.disabled = !mine;  // only the chosen category's answers are sent
        });
      };
      select.addEventListener("change", show);
      show();
    }
    var el = $("new-map");
    if (!el || !window.CityLoopMap || !window.L) { return; }
    var map = window.CityLoopMap.create(el);
    var latInput = $("id_lat"), lonInput = $("id_lon"), pin = null;
    function place(latlng) {
      if (pin) { pin.setLatLng(latlng); } else { pin = L.marker(latlng).addTo(map); }
    }
    if (latInput.value && lonInput.value) {
      place([parseFloat(latInput.value), parseFloat(lonInput.value)]);
    }
    map.on("click", function (e) {
      latInput.value = e.latlng.lat.toFixed(6);
      lonInput.value = e.latlng.lng.toFixed(6);
      place(e.latlng);
      announce($("pin-status"), T.pin_set || "");
    });
  }

  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      var details = summary.closest("details");
      if (details) { details.open = true; }
      summary.focus();
    }
  }

  document.addEventListener("keydown", onKey);
  rememberQueue();
  setUpFilterPanel();
  setUpSelection();
  setUpQueueMap();
  setUpCaseMap();
  setUpTemplates();
  setUpPosition();
  setUpNewCase();
  focusErrors();
})();
