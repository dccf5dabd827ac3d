/* Content editor: no lost typing.

   - While an editor types, the form's fields are kept in this browser's localStorage (per
     page and per signed-in user, with the version of the page they started from and the
     time). Nothing is sent anywhere.
   - Opening the page again (after a crash, a reload or a sign-out) offers them back.
   - Leaving the page with unsaved changes asks first, unless the editor saves, previews
     or cancels on purpose.
   - A few minutes before the sign-in ends for lack of activity, a notice offers to stay
     signed in (a POST that only marks the session as in use).
   The hooks are data attributes on the form (see the draft_attributes template tag) and
   the words are in templates/admin/editor/includes/drafts.html. Without JavaScript the
   editor works as before. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form) return;

  var PREFIX = "ipt-editor-draft:";
  var SAVING = "ipt-editor-saving";
  var KEEP_DAYS = 14; // drafts older than this are removed
  var SAVING_FRESH_MS = 10 * 60 * 1000;
  var key = form.getAttribute("data-draft-key");
  var baseField = form.querySelector('input[name="base"]');
  var draftNotice = document.getElementById("draft-notice");
  var sessionNotice = document.getElementById("session-notice");

  function store(kind) {
    try {
      var s = window[kind];
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; // storage off or full: the warning on leaving still works
    }
  }
  var local = store("localStorage");
  var perTab = store("sessionStorage");

  function read(storage, name) {
    if (!storage) return null;
    try {
      return JSON.parse(storage.getItem(name));
    } catch (e) {
      return null;
    }
  }

  // --- The form's values -----------------------------------------------------------

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (
        el.name &&
        el.name !== "csrfmiddlewaretoken" &&
        el.name !== "base" &&
        ["submit", "button", "file", "reset"].indexOf(el.type) === -1
      );
    });
  }

  function values() {
    var out = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox") out[el.name] = el.checked;
      else if (el.type === "radio") {
        if (el.checked) out[el.name] = el.value;
      } else out[el.name] = el.value;
    });
    return out;
  }

  function same(a, b) {
    var names = Object.keys(a).concat(Object.keys(b));
    return names.every(function (name) {
      return a[name] === b[name];
    });
  }

  function fill(saved) {
    fields().forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(saved, el.name)) return;
      if (el.type === "checkbox") el.checked = !!saved[el.name];
      else if (el.type === "radio") el.checked = saved[el.name] === el.value;
      else el.value = saved[el.name];
      // Other scripts (the summary's character count) follow the value.
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  function clock(time) {
    var when = new Date(time);
    var hours = when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    if (when.toDateString() === new Date().toDateString()) return hours;
    var day = when.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" });
    return day + " at " + hours;
  }

  // --- Notices ---------------------------------------------------------------------

  function show(region, templateId, slots) {
    var content = document.getElementById(templateId).content.cloneNode(true);
    Object.keys(slots || {}).forEach(function (name) {
      var slot = content.querySelector('[data-slot="' + name + '"]');
      if (slot) slots[name](slot);
    });
    region.replaceChildren(content);
    region.hidden = false;
    document.documentElement.classList.toggle(
      "editor-session-shown",
      !sessionNotice.hidden && sessionNotice.childElementCount > 0
    );
  }

  function hide(region) {
    region.replaceChildren();
    region.hidden = true;
    document.documentElement.classList.toggle("editor-session-shown", !sessionNotice.hidden);
  }

  function focusText(region) {
    var text = region.querySelector(".editor-notice-text");
    if (text) text.focus();
  }

  // --- Drafts ----------------------------------------------------------------------

  function removeOld() {
    if (!local) return;
    var limit = Date.now() - KEEP_DAYS * 24 * 3600 * 1000;
    for (var i = local.length - 1; i >= 0; i--) {
      var name = local.key(i);
      if (name && name.indexOf(PREFIX) === 0) {
        var draft = read(local, name);
        if (!draft || !draft.savedAt || draft.savedAt < limit) local.removeItem(name);
      }
    }
  }

  // A Save sent from a page leaves a note in this tab; the page it leads to tells whether
  // it worked (the admin's success message, no errors). Only then is that draft removed:
  // a save that met the sign-in page or an error keeps it.
  // A form shown again after a save that failed (errors, or someone saved first) holds
  // typing that is not saved yet, though it is what the page loaded with.
  var notSaved = !!document.querySelector(".errornote, .errorlist, #error-summary, #conflict");

  function settleLastSave() {
    var saving = read(perTab, SAVING);
    if (!saving) return;
    perTab.removeItem(SAVING);
    var fresh = Date.now() - saving.at < SAVING_FRESH_MS;
    var succeeded = document.querySelector(".messagelist .success");
    if (fresh && succeeded && !notSaved && local) local.removeItem(saving.key);
  }

  var offered = null; // a draft offered back and not yet restored or discarded
  var initial;
  var dirty = false;
  var leaving = false;
  var cancelled = false;
  var timer = null;

  function keep() {
    timer = null;
    if (!local || offered || cancelled) return;
    if (!dirty) {
      local.removeItem(key);
      return;
    }
    var draft = {
      savedAt: Date.now(),
      base: baseField ? baseField.value : "",
      fields: values(),
    };
    try {
      local.setItem(key, JSON.stringify(draft));
    } catch (e) {
      // Storage full: the warning on leaving still protects the typing.
    }
  }

  function changed() {
    dirty = notSaved || !same(values(), initial);
    if (timer) clearTimeout(timer);
    timer = setTimeout(keep, 600);
  }

  function offer(draft) {
    offered = draft;
    show(draftNotice, "draft-offer", {
      when: function (slot) {
        slot.textContent = clock(draft.savedAt);
      },
      stale: function (slot) {
        slot.hidden = !(baseField && draft.base && draft.base !== baseField.value);
      },
    });
  }

  draftNotice.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button || !offered) return;
    var draft = offered;
    offered = null;
    if (button.getAttribute("data-action") === "restore") {
      fill(draft.fields);
      // A draft from an older version keeps that version as its base, so saving it meets
      // the editor's conflict check and shows both versions instead of overwriting.
      if (baseField && draft.base) baseField.value = draft.base;
      changed();
      show(draftNotice, "draft-restored");
    } else {
      if (local) local.removeItem(key);
      show(draftNotice, "draft-discarded");
    }
    focusText(draftNotice);
  });

  removeOld();
  settleLastSave();
  initial = values();
  var found = read(local, key);
  if (notSaved) {
    dirty = true;
    keep(); // the form is the newest typing, now based on the version it was checked against
  } else if (found && found.fields) {
    if (same(found.fields, initial)) local.removeItem(key);
    else offer(found);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  window.addEventListener("pagehide", function () {
    if (timer) {
      clearTimeout(timer);
      keep();
    }
  });

  // --- Leaving the page --------------------------------------------------------------

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.getAttribute("formtarget") === "_blank") return; // preview
    if (timer) clearTimeout(timer);
    keep(); // kept until the page after the save says it worked
    leaving = true;
    if (perTab) perTab.setItem(SAVING, JSON.stringify({ key: key, at: Date.now() }));
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-editor-cancel], a[data-editor-leave]");
    if (!link) return;
    leaving = true;
    if (link.hasAttribute("data-editor-cancel")) {
      cancelled = true;
      if (timer) clearTimeout(timer);
      if (local) local.removeItem(key);
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || !dirty) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to ask
  });

  // Back from the browser's cache (the back button after leaving): ask again if needed.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) leaving = cancelled = false;
  });

  // --- The sign-in's idle limit -------------------------------------------------------

  var sessionUrl = form.getAttribute("data-session-url");
  var left = parseInt(form.getAttribute("data-session-left"), 10);
  var warnBefore = parseInt(form.getAttribute("data-session-warn"), 10);
  if (!sessionUrl || isNaN(left) || isNaN(warnBefore)) return;
  var endsAt = Date.now() + left * 1000;
  var state = "quiet"; // quiet, warned, limit, ended
  var csrf = form.querySelector('input[name="csrfmiddlewaretoken"]');

  function ended() {
    state = "ended";
    show(sessionNotice, "session-ended", {
      "sign-in": function (slot) {
        slot.href = form.getAttribute("data-sign-in-url");
      },
    });
  }

  function when(slot) {
    slot.textContent = clock(endsAt);
  }

  function tick() {
    var now = Date.now();
    if (state !== "ended" && now >= endsAt) ended();
    else if (state === "quiet" && now >= endsAt - warnBefore * 1000) {
      state = "warned";
      show(sessionNotice, "session-warning", { when: when });
    }
  }

  sessionNotice.addEventListener("click", function (event) {
    var button = event.target.closest('button[data-action="stay"]');
    if (!button) return;
    button.disabled = true;
    fetch(sessionUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf.value : "", Accept: "application/json" },
    })
      .then(function (response) {
        var json = response.headers.get("Content-Type") || "";
        if (!response.ok || response.redirected || json.indexOf("application/json") === -1) {
          throw new Error("signed out");
        }
        return response.json();
      })
      .then(function (answer) {
        endsAt = Date.now() + answer.seconds_left * 1000;
        if (answer.extended) {
          state = "quiet";
          show(sessionNotice, "session-kept");
          setTimeout(function () {
            if (state === "quiet") hide(sessionNotice);
          }, 8000);
        } else {
          state = "limit";
          show(sessionNotice, "session-limit", { when: when });
        }
      })
      .catch(function () {
        ended();
      });
  });

  setInterval(tick, 1000);
})();
