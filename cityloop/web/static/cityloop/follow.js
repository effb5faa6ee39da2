/* /follow/: choose the point to follow by tapping the map, and see the distance
 * as a circle. The latitude and longitude boxes stay the way to do it without
 * a pointer or without JavaScript; the map only fills them in.
 */
(function () {
  "use strict";

  function start() {
    var element = document.getElementById("follow-map");
    var lat = document.getElementById("follow-radius-lat");
    var lon = document.getElementById("follow-radius-lon");
    var radius = document.getElementById("follow-radius-radius");
    if (!element || !lat || !lon || !radius || !window.L || !window.CityLoopMap) { return; }
    element.hidden = false;
    var hint = document.getElementById("follow-map-hint");
    if (hint) { hint.hidden = false; }
    element.setAttribute("aria-label", element.getAttribute("data-title"));
    var given = [parseFloat(lat.value), parseFloat(lon.value)];
    var placed = !isNaN(given[0]) && !isNaN(given[1]);
    var map = window.CityLoopMap.create(element, placed ? { center: given, zoom: 14 } : {});
    var circle = null;

    function draw() {
      var point = [parseFloat(lat.value), parseFloat(lon.value)];
      var metres = parseInt(radius.value, 10) || 500;
      if (isNaN(point[0]) || isNaN(point[1])) { return; }
      if (circle) {
        circle.setLatLng(point);
        circle.setRadius(metres);
      } else {
        circle = L.circle(point, { radius: metres, color: "#b3261e", weight: 2,
                                   fillOpacity: 0.12, interactive: false }).addTo(map);
      }
    }

    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(5);
      lon.value = event.latlng.lng.toFixed(5);
      draw();
    });
    [lat, lon, radius].forEach(function (input) { input.addEventListener("change", draw); });
    draw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
