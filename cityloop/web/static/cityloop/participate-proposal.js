/* A proposal's small map: its point, centred, nothing to click. */
(function () {
  "use strict";
  var element = document.getElementById("proposal-map");
  var data = document.getElementById("proposal-point");
  if (!element || !data || !window.L || !window.CityLoopMap) { return; }
  var point = JSON.parse(data.textContent);
  var map = window.CityLoopMap.create(element);
  var latlng = L.latLng(point.lat, point.lon);
  L.marker(latlng, { keyboard: false }).addTo(map);
  map.setView(latlng, 16);
})();
