/* The warned areas on the city's map (/warnings/ and each warning's page).
 * The features come from the page (#warnings-data), coloured by severity;
 * the list of warnings on the page is the text alternative to the map.
 */
(function () {
  "use strict";

  var node = document.getElementById("warnings-map");
  var dataNode = document.getElementById("warnings-data");
  if (!node || !dataNode || !window.L || !window.CityLoopMap) { return; }
  var data = JSON.parse(dataNode.textContent);
  var COLOURS = { Extreme: "#7a0019", Severe: "#b3261e", Moderate: "#c25e00",
                  Minor: "#8a6d00", Unknown: "#4a4a4a" };

  var map = CityLoopMap.create(node);
  var layer = L.geoJSON(data, {
    style: function (feature) {
      var colour = COLOURS[feature.properties.severity] || COLOURS.Unknown;
      return { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.25 };
    },
    onEachFeature: function (feature, shape) {
      var box = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = feature.properties.headline;
      var area = document.createElement("p");
      area.textContent = feature.properties.area;
      box.appendChild(title);
      box.appendChild(area);
      shape.bindPopup(box);
    },
  }).addTo(map);
  if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [12, 12] }); }
})();
