/* "Exit this page" (GOV.UK's pattern): the button, or Shift pressed three times within five
   seconds, hides this page at once and replaces it in the browser's history with a
   neutral site, so Back does not return to it. Without JavaScript the button is a link. */
(function () {
  "use strict";
  var root = document.querySelector("[data-exit-this-page]");
  if (!root) {
    return;
  }
  var button = root.querySelector("[data-exit-this-page-button]");
  var status = root.querySelector("[data-exit-this-page-status]");
  var PRESSES = 3;
  var WINDOW_MS = 5000;
  var presses = 0;
  var timer = null;
  var otherKey = false;

  function reset() {
    presses = 0;
    window.clearTimeout(timer);
    if (status) {
      status.textContent = "";
    }
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    reset();
    document.documentElement.classList.add("exit-this-page-leaving");
    document.title = "Loading";
    window.location.replace(button.href);
  }

  button.addEventListener("click", leave);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      otherKey = false;
    } else {
      otherKey = true; // Shift with a letter is typing, not a call to leave
      reset();
    }
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift" || otherKey) {
      return;
    }
    presses += 1;
    if (presses >= PRESSES) {
      leave();
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(reset, WINDOW_MS);
    var left = PRESSES - presses;
    if (status) {
      status.textContent = "Shift, press " + left + " more time" + (left === 1 ? "" : "s") +
        " to exit.";
    }
  });
})();
