/* Workspace: keep what is typed in a form in this browser between saves (unstable connections).
   Progressive enhancement only: every form works without it; no inline script, no eval.

   Contract, for each <form data-draft-key>:
   - The key names the user and the object (templates/workspace/includes/draft_attrs.html), so a
     copy is never offered to another user, nor in another form, quarter or section.
   - Each change is copied to localStorage with the time ("kept in this browser at ..." shown)
     and the server copy the typing started from (the values the page came with).
   - When the page comes back without a confirmed save, the copy is restored field by field
     (a three-way merge). If the server copy of a field changed since (someone saved it
     elsewhere) and the copy changed it too, nothing is restored silently: a notice offers to
     restore the copy or to discard it.
   - A copy equal to what the server shows is dropped; so is a copy whose form was sent and
     answered with a success message (the save page may be another page: a new commitment's
     save leads to its edit page). A page with errors keeps it (it shows the sent input). */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-draft-key]");
  var storage;
  try { storage = window.localStorage; } catch (e) { storage = null; }  // blocked by privacy settings
  if (!forms.length || !storage) return;
  var PREFIX = "log-portal-draft:";
  var SENT = PREFIX + "sent";
  var hasErrors = !!document.querySelector(".field-errors, .form-errors, .message-error");
  var confirmed = !hasErrors && !!document.querySelector(".message-success, .message-info");
  var lang = document.documentElement.lang || undefined;

  function read(key) {
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(key, value) {
    try { storage.setItem(key, JSON.stringify(value)); } catch (e) { /* quota: ignore */ }
  }
  function time(at) {
    return new Date(at).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  }
  // The response to a form sent in the last minutes: a success drops its copy, an error keeps it.
  var sent = read(SENT);
  if (sent && (confirmed || hasErrors || Date.now() - sent.at > 600000)) {
    if (confirmed && sent.key) storage.removeItem(sent.key);
    storage.removeItem(SENT);
  }

  forms.forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-draft-key");
    var fields = Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !/^(hidden|file|password|submit|button|reset)$/.test(field.type);
    });
    function id(field) {  // checkboxes and radios of one name differ by their value
      return /^(checkbox|radio)$/.test(field.type) ? field.name + "=" + field.value : field.name;
    }
    function get(field) {
      if (/^(checkbox|radio)$/.test(field.type)) return field.checked;
      if (field.multiple) return Array.prototype.map.call(field.selectedOptions, function (o) { return o.value; }).join("\n");
      return field.value;
    }
    function set(field, value) {
      if (/^(checkbox|radio)$/.test(field.type)) field.checked = value;
      else if (field.multiple) {
        var chosen = value.split("\n");
        Array.prototype.forEach.call(field.options, function (o) { o.selected = chosen.indexOf(o.value) >= 0; });
      } else field.value = value;
    }
    function values() {
      var result = {};
      fields.forEach(function (field) { result[id(field)] = get(field); });
      return result;
    }
    function status(className) {
      var element = form.querySelector("." + className);
      if (!element) {
        element = document.createElement("p");
        element.className = "muted " + className;
        element.setAttribute("role", "status");
        var actions = form.querySelector(".ws-actions, button[type=submit]");
        form.insertBefore(element, actions && actions.parentNode === form ? actions : null);
      }
      return element;
    }
    function showKept(at) {
      var text = (form.getAttribute("data-saved-text") || "").replace("{time}", time(at));
      var element = status("ws-local-saved");
      if (element.textContent !== text) element.textContent = text;
    }

    var server = values();  // what the page came with: the server copy, or the sent input on errors
    var stored = read(key);
    var base = server;
    var note = form.querySelector(".ws-local-note");
    if (note) note.hidden = false;

    if (stored && stored.values && !hasErrors) {
      var changed = {}, conflict = false, differs = false;
      Object.keys(stored.values).forEach(function (name) {
        if (!Object.prototype.hasOwnProperty.call(server, name)) return;
        var mine = stored.values[name], was = (stored.base || {})[name], now = server[name];
        if (mine === now) return;
        var typed = was === undefined || mine !== was;
        var serverChanged = was !== undefined && now !== was;
        if (!typed) return;  // only the server changed it: keep the server's
        differs = true;
        changed[name] = mine;
        if (serverChanged) conflict = true;
      });
      var apply = function () {
        fields.forEach(function (field) {
          if (Object.prototype.hasOwnProperty.call(changed, id(field))) set(field, changed[id(field)]);
        });
        write(key, { values: values(), base: server, at: stored.at });
        showKept(stored.at);
      };
      if (!differs) {
        storage.removeItem(key);  // the server has it all
        stored = null;
      } else if (!conflict) {
        apply();
        var info = status("ws-local-restored");
        info.textContent = form.getAttribute("data-restored-text") || "";
        form.insertBefore(info, form.firstChild);
      } else {
        var box = document.createElement("div");
        box.className = "card ws-local-conflict";
        box.setAttribute("role", "alert");
        var text = document.createElement("p");
        text.textContent = (form.getAttribute("data-conflict-text") || "").replace("{time}", time(stored.at));
        box.appendChild(text);
        var restore = document.createElement("button");
        restore.type = "button";
        restore.className = "button button-secondary";
        restore.textContent = form.getAttribute("data-restore-label") || "";
        var discard = restore.cloneNode(false);
        discard.textContent = form.getAttribute("data-discard-label") || "";
        restore.addEventListener("click", function () { apply(); box.remove(); });
        discard.addEventListener("click", function () { storage.removeItem(key); box.remove(); });
        box.appendChild(restore);
        box.appendChild(document.createTextNode(" "));
        box.appendChild(discard);
        form.insertBefore(box, form.firstChild);
      }
    } else if (hasErrors) {
      // The page shows the sent input, not the server copy: keep the copy's base, if any.
      base = stored && stored.base ? stored.base : {};
    }

    function save() {
      var at = Date.now();
      write(key, { values: values(), base: base, at: at });
      showKept(at);
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () {
      if (storage.getItem(key)) write(SENT, { key: key, at: Date.now() });
    });
  });
})();
