// The network page (hub/intelligence/templates/intelligence/network.html): draws with Cytoscape.js what
// the server sent in the "network-data" block (nodes, edges, communities, rankings: nothing is worked
// out here), replays the links month by month, and saves the drawing as a PNG. Loaded from 'self' (CSP).
(function () {
  "use strict";
  var source = document.getElementById("network-data");
  var container = document.getElementById("network-drawing");
  if (!source || !container || typeof window.cytoscape !== "function") {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var lastSeen = function (edge) { return edge.seen_to || edge.seen_from; };
  var elements = data.nodes.map(function (node) {
    return {
      group: "nodes",
      data: {
        id: "n" + node.id,
        label: node.name,
        url: node.url,
        colour: palette[node.community % palette.length],
        size: 18 + Math.round(42 * node.betweenness),
        centre: node.id === data.centre ? "yes" : "no"
      }
    };
  }).concat(data.edges.map(function (edge) {
    return {
      group: "edges",
      data: {
        id: "e" + edge.id,
        source: "n" + edge.source,
        target: "n" + edge.target,
        label: data.kind_labels[edge.kind] || edge.kind,
        from: edge.seen_from.slice(0, 7),
        to: lastSeen(edge).slice(0, 7)
      }
    };
  }));
  var cy = window.cytoscape({
    container: container,
    elements: elements,
    layout: { name: data.nodes.length > 150 ? "circle" : "cose", animate: false, randomize: false },
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", label: "data(label)", width: "data(size)", height: "data(size)",
        "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, color: "#0b0c0c"
      } },
      { selector: "node[centre = 'yes']", style: { "border-width": 4, "border-color": "#0b0c0c" } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#505a5f", "curve-style": "bezier", label: "data(label)",
        "font-size": 8, "text-rotation": "autorotate", color: "#505a5f"
      } },
      { selector: ".hub-hidden", style: { display: "none" } }
    ]
  });
  cy.on("tap", "node", function (event) {
    window.location.assign(event.target.data("url"));
  });

  var png = document.getElementById("network-png");
  png.hidden = false;
  png.addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = cy.png({ full: true, scale: 2, bg: "#ffffff" });
    link.download = "network-" + data.centre + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  var months = data.months;
  var replay = document.getElementById("network-replay");
  if (!months.length) {
    return;
  }
  var slider = document.getElementById("network-month");
  var status = document.getElementById("network-month-status");
  var named = function (month) {
    var parts = month.split("-");
    return new Date(Number(parts[0]), Number(parts[1]) - 1, 1)
      .toLocaleDateString("en-GB", { month: "long", year: "numeric" });
  };
  slider.max = String(months.length - 1);
  slider.value = String(months.length - 1);
  var show = function (index) {
    var month = months[index];
    var drawn = 0;
    cy.batch(function () {
      cy.edges().forEach(function (edge) {
        var seen = edge.data("from") <= month;
        edge.toggleClass("hub-hidden", !seen);
        drawn += seen ? 1 : 0;
      });
      cy.nodes().forEach(function (node) {
        var linked = node.data("centre") === "yes" || node.connectedEdges(":not(.hub-hidden)").length > 0;
        node.toggleClass("hub-hidden", !linked);
      });
    });
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", named(month));
    status.textContent = "Links first seen by the end of " + named(month) + ": " + drawn + " of " + cy.edges().length + ".";
  };
  slider.addEventListener("input", function () { show(Number(slider.value)); });
  document.getElementById("network-previous").addEventListener("click", function () {
    show(Math.max(0, Number(slider.value) - 1));
  });
  document.getElementById("network-next").addEventListener("click", function () {
    show(Math.min(months.length - 1, Number(slider.value) + 1));
  });
  document.getElementById("network-all").addEventListener("click", function () {
    show(months.length - 1);
  });
  replay.hidden = false;
  show(months.length - 1);
})();
