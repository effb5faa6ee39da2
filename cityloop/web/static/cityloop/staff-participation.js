/* Staff participation pages: an answer template fills the answer (and its status),
 * and a click on the map sets the place of the work. Without JavaScript the
 * "Use this template" button asks the server to do the same. */
(function () {
  "use strict";

  function $(id) { return document.getElementById(id); }

  function setUpTemplates() {
    var button = $("insert-answer-template");
    var select = $("id_template");
    var data = $("answer-templates");
    var area = $("id_text");
    if (!button || !select || !data || !area) { return; }
    var templates = JSON.parse(data.textContent);
    button.addEventListener("click", function (event) {
      var chosen = templates.filter(function (t) { return String(t.id) === select.value; })[0];
      if (!chosen) { return; }  // the server says "choose a template first"
      event.preventDefault();
      area.value = chosen.text;
      var radio = document.querySelector('input[name="status"][value="' + chosen.status + '"]');
      if (radio) { radio.checked = true; }
      area.focus();
    });
  }

  function setUpPlace() {
    var el = $("answer-map");
    var lat = $("id_lat"), lon = $("id_lon");
    if (!el || !lat || !lon || !window.CityLoopMap || !window.L) { return; }
    var map = window.CityLoopMap.create(el, {});
    var marker = null;
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(e.latlng); } else { marker = L.marker(e.latlng).addTo(map); }
    });
  }

  setUpTemplates();
  setUpPlace();
})();
