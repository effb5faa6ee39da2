/* /warnings/subscribe/: the "notifications in this browser" button (Web Push).
 *
 * Shown only where the browser can push and the city has a VAPID key. A click
 * asks the browser's permission (the opt-in), registers the service worker
 * that shows the warnings, subscribes with the city's public key, and posts the
 * subscription with the areas and language chosen in the form. Email and text
 * messages work without this script.
 */
(function () {
  "use strict";

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { out[i] = raw.charCodeAt(i); }
    return out;
  }

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function start() {
    var section = document.getElementById("subscribe-push");
    var form = document.getElementById("subscribe-form");
    if (!section || !form || !section.getAttribute("data-key")) { return; }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) ||
        !("Notification" in window)) { return; }
    section.hidden = false;
    var button = document.getElementById("subscribe-push-button");
    var status = document.getElementById("subscribe-push-status");

    function say(which) { status.textContent = status.getAttribute("data-" + which); }

    button.addEventListener("click", function () {
      var areas = Array.prototype.map.call(
        form.querySelectorAll("input[name=areas]:checked"), function (box) { return box.value; });
      if (!areas.length) { say("failed"); return; }
      button.disabled = true;
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { throw new Error("denied"); }
        return navigator.serviceWorker.register(section.getAttribute("data-worker"));
      }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(section.getAttribute("data-key"))
        });
      }).then(function (subscription) {
        var body = subscription.toJSON();
        body.areas = areas;
        body.language = form.querySelector("select[name=language]").value;
        return fetch(section.getAttribute("data-url"), {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form) },
          body: JSON.stringify(body)
        });
      }).then(function (response) {
        if (!response.ok) { throw new Error("refused"); }
        say("done");
      }).catch(function (error) {
        say(error && error.message === "denied" ? "denied" : "failed");
      }).then(function () { button.disabled = false; });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
