/* Workspace: keep what is typed in a form in this browser between saves (unstable connections).
   Progressive enhancement only: every form works without it. The copy is restored when the page
   comes back without a confirmed save, and dropped once the server confirms one. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-draft-key]");
  if (!forms.length || !window.localStorage) return;
  var hasErrors = !!document.querySelector(".field-errors, .form-errors");
  // The server confirmed a save: the browser copy is no longer needed.
  var saved = !hasErrors && !!document.querySelector(".message-success, .message-info");
  forms.forEach(function (form) {
    var key = "log-portal-draft:" + form.getAttribute("data-draft-key");
    var fields = form.querySelectorAll("textarea, input[type=text], input[type=url], input[type=number], input[type=date], input[type=month], select");
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    var note = form.querySelector(".ws-local-note");
    if (note) note.hidden = false;
    // A fresh page without errors means the server has the latest save: restore only unsaved edits.
    if (saved) { localStorage.removeItem(key); stored = null; }
    if (stored && stored.values && !hasErrors) {
      fields.forEach(function (field) {
        if (field.name && Object.prototype.hasOwnProperty.call(stored.values, field.name)) {
          field.value = stored.values[field.name];
        }
      });
      var info = document.createElement("p");
      info.className = "muted";
      info.setAttribute("role", "status");
      info.textContent = form.getAttribute("data-restored-text") || "";
      form.insertBefore(info, form.firstChild);
    }
    function save() {
      var values = {};
      fields.forEach(function (field) { if (field.name && field.type !== "hidden") values[field.name] = field.value; });
      try { localStorage.setItem(key, JSON.stringify({ values: values, at: Date.now() })); } catch (e) { /* quota: ignore */ }
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  });
})();
