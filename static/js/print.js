/* Progressive enhancement: a print button appears only when JavaScript runs.
   Any <button data-print-button hidden> is shown and prints the page. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print-button]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
