// A count under each field with a limit (data-character-count), as the GOV.UK character count
// does. The field has no maxlength, so nothing typed or pasted is ever cut: the count says how
// many characters are left, or how many too many, and the form refuses text over the limit
// with a message by the field. The words come translated from this script's data-* attributes.
(function () {
  var words = document.currentScript.dataset;
  // Shown from three quarters of the limit (GOV.UK's threshold): a short answer in a long
  // field is not crowded with numbers.
  var THRESHOLD = 0.75;
  // Screen readers hear the count once typing pauses, not at every key.
  var PAUSE_MS = 1000;

  function say(count, one, other) {
    return (count === 1 ? one : other).replace("{count}", count.toLocaleString("en-GB"));
  }

  function countOf(field, limit) {
    var left = limit - field.value.length;
    if (field.value.length < limit * THRESHOLD) {
      return "";
    }
    return left >= 0
      ? say(left, words.remainingOne, words.remainingOther)
      : say(-left, words.overOne, words.overOther);
  }

  function enhance(field) {
    var limit = parseInt(field.dataset.characterCount, 10);
    var shown = document.createElement("div");
    shown.id = field.id + "-character-count";
    shown.className = "form-text";
    shown.setAttribute("aria-hidden", "true");
    var heard = document.createElement("div");
    heard.className = "visually-hidden";
    heard.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", heard);
    field.insertAdjacentElement("afterend", shown);
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    field.setAttribute("aria-describedby", described.concat(shown.id).join(" "));
    var timer = null;

    function update() {
      var text = countOf(field, limit);
      shown.textContent = text;
      shown.classList.toggle("text-danger", field.value.length > limit);
      shown.classList.toggle("fw-bold", field.value.length > limit);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        heard.textContent = text;
      }, PAUSE_MS);
    }

    field.addEventListener("input", update);
    shown.textContent = countOf(field, limit);
    shown.classList.toggle("text-danger", field.value.length > limit);
    shown.classList.toggle("fw-bold", field.value.length > limit);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-character-count]").forEach(enhance);
  });
})();
