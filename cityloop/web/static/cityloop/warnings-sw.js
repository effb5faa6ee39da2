/* The service worker that shows a public warning pushed to this browser (Web Push).
 *
 * The push message is JSON: {title, body, url, tag, lang}, encrypted for this
 * browser by CityLoop's worker. A warning with the same tag (an update, a
 * cancel) replaces the one shown; a tap opens the warning's page.
 */
"use strict";

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  var title = data.title || "Warning";
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || "",
    tag: data.tag || undefined,
    lang: data.lang || undefined,
    renotify: Boolean(data.tag),
    requireInteraction: true,
    data: { url: data.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.openWindow(url));
});
