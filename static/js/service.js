// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen reader users hear what went wrong first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", focusFieldOfError);
  }
});

// An error's link moves focus to its field without putting "#field" in the address: forms
// post back to their own address, and that fragment would then take focus from the summary.
function focusFieldOfError(event) {
  var link = event.target.closest("a[href^='#']");
  var field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (!field) {
    return;
  }
  event.preventDefault();
  // Bring the field's label (or its group's legend) into view with it.
  var fieldset = field.closest("fieldset");
  var label = (fieldset && fieldset.querySelector("legend")) || field.labels && field.labels[0];
  (label || field).scrollIntoView();
  field.focus({ preventScroll: true });
}
