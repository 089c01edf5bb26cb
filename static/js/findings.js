// "Raise it in the decision": adds a finding's prepared sentence to the decision's message.
// Without JavaScript the sentence is on the page to copy, and the button stays hidden.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-raise-into]").forEach(function (button) {
    var field = document.getElementById(button.dataset.raiseInto);
    var sentence = document.getElementById(button.dataset.raiseFrom);
    if (!field || !sentence) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = sentence.textContent.trim();
      if (field.value.indexOf(text) === -1) {
        field.value = field.value.trim() ? field.value.replace(/\s+$/, "") + "\n\n" + text : text;
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
      var status = button.parentElement.querySelector("[data-raised]");
      if (status) {
        status.textContent = button.dataset.raisedText || "";
      }
      field.focus();
    });
  });
});
