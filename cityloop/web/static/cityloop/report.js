/* The citizen report form, enhanced (the form works without this script).
 *
 * - Location: a map pin (tap, drag, "use my location", "pin in the middle"),
 *   checked at once against the city's areas (GET /report/where).
 * - Category: live search over names and keywords in every language
 *   (data-search, written by the server), the chosen category's questions
 *   fetched as a server-rendered fragment, and suggestions for the
 *   description as it is typed (POST /report/suggest).
 * - "Already reported nearby": open cases near the pin (of the same kind
 *   once one is chosen), listed and marked on the map, each linking to its
 *   public page.
 * - Photos: resized in the browser to at most 2048 px and re-encoded as
 *   JPEG (which also drops the phone's GPS tags before anything is sent);
 *   the server re-encodes them again and is the authority. Photos the server
 *   kept from a refused form (hidden kept_photo tokens) count against the
 *   limit and can be removed here without a round trip.
 * - Required questions are checked before sending (required-questions.js).
 * - The map's centre and zoom are posted with the form, so that a form the
 *   server sends back opens the map exactly as it was left.
 *
 * Every word shown comes from the page (#report-strings, translated by the
 * server): nothing here is in English.
 */
(function () {
  "use strict";

  var MAX_PHOTOS = 3; // the server's limit (cases.photos.MAX_PHOTOS), kept photos included
  var LONGEST_SIDE = 2048;
  var JPEG_QUALITY = 0.85;

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  var S = readJson("report-strings");
  var URLS = readJson("report-endpoints");

  function fmt(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function normalise(text) {
    return String(text || "").toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }

  function revealScripted(root) {
    document.documentElement.classList.add("js");
    root.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    root.querySelectorAll(".nojs-only").forEach(function (el) { el.hidden = true; });
    // The "show questions" and "search" buttons post the form back; with the
    // script they are not needed, and must not be the default button.
    root.querySelectorAll("[data-nojs-step]").forEach(function (el) { el.remove(); });
  }

  /* ------------------------------------------------------------ photos */

  function resize(file) {
    return new Promise(function (resolve) {
      if (!/^image\//.test(file.type)) { resolve(file); return; } // the server says why not
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, LONGEST_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
        canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          URL.revokeObjectURL(url);
          if (!blob) { resolve(file); return; }
          var name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg" }));
        }, "image/jpeg", JPEG_QUALITY);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      img.src = url;
    });
  }

  function setFiles(input, files) {
    try {
      var transfer = new DataTransfer();
      files.forEach(function (f) { transfer.items.add(f); });
      input.files = transfer.files;
      return true;
    } catch (e) {
      return false; // an older browser sends the originals; the server resizes them
    }
  }

  // Photo chooser: at most three, resized, with previews and "remove" buttons.
  function enhancePhotos(input, status, previews, onBusy) {
    if (!input) { return null; }
    var chosen = [];
    // Photos the server kept from a refused form take places: room is what is left.
    var room = input.hasAttribute("data-room") ? parseInt(input.getAttribute("data-room"), 10) : MAX_PHOTOS;

    function render() {
      previews.innerHTML = "";
      chosen.forEach(function (file, i) {
        var item = document.createElement("li");
        var img = document.createElement("img");
        img.src = URL.createObjectURL(file);
        img.alt = fmt(S.photoAlt, { number: i + 1 });
        img.onload = function () { URL.revokeObjectURL(img.src); };
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button button--secondary button--small";
        remove.textContent = fmt(S.photoRemove, { number: i + 1 });
        remove.addEventListener("click", function () {
          chosen.splice(i, 1);
          setFiles(input, chosen);
          render();
          status.textContent = fmt(S.photosReady, { count: chosen.length });
          input.focus();
        });
        item.appendChild(img);
        item.appendChild(remove);
        previews.appendChild(item);
      });
    }

    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files || []);
      var note = "";
      if (files.length > room) {
        files = files.slice(0, Math.max(room, 0));
        note = fmt(S.photosTooMany, { count: Math.max(room, 0) }) + " ";
      }
      if (!files.length) { chosen = []; render(); status.textContent = ""; return; }
      onBusy(true);
      status.textContent = S.photosPreparing;
      Promise.all(files.map(resize)).then(function (resized) {
        chosen = resized;
        if (!setFiles(input, chosen)) { chosen = files; }
        render();
        status.textContent = note + fmt(S.photosReady, { count: chosen.length });
        onBusy(false);
      });
    });
    // A kept photo removed: one more place for a new one.
    return { freed: function () { room += 1; } };
  }

  // "Remove" beside a photo the server kept: without the script it posts the form
  // back; here it just takes the photo (and its hidden token) out of the form.
  function enhanceKept(form, photos) {
    var chooser = document.getElementById("photo-chooser");
    form.querySelectorAll("[data-remove-kept]").forEach(function (button) {
      button.addEventListener("click", function (e) {
        e.preventDefault();
        var item = button.closest("li");
        var list = item.parentNode;
        item.remove();
        if (photos) { photos.freed(); }
        if (chooser) { chooser.hidden = false; }
        if (!list.querySelector("li")) {
          var hint = document.getElementById("kept-photos-hint");
          if (hint) { hint.remove(); }
          list.remove();
        }
        document.getElementById("photos").focus();
      });
    });
  }

  /* --------------------------------------------------------- the form */

  function enhanceReport(form) {
    var $ = function (id) { return document.getElementById(id); };
    var latInput = $("lat");
    var lonInput = $("lon");
    var locationStatus = $("location-status");
    var questions = $("questions");
    var nearby = $("nearby");
    var nearbyStatus = $("nearby-status");
    var suggestions = $("category-suggestions");
    var suggestionsStatus = $("suggestions-status");
    var description = $("description");
    var submit = $("submit-report");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var map = null;
    var marker = null;
    var nearbyLayer = null;
    var whereSeq = 0;
    var nearbySeq = 0;
    var suggestSeq = 0;
    var busy = false;
    var sending = false;

    function chosenRadio() { return form.querySelector("input[name=service_code]:checked"); }
    function chosenCode() { var r = chosenRadio(); return r ? r.value : ""; }

    function say(node, text, kind) {
      node.textContent = text;
      node.classList.toggle("is-error", kind === "error");
      node.classList.toggle("is-ok", kind === "ok");
    }

    /* -- location */
    function checkWhere() {
      var seq = ++whereSeq;
      say(locationStatus, S.checking);
      var query = "?lat=" + encodeURIComponent(latInput.value) + "&lon=" + encodeURIComponent(lonInput.value);
      fetch(URLS.where + query, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (seq !== whereSeq) { return; }
          say(locationStatus, data.message, data.ok ? "ok" : "error");
        })
        .catch(function () { if (seq === whereSeq) { say(locationStatus, S.checkFailed); } });
    }

    function place(latlng) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, title: S.pinTitle, alt: S.pinTitle }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      checkWhere();
      refreshNearby();
      // place-search.js names the pin's spot (its nearest address).
      document.dispatchEvent(new CustomEvent("cityloop:pin", { detail: { lat: latlng.lat, lon: latlng.lng } }));
    }

    function setUpMap() {
      var element = $("report-map");
      if (!element || !window.L || !window.CityLoopMap) { return; }
      map = window.CityLoopMap.create(element);
      element.setAttribute("aria-label", S.mapLabel);
      map.on("click", function (e) { place(e.latlng); });
      var view = $("map-lat").value && $("map-lon").value && $("map-zoom").value;
      if (view) {
        // The map exactly as the citizen left it before the server sent the form back.
        map.setView([parseFloat($("map-lat").value), parseFloat($("map-lon").value)],
          parseInt($("map-zoom").value, 10));
      }
      if (latInput.value && lonInput.value) {
        var restored = L.latLng(parseFloat(latInput.value), parseFloat(lonInput.value));
        if (!view) { map.setView(restored, 16); }
        place(restored);
      }
      $("pin-at-centre").addEventListener("click", function () { place(map.getCenter()); });
      $("use-my-location").addEventListener("click", useMyLocation);
      // A place chosen in place-search.js moves the pin there.
      document.addEventListener("cityloop:move-pin", function (e) {
        var to = L.latLng(e.detail.lat, e.detail.lon);
        map.setView(to, Math.max(map.getZoom(), 17));
        place(to);
      });
    }

    function useMyLocation() {
      var button = $("use-my-location");
      if (!("geolocation" in navigator)) { say(locationStatus, S.geoUnsupported, "error"); return; }
      say(locationStatus, S.locating);
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        button.disabled = false;
        var here = L.latLng(position.coords.latitude, position.coords.longitude);
        map.setView(here, Math.max(map.getZoom(), 17));
        place(here);
      }, function (error) {
        button.disabled = false;
        say(locationStatus, error.code === 1 ? S.geoDenied : S.geoUnavailable, "error");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    }

    /* -- "is it one of these?" */
    function drawNearby() {
      if (!map) { return; }
      if (nearbyLayer) { nearbyLayer.remove(); }
      nearbyLayer = L.layerGroup().addTo(map);
      nearby.querySelectorAll("[data-reference]").forEach(function (item) {
        var lat = parseFloat(item.getAttribute("data-lat"));
        var lon = parseFloat(item.getAttribute("data-lon"));
        if (isNaN(lat) || isNaN(lon)) { return; }
        // A popup with the same link as the list (the list is the keyboard's way there).
        var source = item.querySelector("a[href]");
        var link = document.createElement("a");
        link.href = source.getAttribute("href");
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = item.getAttribute("data-reference");
        L.circleMarker([lat, lon], { radius: 8, color: "#8a4b00", weight: 2, fillOpacity: 0.5 })
          .bindTooltip(item.getAttribute("data-reference"))
          .bindPopup(link)
          .addTo(nearbyLayer);
      });
    }

    // The list is replaced as the pin moves or the category changes: a "me too"
    // the citizen opened, the email typed in it and the focus stay where they were.
    function replaceNearby(html) {
      var open = {};
      nearby.querySelectorAll("details[open]").forEach(function (d) {
        var item = d.closest("[data-reference]");
        if (item) { open[item.getAttribute("data-reference")] = true; }
      });
      var typed = {};
      nearby.querySelectorAll(".metoo-email").forEach(function (input) { typed[input.id] = input.value; });
      var focused = nearby.contains(document.activeElement) ? document.activeElement.id : "";
      nearby.innerHTML = html;
      nearby.querySelectorAll("[data-reference]").forEach(function (item) {
        var details = item.querySelector("details");
        if (details && open[item.getAttribute("data-reference")]) { details.open = true; }
      });
      nearby.querySelectorAll(".metoo-email").forEach(function (input) {
        if (typed[input.id]) { input.value = typed[input.id]; }
      });
      var again = focused && document.getElementById(focused);
      if (again && nearby.contains(again)) { again.focus(); }
    }

    function refreshNearby() {
      var code = chosenCode();
      if (!latInput.value || !lonInput.value) {
        nearby.innerHTML = "";
        drawNearby();
        return;
      }
      var seq = ++nearbySeq;
      // POST with the description typed so far: cases saying the same rank first,
      // and what the resident wrote stays out of addresses and logs.
      var body = new FormData();
      body.append("service_code", code);
      body.append("lat", latInput.value);
      body.append("lon", lonInput.value);
      body.append("description", description.value.trim());
      fetch(URLS.nearby, { method: "POST", body: body, headers: { "X-CSRFToken": csrf, Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (seq !== nearbySeq) { return; }
          replaceNearby(data.html);
          nearbyStatus.textContent = data.count ? fmt(S.nearbyFound, { count: data.count }) : "";
          drawNearby();
        })
        .catch(function () { /* a list we could not fetch is no reason to stop a report */ });
    }

    /* -- category */
    var search = $("category-search");
    var searchStatus = $("category-search-status");
    var groups = Array.prototype.slice.call(form.querySelectorAll(".category-group"));

    function openOnlyChosen() {
      var radio = chosenRadio();
      groups.forEach(function (group) { group.open = !!(radio && group.contains(radio)); });
    }

    function filter() {
      var words = normalise(search.value).split(" ").filter(Boolean);
      var total = 0;
      groups.forEach(function (group) {
        var shown = 0;
        group.querySelectorAll(".category-option").forEach(function (option) {
          var text = option.getAttribute("data-search") || "";
          var ok = words.every(function (w) { return text.indexOf(w) !== -1; });
          option.hidden = !ok;
          if (ok) { shown += 1; }
        });
        group.hidden = shown === 0;
        total += shown;
        if (words.length) { group.open = shown > 0; }
      });
      if (!words.length) { openOnlyChosen(); searchStatus.textContent = ""; return; }
      searchStatus.textContent = total ? fmt(S.searchCount, { count: total }) : S.noMatch;
    }

    function loadQuestions(code) {
      var current = questions.querySelector("[data-category]");
      if (current && current.getAttribute("data-category") === code) { return; }
      if (!code) { questions.innerHTML = ""; return; }
      fetch(URLS.questions + "?service_code=" + encodeURIComponent(code))
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { if (chosenCode() === code) { questions.innerHTML = html; } })
        .catch(function () { /* the server asks for missing answers on submit */ });
    }

    function onCategory() {
      var radio = chosenRadio();
      var code = radio ? radio.value : "";
      $("category-chosen").textContent = code ? fmt(S.chosen, { name: radio.getAttribute("data-name") }) : "";
      loadQuestions(code);
      refreshNearby();
      if (!code) { suggestLater(); }
    }

    function suggestNow() {
      var text = description.value.trim();
      if (chosenCode() || text.length < 8) { return; }
      var seq = ++suggestSeq;
      var body = new FormData();
      body.append("description", text);
      fetch(URLS.suggest, { method: "POST", body: body, headers: { "X-CSRFToken": csrf, Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (seq !== suggestSeq || chosenCode()) { return; }
          suggestions.innerHTML = data.html;
          suggestionsStatus.textContent = data.suggestions.length ? S.suggestionsFound : "";
        })
        .catch(function () { /* suggestions are a help, not a need */ });
    }
    var suggestLater = debounce(suggestNow, 700);

    form.addEventListener("change", function (e) {
      var target = e.target;
      if (target.name === "service_code") {
        if (!target.value) {
          // "I'm not sure" said explicitly: forget a suggestion picked before.
          form.querySelectorAll("input[name=suggested_code]").forEach(function (r) { r.checked = false; });
        }
        onCategory();
      } else if (target.name === "suggested_code") {
        var main = document.getElementById("category-" + target.value);
        if (main) {
          main.checked = true;
          groups.forEach(function (group) { if (group.contains(main)) { group.open = true; } });
          onCategory();
        }
      }
    });

    if (search) {
      // Searching happens here; the server need not hear the words typed.
      search.removeAttribute("name");
      search.addEventListener("input", debounce(filter, 120));
      // Enter in the search box searches; it must not send the report.
      search.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); filter(); } });
      if (search.value) { filter(); }
    }

    /* -- description */
    var count = $("description-count");
    var countLive = $("description-count-live");
    var max = parseInt(description.getAttribute("maxlength"), 10) || 4000;
    var announceCount = debounce(function (left) {
      // Announced only near the limit: a screen reader need not hear every key.
      countLive.textContent = left <= 200 ? fmt(S.charsLeft, { count: left }) : "";
    }, 800);
    description.addEventListener("input", function () {
      var left = max - description.value.length;
      count.textContent = fmt(S.charsLeft, { count: left });
      announceCount(left);
      suggestLater();
    });

    /* -- photos and sending */
    var photos = enhancePhotos($("photos"), $("photo-status"), $("photo-previews"), function (isBusy) {
      busy = isBusy;
      submit.setAttribute("aria-disabled", isBusy ? "true" : "false");
    });
    enhanceKept(form, photos);

    var submitLabel = submit.textContent;
    form.addEventListener("submit", function (e) {
      if (busy || sending) { e.preventDefault(); return; }
      if (map) {
        $("map-lat").value = map.getCenter().lat.toFixed(6);
        $("map-lon").value = map.getCenter().lng.toFixed(6);
        $("map-zoom").value = String(map.getZoom());
      }
      // required-questions.js, loaded before this script; the server checks again.
      if (window.CityLoopRequired && !window.CityLoopRequired.check(form, S)) {
        e.preventDefault();
        return;
      }
      sending = true;
      submit.setAttribute("aria-disabled", "true");
      submit.textContent = S.sending;
    });
    // Coming back with the browser's back button must not leave the button stuck.
    window.addEventListener("pageshow", function () {
      sending = false;
      submit.removeAttribute("aria-disabled");
      submit.textContent = submitLabel;
    });

    setUpMap();
    var summary = $("error-summary");
    if (summary) { summary.focus(); }
  }

  function start() {
    var form = document.getElementById("report-form");
    revealScripted(document);
    if (form) { enhanceReport(form); }
    var extra = document.getElementById("add-info-photos");
    if (extra) {
      var extraBusy = false;
      enhancePhotos(extra, document.getElementById("add-info-photo-status"),
        document.getElementById("add-info-photo-previews"), function (isBusy) { extraBusy = isBusy; });
      extra.form.addEventListener("submit", function (e) { if (extraBusy) { e.preventDefault(); } });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
