// Warn before the session times out, and let the person stay signed in with one button
// (WCAG 2.2.1). The page works without this file: the session simply ends after an idle hour.
(function () {
  var box = document.getElementById("session-timeout");
  if (!box) {
    return;
  }
  var total = Number(box.dataset.sessionSeconds);
  var warning = Number(box.dataset.warningSeconds);
  var timer = null;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(show, Math.max(total - warning, 0) * 1000);
  }

  function show() {
    box.hidden = false;
    box.focus();
  }

  box.querySelector("[data-stay-signed-in]").addEventListener("click", function () {
    fetch(box.dataset.stayUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("json") !== -1) {
        box.hidden = true;
        schedule();
      } else {
        // Already signed out: reload so the sign-in page explains.
        window.location.reload();
      }
    });
  });

  // Any save by the page (autosave) also restarts the session's hour on the server.
  document.addEventListener("service:saved", schedule);
  schedule();
})();
