/* The shareable asset map: draws the places from the JSON embedded in the page.
   Every piece of text goes into the page with textContent, never as HTML, so nothing a
   person typed can run. Works from a file with no internet (tiles are optional). */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("coprod-data").textContent);
  var CATS = DATA.categories;          // [[key, label, colour], ...]
  var A = DATA.assets;                 // [[lat, lon, name, [cat indexes], postcode, description, own words, details, website, approximate], ...]
  var PAGE = 100;
  var shown = PAGE;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  var map = L.map("map", {preferCanvas: true, maxZoom: 19, keyboard: true});
  var bounds = DATA.bounds; // [[south, west], [north, east]]
  map.fitBounds(bounds);

  // Small areas: always drawn, so the map makes sense with no street map.
  var renderer = L.canvas();
  if (DATA.areas) {
    L.geoJSON(DATA.areas, {
      renderer: renderer, interactive: false,
      style: function (f) {
        var fill = f.properties.f;
        return {color: "#555", weight: 0.7, fillColor: fill || "#fff", fillOpacity: fill ? 0.5 : 0.05};
      }
    }).addTo(map);
  }

  // Street map when there is internet; on failure the outlines stay and a note says why.
  var note = document.getElementById("tiles-note");
  if (navigator.onLine !== false && DATA.tiles) {
    var tiles = L.tileLayer(DATA.tiles.url, {maxZoom: 19, attribution: DATA.tiles.attribution});
    var failed = false;
    tiles.on("tileerror", function () {
      if (failed) { return; }
      failed = true;
      map.removeLayer(tiles);
      note.textContent = "The street map needs the internet, so only the small-area outlines are shown.";
    });
    tiles.addTo(map);
  } else {
    note.textContent = "No internet: only the small-area outlines are shown under the places.";
  }

  var icons = CATS.map(function (c) {
    return L.divIcon({className: "coprod-marker", iconSize: [14, 14], iconAnchor: [7, 7],
                      html: '<span class="coprod-dot" style="background:' + c[2] + '"></span>'});
  });

  function catNames(a) { return a[3].map(function (i) { return CATS[i][1]; }).join(", "); }

  function details(a) {
    var box = el("div", null, "coprod-details");
    box.appendChild(el("p", catNames(a), "coprod-cats"));
    if (a[5]) { box.appendChild(el("p", a[5])); }
    if (a[6]) {
      box.appendChild(el("p", "In our own words:", "coprod-label"));
      box.appendChild(el("blockquote", a[6]));
    }
    var rows = a[7] || [];
    if (rows.length) {
      var dl = el("dl");
      rows.forEach(function (r) { dl.appendChild(el("dt", r[0])); dl.appendChild(el("dd", r[1])); });
      box.appendChild(dl);
    }
    if (a[8] && /^https?:\/\//i.test(a[8])) {
      var link = el("a", "Website");
      link.href = a[8]; link.target = "_blank"; link.rel = "noopener noreferrer";
      var p = el("p"); p.appendChild(link); box.appendChild(p);
    }
    if (a[9]) { box.appendChild(el("p", "The place shown is approximate, on purpose.", "coprod-approx")); }
    return box;
  }

  function popup(i) {
    var a = A[i];
    var box = el("div", null, "coprod-popup");
    box.appendChild(el("h3", a[2]));
    box.appendChild(details(a));
    return box;
  }

  var markers = new Array(A.length);
  for (var i = 0; i < A.length; i++) {
    var a = A[i];
    var m = L.marker([a[0], a[1]], {icon: icons[a[3][0] || 0], title: a[2], alt: a[2], keyboard: true});
    m.bindPopup(popup.bind(null, i), {maxWidth: 320});
    markers[i] = m;
  }

  var cluster = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 45, showCoverageOnHover: false,
                                      chunkProgress: function (done, total) {
                                        if (done === total) { ready(); }
                                      }});
  map.addLayer(cluster);

  var search = document.getElementById("search");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-cat]"));
  var list = document.getElementById("list");
  var count = document.getElementById("count");
  var more = document.getElementById("more");
  var visible = [];

  function matches() {
    var want = search.value.trim().toLowerCase();
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-cat")] = b.checked; });
    var out = [];
    for (var i = 0; i < A.length; i++) {
      var a = A[i];
      if (want && a[2].toLowerCase().indexOf(want) < 0) { continue; }
      var any = a[3].length === 0;
      for (var k = 0; k < a[3].length; k++) { if (on[a[3][k]]) { any = true; break; } }
      if (any) { out.push(i); }
    }
    return out;
  }

  function showOnMap(i, button) {
    cluster.zoomToShowLayer(markers[i], function () { markers[i].openPopup(); });
  }

  function drawList() {
    list.textContent = "";
    var end = printing ? visible.length : Math.min(shown, visible.length);
    for (var n = 0; n < end; n++) {
      var i = visible[n], a = A[i];
      var li = el("li");
      var name = el("button", a[2], "coprod-name");
      name.type = "button";
      name.setAttribute("aria-expanded", "false");
      var detailsId = "d" + i;
      name.setAttribute("aria-controls", detailsId);
      var meta = el("span", catNames(a) + (a[4] ? " · " + a[4] : ""), "coprod-meta");
      var box = details(a); box.id = detailsId; box.hidden = true;
      var go = el("button", "Show on map", "coprod-go"); go.type = "button";
      go.setAttribute("aria-label", "Show " + a[2] + " on the map");
      name.addEventListener("click", (function (b, d) {
        return function () { var open = b.getAttribute("aria-expanded") === "true";
          b.setAttribute("aria-expanded", open ? "false" : "true"); d.hidden = open; };
      })(name, box));
      go.addEventListener("click", showOnMap.bind(null, i));
      li.appendChild(name); li.appendChild(meta); li.appendChild(go); li.appendChild(box);
      list.appendChild(li);
    }
    more.hidden = end >= visible.length;
    count.textContent = "Showing " + visible.length + " of " + A.length + " places" +
      (end < visible.length ? " (the first " + end + " are listed)." : ".");
  }

  function apply() {
    visible = matches();
    shown = PAGE;
    cluster.clearLayers();
    cluster.addLayers(visible.map(function (i) { return markers[i]; }));
    drawList();
  }

  var timer = null;
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 200); });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  more.addEventListener("click", function () { shown += PAGE; drawList(); });

  // Printed, the list holds every place of the current filter ("Show more" cannot be pressed on paper).
  var printing = false;
  function setPrinting(on) {
    if (printing === on) { return; }
    printing = on;
    drawList();
  }
  window.addEventListener("beforeprint", function () { setPrinting(true); });
  window.addEventListener("afterprint", function () { setPrinting(false); });
  if (window.matchMedia) {
    var printQuery = window.matchMedia("print");
    var onPrintChange = function (e) { setPrinting(e.matches); };
    if (printQuery.addEventListener) { printQuery.addEventListener("change", onPrintChange); }
    else if (printQuery.addListener) { printQuery.addListener(onPrintChange); }
  }

  var isReady = false;
  function ready() {
    if (isReady) { return; }
    isReady = true;
    requestAnimationFrame(function () { requestAnimationFrame(function () {
      window.coprodMapDrawn = performance.now();
      document.body.setAttribute("data-map-ready", "yes");
    }); });
  }
  printing = !!(window.matchMedia && window.matchMedia("print").matches);
  visible = A.map(function (_, i) { return i; });
  cluster.addLayers(markers);
  if (A.length === 0) { ready(); }
  drawList();
  if (!cluster.options.chunkedLoading || A.length < 1) { ready(); }
  window.coprodMap = {map: map, cluster: cluster, markers: markers, apply: apply};
})();
