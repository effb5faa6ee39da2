/* The composer's map: click a district or street to tick (or untick) it in the
 * list of areas, which is the form's real control; ticked areas are filled.
 * The map is a convenience: the checkboxes work by keyboard without it.
 */
(function () {
  "use strict";

  var node = document.getElementById("composer-map");
  if (!node || !window.L || !window.CityLoopMap) { return; }
  var map = CityLoopMap.create(node, { areas: null });
  var cfg = CityLoopMap.config();
  var ids = JSON.parse(document.getElementById("composer-areas").textContent);
  function box(code) {
    return document.querySelector('input[name="areas"][value="' + ids[code] + '"]');
  }
  function style(feature) {
    var input = box(feature.properties.code);
    var on = input && input.checked;
    return { color: on ? "#b3261e" : "#08437f", weight: on ? 3 : 1,
             fillColor: "#b3261e", fillOpacity: on ? 0.3 : 0.02 };
  }
  if (!cfg.areas) { return; }
  fetch(cfg.areas).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
    if (!data) { return; }
    data.features = data.features.filter(function (f) { return ids[f.properties.code] && box(f.properties.code); });
    var layer = L.geoJSON(data, {
      style: style,
      onEachFeature: function (feature, shape) {
        shape.bindTooltip(feature.properties.name || "");
        shape.on("click", function () {
          var input = box(feature.properties.code);
          if (input) { input.checked = !input.checked; layer.setStyle(style); }
        });
      },
    }).addTo(map);
    document.addEventListener("change", function (e) {
      if (e.target && e.target.name === "areas") { layer.setStyle(style); }
    });
  });
})();
