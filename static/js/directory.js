/* The directory's small helpers, all optional: every page works without them.

   1. The filter panel (a <details>) is sent folded, so on a phone the results come
      first; where there is room beside the results, it is opened.
   2. A shortlist kept in this browser only (localStorage): "Add to my shortlist"
      buttons, the count beside "Your shortlist", and the shortlist page itself, with
      the visitor's own status for each therapist. Nothing is ever sent to the server.
*/
(function () {
  "use strict";

  var WIDE = "(min-width: 992px)"; /* the directory's two-column layout (site.css) */
  var KEY = "ipt-shortlist-v1";
  var MAX_ITEMS = 50;
  var STATUSES = ["to-contact", "contacted", "waiting", "intro-booked"];
  var SLUG = /^[a-z0-9][a-z0-9-]{0,139}$/;

  var panel = document.querySelector("[data-filter-panel]");
  if (panel && window.matchMedia && window.matchMedia(WIDE).matches) {
    panel.open = true;
  }

  /* --- The shortlist: stored as [{slug, name, status}], checked on every read --- */

  function storage() {
    try {
      var probe = "ipt-probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; /* switched off, or full: no shortlist, and no buttons for one */
    }
  }

  var store = storage();
  if (!store) {
    return;
  }

  function valid(item) {
    return (
      item &&
      typeof item.slug === "string" &&
      SLUG.test(item.slug) &&
      typeof item.name === "string" &&
      item.name.length > 0 &&
      item.name.length <= 200 &&
      STATUSES.indexOf(item.status) !== -1
    );
  }

  function read() {
    var items;
    try {
      items = JSON.parse(store.getItem(KEY) || "[]");
    } catch (error) {
      items = [];
    }
    if (!Array.isArray(items)) {
      items = [];
    }
    return items.filter(valid).slice(0, MAX_ITEMS);
  }

  function write(items) {
    try {
      if (items.length) {
        store.setItem(KEY, JSON.stringify(items));
      } else {
        store.removeItem(KEY);
      }
    } catch (error) {
      /* storage full: the list stays as it was */
    }
    refresh();
  }

  function find(items, slug) {
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].slug === slug) {
        return i;
      }
    }
    return -1;
  }

  function profileUrl(slug) {
    return "/therapists/" + slug + "/";
  }

  /* A live region for "added" / "removed", made once so screen readers announce it. */
  var announcer = document.createElement("p");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  document.body.appendChild(announcer);

  function announce(words) {
    announcer.textContent = words;
  }

  /* --- "Add to my shortlist" buttons, and the count beside "Your shortlist" --- */

  var buttons = document.querySelectorAll("[data-shortlist-add]");

  /* The words say what pressing does; the name keeps the visible words first (WCAG 2.5.3). */
  function paintButton(button, items) {
    var on = find(items, button.getAttribute("data-slug")) !== -1;
    var words = on ? "Remove from my shortlist" : "Add to my shortlist";
    button.textContent = words;
    button.setAttribute("aria-label", words + ": " + button.getAttribute("data-name"));
    button.classList.toggle("shortlist-on", on);
  }

  function refresh() {
    var items = read();
    Array.prototype.forEach.call(buttons, function (button) {
      paintButton(button, items);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-shortlist-count]"), function (el) {
      el.textContent = items.length ? " (" + items.length + ")" : "";
    });
  }

  Array.prototype.forEach.call(buttons, function (button) {
    var slug = button.getAttribute("data-slug");
    var name = button.getAttribute("data-name");
    if (!SLUG.test(slug || "") || !name) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var items = read();
      var at = find(items, slug);
      if (at === -1) {
        if (items.length >= MAX_ITEMS) {
          announce("Your shortlist is full. Remove someone first.");
          return;
        }
        items.push({ slug: slug, name: name, status: "to-contact" });
        announce(name + " is on your shortlist.");
      } else {
        items.splice(at, 1);
        announce(name + " is no longer on your shortlist.");
      }
      write(items);
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-shortlist-hint]"), function (el) {
    el.hidden = false;
  });

  /* --- The shortlist page --- */

  var app = document.querySelector("[data-shortlist-app]");
  if (app) {
    var list = app.querySelector("[data-shortlist-items]");
    var template = app.querySelector("[data-shortlist-template]");
    var empty = app.querySelector("[data-shortlist-empty]");
    var clearArea = app.querySelector("[data-shortlist-clear-area]");
    var status = app.querySelector("[data-shortlist-status]");
    var fallback = document.querySelector("[data-shortlist-fallback]");
    if (fallback) {
      fallback.hidden = true;
    }
    app.hidden = false;

    var field = function (node, name) {
      return node.querySelector('[data-field="' + name + '"]');
    };

    var render = function () {
      var items = read();
      list.textContent = "";
      items.forEach(function (item) {
        var node = template.content.firstElementChild.cloneNode(true);
        var link = field(node, "link");
        link.href = profileUrl(item.slug);
        link.textContent = item.name;
        var select = field(node, "status");
        select.id = "status-" + item.slug;
        select.value = item.status;
        var label = field(node, "status-label");
        label.setAttribute("for", select.id);
        var withWhom = document.createElement("span");
        withWhom.className = "visually-hidden";
        withWhom.textContent = " with " + item.name;
        label.appendChild(withWhom);
        select.addEventListener("change", function () {
          var now = read();
          var at = find(now, item.slug);
          if (at !== -1 && STATUSES.indexOf(select.value) !== -1) {
            now[at].status = select.value;
            write(now);
            status.textContent = "Saved in this browser.";
          }
        });
        var enquire = field(node, "enquire");
        enquire.href = "/contact/?therapist=" + encodeURIComponent(item.slug);
        enquire.appendChild(document.createTextNode(" "));
        var to = document.createElement("span");
        to.className = "visually-hidden";
        to.textContent = "to " + item.name;
        enquire.appendChild(to);
        var remove = field(node, "remove");
        remove.textContent = "Remove ";
        var who = document.createElement("span");
        who.className = "visually-hidden";
        who.textContent = item.name + " from your shortlist";
        remove.appendChild(who);
        remove.addEventListener("click", function () {
          var now = read();
          var at = find(now, item.slug);
          if (at !== -1) {
            now.splice(at, 1);
            write(now);
          }
          render();
          status.textContent = item.name + " is no longer on your shortlist.";
          app.closest("main").focus();
        });
        list.appendChild(node);
      });
      empty.hidden = items.length > 0;
      clearArea.hidden = items.length === 0;
    };

    app.querySelector("[data-shortlist-clear]").addEventListener("click", function () {
      if (window.confirm("Clear your whole shortlist from this browser?")) {
        write([]);
        render();
        status.textContent = "Your shortlist is cleared.";
        app.closest("main").focus();
      }
    });
    render();
  }

  refresh();
})();
