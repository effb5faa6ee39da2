/* The tracking page and a report's public page: copy the private link, and
 * show where the problem is.
 * Words come from the page (data attributes), translated by the server.
 */
(function () {
  "use strict";

  function copyLink(button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById("copy-status");
    function failed() {
      input.focus();
      input.select();
      status.textContent = button.getAttribute("data-copy-failed");
    }
    if (!navigator.clipboard || !window.isSecureContext) { failed(); return; }
    navigator.clipboard.writeText(input.value).then(function () {
      status.textContent = button.getAttribute("data-copied");
    }, failed);
  }

  function showMap(element) {
    if (!window.L || !window.CityLoopMap) { return; }
    var lat = parseFloat(element.getAttribute("data-lat"));
    var lon = parseFloat(element.getAttribute("data-lon"));
    if (isNaN(lat) || isNaN(lon)) { return; }
    element.hidden = false;
    var map = window.CityLoopMap.create(element, { center: [lat, lon], zoom: 16 });
    var title = element.getAttribute("data-title");
    element.setAttribute("aria-label", title);
    L.marker([lat, lon], { title: title, alt: title, keyboard: false }).addTo(map);
  }

  function start() {
    var button = document.getElementById("copy-link");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copyLink(button); });
    }
    var map = document.getElementById("track-map");
    if (map) { showMap(map); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
