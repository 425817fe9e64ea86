// The places map (hub/intelligence/templates/intelligence/places.html): draws with Leaflet the places the
// server sent in the "places-data" block (nothing is worked out here). Tiles only when the Hub is set up
// with a tile server of its own (HUB_MAP_TILES); otherwise the points stand on a plain background,
// fitted to them. The table below the map holds the same places. Loaded from 'self' (CSP).
(function () {
  "use strict";
  var source = document.getElementById("places-data");
  var container = document.getElementById("places-map");
  if (!source || !container || typeof window.L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var L = window.L;
  var map = L.map(container, { attributionControl: Boolean(data.tiles), zoomSnap: 0.5 });
  if (data.tiles) {
    L.tileLayer(data.tiles, { attribution: data.attribution || "", maxZoom: 19 }).addTo(map);
    map.attributionControl.setPrefix(false);
  } else {
    container.classList.add("hub-map--plain");
  }
  L.control.scale({ imperial: false }).addTo(map);

  var popup = function (place) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.className = "govuk-link";
    link.href = place.url;
    link.textContent = place.name;
    var count = document.createElement("p");
    count.className = "govuk-body-s govuk-!-margin-0";
    count.textContent = place.location_type_name + ": " + place.children_count +
      (place.children_count === 1 ? " child" : " children");
    box.appendChild(link);
    box.appendChild(count);
    return box;
  };

  // A few places are named on the map itself; more would crowd it, so then a name shows on hover.
  var named = data.places.length <= 12;
  var bounds = [];
  data.places.forEach(function (place) {
    var at = [place.latitude, place.longitude];
    bounds.push(at);
    L.circleMarker(at, {
      radius: 4 + 4 * Math.sqrt(place.children_count),
      color: "#0b0c0c",
      weight: 2,
      fillColor: "#d4351c",
      fillOpacity: 0.75,
      className: "hub-map-point"
    })
      .bindTooltip(place.name + " (" + place.children_count + ")", {
        permanent: named,
        direction: "right",
        offset: [8, 0]
      })
      .bindPopup(popup(place))
      .addTo(map);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16 });
  } else {
    container.hidden = true;
  }
}());
