// Saves a theme's answers (messages come translated from the status line's data-*) as they change. Without JavaScript "Save and continue" saves them.
// The view answers {"version", "saved_at"}, or 409 when someone else saved first.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var status = form.querySelector("[data-autosave-status]");
  var version = form.querySelector("input[name='version']");
  var stopped = false;
  var queued = false;
  var saving = false;
  var submitWhenSaved = false;

  function say(text) {
    status.textContent = text;
  }

  function save() {
    if (stopped) {
      return;
    }
    if (saving) {
      queued = true; // save again once this save has its new version
      return;
    }
    saving = true;
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Autosave": "1", Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(function (reply) {
        if (reply.status === 200) {
          version.value = reply.data.version;
          say(status.dataset.saved + " " + reply.data.saved_at);
        } else if (reply.status === 409) {
          stopped = true;
          say(status.dataset.conflict);
        } else {
          // Say what to change: "Vision must be 20,000 characters or fewer".
          var errors = (reply.data && reply.data.errors) || {};
          var messages = Object.keys(errors).map(function (name) {
            return errors[name].map(function (error) { return error.message; }).join(" ");
          });
          say([status.dataset.invalid].concat(messages).join(" "));
        }
      })
      .catch(function () {
        say(status.dataset.failed);
      })
      .finally(function () {
        saving = false;
        if (submitWhenSaved) {
          form.submit(); // now with the version this save returned
        } else if (queued) {
          queued = false;
          save();
        }
      });
  }

  form.addEventListener("change", save);
  // "Save and continue" pressed mid-save would name the old version and meet a conflict.
  form.addEventListener("submit", function (event) {
    if (saving) {
      event.preventDefault();
      submitWhenSaved = true;
    }
  });
});
