/* "Help me write my first message" on the enquiry form: optional prompts that build an
   editable draft in the message box. Without JavaScript the form is as it always was.
   The prompts have no name attribute, so only the message box is ever sent. */
(function () {
  "use strict";

  var template = document.getElementById("message-helper-template");
  var message = document.getElementById("id_message");
  if (!template || !message || !template.content) {
    return;
  }
  var wrapper = message.closest(".mb-3") || message.parentNode;
  wrapper.parentNode.insertBefore(template.content.cloneNode(true), wrapper);

  var who = document.getElementById("helper-who");
  var what = document.getElementById("helper-what");
  var practical = document.getElementById("helper-practical");
  var status = document.getElementById("helper-status");

  function sentence(text) {
    text = text.trim().replace(/\s+/g, " ");
    if (!text) {
      return "";
    }
    text = text.charAt(0).toUpperCase() + text.slice(1);
    return /[.!?]$/.test(text) ? text : text + ".";
  }

  function draft() {
    var lines = [];
    if (who.value) {
      lines.push(
        "I am looking for a therapist for " + who.value + ", and I am interested in IPT."
      );
    } else {
      lines.push("I am interested in IPT and would like to know more.");
    }
    var help = sentence(what.value);
    if (help) {
      lines.push(help);
    }
    var practicalities = sentence(practical.value);
    if (practicalities) {
      lines.push("Some practical things: " + practicalities);
    }
    lines.push("Could you tell me what the next step would be?");
    return "Hello,\n\n" + lines.join("\n\n") + "\n\nThank you.";
  }

  document.getElementById("helper-build").addEventListener("click", function () {
    var text = draft();
    var before = message.value.trim();
    message.value = before ? before + "\n\n" + text : text;
    message.dispatchEvent(new Event("input", { bubbles: true }));
    status.textContent = before
      ? "We added a draft under what you had written. You can change it."
      : "Your draft is in the message box. You can change it before you send it.";
    message.focus();
  });
})();
