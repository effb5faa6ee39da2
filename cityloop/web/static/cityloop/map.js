/* Shared map set-up for every CityLoop page (Leaflet from XStatic-Leaflet).
 *
 * CityLoopMap.create(element, options) draws the base map and the city's own
 * areas (from /areas.geojson). The base map is the configured tile server's
 * tiles or, without one, the city's own base map served by CityLoop
 * (cfg.basemap: basemap.js, loaded here on first use so that no page has to
 * list it). With neither, or when no tile can be loaded (a city network
 * without internet), the areas are drawn more strongly so the map is still
 * usable. Configuration comes from the #map-config JSON element rendered by
 * the server.
 */
(function () {
  "use strict";

  function config() {
    var node = document.getElementById("map-config");
    return node ? JSON.parse(node.textContent) : {};
  }

  var basemapScript = null;

  // basemap.js, fetched once however many maps the page has.
  function withBasemap(cfg, callback) {
    if (window.CityLoopBasemap) { callback(); return; }
    if (!basemapScript) {
      basemapScript = document.createElement("script");
      basemapScript.src = cfg.basemap.script;
      document.head.appendChild(basemapScript);
    }
    basemapScript.addEventListener("load", callback);
  }

  var PRIORITY_COLOURS = { urgent: "#b3261e", high: "#c25e00", normal: "#0b5cad", low: "#4a4a4a" };

  function create(element, options) {
    var cfg = Object.assign({}, config(), options || {});
    var map = L.map(element, { zoomControl: true }).setView(cfg.center, cfg.zoom);
    var failures = 0;
    // Neither a tile server nor a base map of our own: the city's areas are the map.
    var offline = !cfg.tiles && !cfg.basemap;
    if (offline) { element.classList.add("map--offline"); }
    var areas = null;
    function goOffline() {
      if (offline) { return; }
      offline = true;
      element.classList.add("map--offline");
      if (areas) { areas.setStyle(areaStyle()); }
    }
    function areaStyle() {
      if (cfg.basemap && !offline) {
        // Over the city's own base map the outlines suffice: a tint of
        // every level (city, district, street) would grey the streets.
        return { color: "#08437f", weight: 1, opacity: 0.55, fill: false };
      }
      return { color: "#08437f", weight: offline ? 2 : 1, opacity: 1, fill: true,
               fillColor: "#0b5cad", fillOpacity: offline ? 0.25 : 0.04 };
    }
    if (cfg.tiles) {
      var tiles = L.tileLayer(cfg.tiles, {
        maxZoom: 19,
        attribution: cfg.attribution || "",
      });
      tiles.on("tileerror", function () {
        failures += 1;
        if (failures >= 4) { goOffline(); }
      });
      tiles.addTo(map);
    } else if (cfg.basemap) {
      if (cfg.attribution) { map.attributionControl.addAttribution(cfg.attribution); }
      element.addEventListener("cityloop:basemap-failed", goOffline);
      withBasemap(cfg, function () { window.CityLoopBasemap.add(map, cfg.basemap); });
    }
    if (cfg.areas) {
      fetch(cfg.areas + (cfg.areaLevel ? "?level=" + cfg.areaLevel : ""))
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          areas = L.geoJSON(data, {
            style: areaStyle,
            interactive: false,
          }).addTo(map);
          areas.bringToBack();
        })
        .catch(function () { /* the map still works without area outlines */ });
    }
    return map;
  }

  function priorityColour(priority, overdue) {
    return overdue ? "#b3261e" : (PRIORITY_COLOURS[priority] || PRIORITY_COLOURS.normal);
  }

  window.CityLoopMap = { create: create, config: config, priorityColour: priorityColour };
})();
