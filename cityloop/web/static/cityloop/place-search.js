/* The report form's address field as a place search (web/citizen/_place_search.html).
 *
 * - As the resident types, places matching the text (GET /api/v1/places,
 *   nearest first around the pin) are listed under the field: the WAI-ARIA
 *   combobox pattern (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/):
 *   focus stays in the field, arrows move the active option
 *   (aria-activedescendant), Enter chooses, Escape closes, and the number
 *   found is announced. Choosing a place fills the field and asks the map
 *   to move the pin there ("cityloop:move-pin", answered by report.js).
 * - When the pin is put or moved (report.js says so with "cityloop:pin"),
 *   the nearest address is looked up (GET /api/v1/places/reverse) and shown
 *   as "Near: 12 Hetang Road, Hetang Street"; it fills the field if empty.
 *
 * Every word shown comes from the page's data attributes, translated by the
 * server. Without this script the field is a plain text field.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;
  var MIN_CHARS = 1;
  var LIMIT = 8;

  function fmt(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function enhance(box) {
    var input = document.getElementById(box.getAttribute("data-for"));
    var list = document.getElementById("address-options");
    var count = document.getElementById("address-count");
    var near = document.getElementById("address-near");
    if (!input || !list) { return; }
    var texts = box.dataset;
    var lang = texts.lang || "";
    var options = [];  // the <li> shown
    var shown = [];  // the features behind them
    var active = -1;
    var seq = 0;
    var reverseSeq = 0;
    var timer = null;
    // What the page (not the resident) wrote in the field: a place chosen from the list
    // or the pin's nearest address. The next pin replaces it; typed text it never does.
    var filledByPin = "";
    var chosenAt = null;  // where a chosen place put the pin: its name stays there

    box.hidden = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var described = (input.getAttribute("aria-describedby") || "").split(" ");
    described.push("place-search-hint");
    input.setAttribute("aria-describedby", described.filter(Boolean).join(" "));

    function pin() {
      var lat = document.getElementById("lat");
      var lon = document.getElementById("lon");
      return lat && lon && lat.value && lon.value ? { lat: lat.value, lon: lon.value } : null;
    }

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      options = [];
      shown = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function setActive(index) {
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      options.forEach(function (node, i) { node.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function show(features) {
      close();
      shown = features;
      features.forEach(function (feature, i) {
        var props = feature.properties;
        var item = document.createElement("li");
        item.id = "address-option-" + i;
        item.className = "place-search__option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-testid", "address-option");
        item.textContent = props.name;
        if (props.area && props.area !== props.name) {
          var area = document.createElement("span");
          area.className = "place-search__area";
          area.textContent = props.area;
          item.appendChild(area);
        }
        // mousedown, not click: the field keeps the focus, so the list is not closed first.
        item.addEventListener("mousedown", function (e) { e.preventDefault(); choose(feature); });
        list.appendChild(item);
        options.push(item);
      });
      var n = features.length;
      count.textContent = n === 0 ? texts.none : fmt(n === 1 ? texts.one : texts.many, { count: n });
      if (n) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function search() {
      var text = input.value.trim();
      var mine = ++seq;
      if (text.length < MIN_CHARS) { close(); count.textContent = ""; return; }
      var params = new URLSearchParams({ q: text, limit: String(LIMIT), lang: lang });
      var here = pin();
      if (here) { params.set("lat", here.lat); params.set("lon", here.lon); }
      fetch(texts.searchUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (data) {
          if (mine === seq && document.activeElement === input) { show(data.features || []); }
        })
        .catch(function () { if (mine === seq) { close(); count.textContent = texts.failed; } });
    }

    function choose(feature) {
      var props = feature.properties;
      var coords = feature.geometry.coordinates;
      input.value = props.label || props.name;
      filledByPin = input.value;
      chosenAt = { lat: coords[1], lon: coords[0] };
      seq++;  // an answer still on its way must not reopen the list
      close();
      count.textContent = fmt(texts.moved, { place: props.label || props.name });
      document.dispatchEvent(new CustomEvent("cityloop:move-pin", {
        detail: { lat: coords[1], lon: coords[0], label: props.label || props.name },
      }));
    }

    input.addEventListener("input", function () {
      filledByPin = "";
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && options.length > 0;
      if (e.key === "ArrowDown" || e.key === "Down") {
        e.preventDefault();
        if (open) { setActive(active + 1); } else { search(); }
      } else if (e.key === "ArrowUp" || e.key === "Up") {
        if (open) { e.preventDefault(); setActive(active - 1); }
      } else if (e.key === "Enter") {
        // Enter on a chosen option takes it; otherwise it must not send the form half-filled.
        if (open) {
          e.preventDefault();
          if (active >= 0 && shown[active]) { choose(shown[active]); }
        }
      } else if (e.key === "Escape" || e.key === "Esc") {
        if (open) { e.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { seq++; close(); });

    function nameThePin(e) {
      var mine = ++reverseSeq;
      var params = new URLSearchParams({ lat: String(e.detail.lat), lon: String(e.detail.lon), lang: lang });
      fetch(texts.reverseUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (data) {
          if (mine !== reverseSeq) { return; }
          var found = (data.features || [])[0];
          if (!found) { near.textContent = ""; return; }
          var label = found.properties.label || found.properties.name;
          near.textContent = fmt(texts.near, { place: label });
          // Fill an empty field (or one the page filled), never what the resident typed.
          var keep = chosenAt && Math.abs(chosenAt.lat - e.detail.lat) < 1e-7 &&
            Math.abs(chosenAt.lon - e.detail.lon) < 1e-7;
          if (!keep && (!input.value.trim() || (filledByPin && input.value === filledByPin))) {
            input.value = label;
            filledByPin = label;
          }
        })
        .catch(function () { if (mine === reverseSeq) { near.textContent = ""; } });
    }
    var reverseTimer = null;
    document.addEventListener("cityloop:pin", function (e) {
      clearTimeout(reverseTimer);
      reverseTimer = setTimeout(function () { nameThePin(e); }, DEBOUNCE_MS);
    });
  }

  function start() {
    var box = document.getElementById("place-search");
    if (box && window.fetch && window.URLSearchParams) { enhance(box); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
