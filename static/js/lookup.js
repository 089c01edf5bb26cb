// Type-ahead for fields marked data-lookup: suggestions from the service, as "Name (CODE)".
// Without JavaScript the field still takes an ODS code or part of a name.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-lookup]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!list || text.length < 2) {
        return;
      }
      timer = setTimeout(function () {
        fetch(input.dataset.lookup + "?q=" + encodeURIComponent(text), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (result) {
              var option = document.createElement("option");
              option.value = result.label;
              option.textContent = result.kind;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  });
});
