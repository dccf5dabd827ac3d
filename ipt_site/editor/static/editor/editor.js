/* Content editor: a live character count under the summary. Everything works without it:
   the checks on save report a summary that is too long. */
(function () {
  "use strict";
  document.querySelectorAll("[data-count-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-count-for"));
    if (!field) return;
    var max = parseInt(field.getAttribute("data-count-max"), 10);
    // Screen readers hear only when the limit is crossed, not every key press.
    var alert = document.createElement("p");
    alert.className = "visually-hidden";
    alert.setAttribute("aria-live", "polite");
    counter.after(alert);
    var wasOver = null;
    function update() {
      var text = field.value.trim();
      var length = text ? text.split(/\s+/).join(" ").length : 0;
      var over = length > max;
      counter.classList.toggle("editor-count-over", over);
      counter.textContent = over
        ? length + " characters: " + (length - max) + " too many (at most " + max + ")"
        : length + " of " + max + " characters";
      if (wasOver !== null && over !== wasOver) {
        alert.textContent = over
          ? "The summary is now over " + max + " characters."
          : "The summary is now within " + max + " characters.";
      }
      wasOver = over;
    }
    counter.hidden = false;
    field.addEventListener("input", update);
    update();
  });
})();
