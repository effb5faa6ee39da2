/* The new-proposal form's map: tap to drop the one optional pin, tap again to move it.
 * The point travels in the hidden lat/lon fields; without JavaScript the form works
 * without a place (the map and its buttons stay hidden). */
(function () {
  "use strict";
  var element = document.getElementById("propose-map");
  if (!element || !window.L || !window.CityLoopMap) { return; }
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  var strings = JSON.parse((document.getElementById("propose-strings") || {}).textContent || "{}");
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var status = document.getElementById("point-status");
  var map = window.CityLoopMap.create(element);
  var marker = null;

  function place(latlng, announce) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (announce) { status.textContent = strings.placed || ""; }
  }

  // A form shown again after a refusal keeps its pin.
  if (lat.value && lon.value) {
    var kept = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
    place(kept, false);
    map.setView(kept, Math.max(map.getZoom(), 15));
  }
  map.on("click", function (event) { place(event.latlng, true); });
  // By keyboard: the map pans with the arrow keys once focused, and this puts the pin
  // at its centre (marked by a cross), as tapping would.
  document.getElementById("centre-point").addEventListener("click", function () {
    place(map.getCenter(), true);
  });
  document.getElementById("clear-point").addEventListener("click", function () {
    if (marker) { map.removeLayer(marker); marker = null; }
    lat.value = "";
    lon.value = "";
    status.textContent = strings.none || "";
  });
})();
