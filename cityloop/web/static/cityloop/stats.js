/* Public statistics map: public cases (GET /stats/cases.geojson), clustered.
 * Open cases are round blue markers, resolved ones green squares with a tick.
 * Every word comes from the server (#stats-config); the case list at
 * /stats/cases/ is the text alternative to this map.
 */
(function () {
  "use strict";

  var node = document.getElementById("stats-map");
  var cfgNode = document.getElementById("stats-config");
  if (!node || !cfgNode || !window.L || !window.CityLoopMap) { return; }
  var cfg = JSON.parse(cfgNode.textContent);

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  function el(tag, text) {
    var n = document.createElement(tag);
    if (text !== undefined) { n.textContent = text; }
    return n;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.className = "stats-popup";
    box.appendChild(el("h3", p.category));
    var head = el("p");
    var link = el("a", p.ref);
    // Each case's public page is /cases/<reference>/ under the lookup's address.
    link.href = cfg.urls.casePage + encodeURIComponent(p.ref) + "/";
    head.appendChild(link);
    head.appendChild(document.createTextNode(" · " + p.status_label));
    box.appendChild(head);
    if (p.area) { box.appendChild(el("p", p.area)); }
    var reported = new Date(p.reported + "T00:00:00");
    box.appendChild(el("p", format(cfg.strings.reported, {
      date: reported.toLocaleDateString(document.documentElement.lang),
    })));
    return box;
  }

  var map = CityLoopMap.create(node);
  // Clustering needs a maximum zoom; without tiles (offline) none is set.
  if (!isFinite(map.getMaxZoom())) { map.setMaxZoom(19); }
  var cluster = L.markerClusterGroup({ maxClusterRadius: 50 });
  cluster.addTo(map);
  fetch(cfg.urls.cases)
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) { return; }
      data.features.forEach(function (f) {
        var p = f.properties;
        var c = f.geometry.coordinates;
        var icon = L.divIcon({
          className: "stats-icon",
          html: '<span class="stats-marker stats-marker--' + (p.open ? "open" : "done") + '"></span>',
          iconSize: [18, 18],
        });
        cluster.addLayer(L.marker([c[1], c[0]], {
          icon: icon, title: p.ref + " · " + p.category + " · " + p.status_label, keyboard: true,
        }).bindPopup(popup(p)));
      });
    })
    .catch(function () { /* the list page shows the same cases */ });
})();
