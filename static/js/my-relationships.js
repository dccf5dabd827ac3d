/* The relationships worksheet, made a little nicer when JavaScript runs:
   - draws the closeness circle live as names and circles are filled in;
   - keeps a draft in this browser (localStorage) only when the person ticks the box;
   - "Delete my notes" removes that draft and empties the form.
   Nothing here sends anything anywhere. Without this file the worksheet works the same,
   with no draft and no live drawing. The geometry matches ipt_site/selfcheck/inventory.py. */
(function () {
  "use strict";

  var KEY = "ipt-my-relationships-draft";
  var SVG = "http://www.w3.org/2000/svg";
  var SIZE = 600;
  var CENTRE = SIZE / 2;
  var YOU_RADIUS = 38;
  var DOT_RADIUS = 19;
  var CIRCLES = [
    { key: "inner", label: "Inner circle", ring: 120, band: 78, start: -90 },
    { key: "middle", label: "Middle circle", ring: 205, band: 160, start: -70 },
    { key: "outer", label: "Outer circle", ring: 290, band: 245, start: -50 }
  ];

  function storage() {
    try {
      var probe = KEY + "-probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // storage turned off, or a private window that refuses it
    }
  }

  function readDraft(store) {
    if (!store) { return null; }
    try {
      var draft = JSON.parse(store.getItem(KEY) || "null");
      return draft && typeof draft === "object" ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function setStatus(message) {
    var statuses = document.querySelectorAll("[data-ws-status]");
    Array.prototype.forEach.call(statuses, function (status) {
      status.textContent = message;
    });
  }

  function deleteDraft(store) {
    if (store) { store.removeItem(KEY); }
  }

  // --- The form page -------------------------------------------------------------------

  function noteFields(form) {
    // Every field the person types in; not the security token or the row count.
    return Array.prototype.filter.call(form.elements, function (element) {
      return (
        element.name &&
        element.name !== "csrfmiddlewaretoken" &&
        element.name.indexOf("FORMS") === -1 &&
        (element.tagName === "TEXTAREA" || element.type === "text" || element.type === "radio")
      );
    });
  }

  function collect(form) {
    var values = {};
    noteFields(form).forEach(function (element) {
      if (element.type === "radio") {
        if (element.checked) { values[element.name] = element.value; }
      } else if (element.value.trim() !== "") {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function fill(form, values) {
    noteFields(form).forEach(function (element) {
      var value = Object.prototype.hasOwnProperty.call(values, element.name) ? values[element.name] : "";
      if (element.type === "radio") {
        element.checked = element.value === value;
      } else {
        element.value = typeof value === "string" ? value : "";
      }
    });
  }

  function people(form) {
    var rows = form.querySelectorAll("[data-ws-person]");
    var found = [];
    Array.prototype.forEach.call(rows, function (row) {
      var number = row.getAttribute("data-ws-person");
      var name = row.querySelector("input[type=text]");
      var chosen = row.querySelector("input[type=radio]:checked");
      if (name && name.value.trim() && chosen) {
        found.push({ number: number, name: name.value.trim(), circle: chosen.value });
      }
    });
    return found;
  }

  function svgElement(name, attributes, text) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    if (text !== undefined) { element.textContent = text; }
    return element;
  }

  function describe(list) {
    var parts = CIRCLES.map(function (circle) {
      var names = list.filter(function (person) { return person.circle === circle.key; })
        .map(function (person) { return person.name; });
      return circle.label + ": " + (names.length ? names.join(", ") : "nobody yet") + ".";
    });
    return "You are in the middle. " + parts.join(" ");
  }

  function draw(holder, list) {
    var svg = svgElement("svg", {
      "class": "ws-svg",
      viewBox: "0 0 " + SIZE + " " + SIZE,
      role: "img",
      "aria-labelledby": "ws-live-title"
    });
    svg.appendChild(svgElement("title", { id: "ws-live-title" }, describe(list)));
    CIRCLES.slice().reverse().forEach(function (circle) {
      svg.appendChild(svgElement("circle", {
        "class": "ws-ring ws-ring-" + circle.key, cx: CENTRE, cy: CENTRE, r: circle.ring
      }));
    });
    CIRCLES.forEach(function (circle) {
      svg.appendChild(svgElement("text", {
        "class": "ws-ring-label", x: CENTRE, y: CENTRE + circle.ring - 6, "text-anchor": "middle"
      }, circle.label));
    });
    svg.appendChild(svgElement("circle", { "class": "ws-you", cx: CENTRE, cy: CENTRE, r: YOU_RADIUS }));
    svg.appendChild(svgElement("text", {
      "class": "ws-you-label", x: CENTRE, y: CENTRE + 7, "text-anchor": "middle"
    }, "You"));
    CIRCLES.forEach(function (circle) {
      var members = list.filter(function (person) { return person.circle === circle.key; });
      members.forEach(function (person, i) {
        var angle = (circle.start + (360 * i) / members.length) * Math.PI / 180;
        var x = (CENTRE + circle.band * Math.cos(angle)).toFixed(1);
        var y = (CENTRE + circle.band * Math.sin(angle)).toFixed(1);
        var group = svgElement("g", { "class": "ws-dot" });
        group.appendChild(svgElement("circle", { cx: x, cy: y, r: DOT_RADIUS }));
        group.appendChild(svgElement("text", { x: x, y: y, dy: 6, "text-anchor": "middle" }, person.number));
        svg.appendChild(group);
      });
    });
    var key = document.createElement("ol");
    key.className = "ws-key-list ws-live-key";
    list.forEach(function (person) {
      var item = document.createElement("li");
      var number = document.createElement("span");
      number.className = "ws-num";
      number.setAttribute("aria-hidden", "true");
      number.textContent = person.number;
      item.appendChild(number);
      item.appendChild(document.createTextNode(" " + person.name));
      key.appendChild(item);
    });
    holder.textContent = "";
    holder.appendChild(svg);
    if (list.length) { holder.appendChild(key); }
  }

  function openMoreIfUsed(form) {
    var more = form.querySelector("[data-ws-more]");
    if (!more) { return; }
    var used = Array.prototype.some.call(more.querySelectorAll("input, textarea"), function (element) {
      return element.type === "radio" ? element.checked : element.value.trim() !== "";
    });
    if (used) { more.open = true; }
  }

  function setUpForm(form) {
    var store = storage();
    var panel = document.querySelector("[data-ws-draft]");
    var keep = document.querySelector("[data-ws-keep]");
    var removeButton = document.querySelector("[data-ws-delete]");
    var live = document.querySelector("[data-ws-live]");
    var holder = document.querySelector("[data-ws-drawing]");

    Array.prototype.forEach.call(document.querySelectorAll("[data-ws-nojs]"), function (el) { el.hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-ws-js]"), function (el) { el.hidden = false; });
    panel.hidden = false;
    live.hidden = false;

    if (!store) {
      keep.disabled = true;
      setStatus("This browser cannot keep a draft, so nothing is kept on this device.");
    }

    var draft = readDraft(store);
    if (draft) {
      keep.checked = true;
      if (Object.keys(collect(form)).length === 0) {
        fill(form, draft);
        openMoreIfUsed(form);
        setStatus("Your draft from this browser has been put back.");
      } else {
        // The page came back from the server with what was typed: that is the newest.
        store.setItem(KEY, JSON.stringify(collect(form)));
      }
    }

    function redraw() { draw(holder, people(form)); }

    function save() {
      if (store && keep.checked) { store.setItem(KEY, JSON.stringify(collect(form))); }
    }

    form.addEventListener("input", function () { save(); redraw(); });
    form.addEventListener("change", function (event) {
      if (event.target === keep) { return; }
      save();
      redraw();
    });

    keep.addEventListener("change", function () {
      if (keep.checked) {
        save();
        setStatus("A draft is now kept in this browser, on this device, as you type.");
      } else {
        deleteDraft(store);
        setStatus("The draft has been removed from this browser. What you typed is still on this page.");
      }
    });

    removeButton.addEventListener("click", function () {
      deleteDraft(store);
      keep.checked = false;
      fill(form, {});
      redraw();
      setStatus("Your notes have been deleted from this page and from this browser.");
    });

    redraw();
  }

  // --- The summary page ----------------------------------------------------------------

  function setUpSummary(box) {
    var store = storage();
    if (!readDraft(store)) { return; }
    box.hidden = false;
    box.querySelector("[data-ws-delete]").addEventListener("click", function () {
      deleteDraft(store);
      box.hidden = true;
      setStatus("Your draft has been deleted from this browser.");
      // The button has gone: keep keyboard focus in the same place, on the message.
      var status = document.querySelector("[data-ws-status]");
      status.setAttribute("tabindex", "-1");
      status.focus();
    });
  }

  var form = document.querySelector("[data-ws-form]");
  if (form) { setUpForm(form); }
  var left = document.querySelector("[data-ws-draft-left]");
  if (left) { setUpSummary(left); }
})();
