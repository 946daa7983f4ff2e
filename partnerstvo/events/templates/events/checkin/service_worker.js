{% load static %}/* The check-in page's service worker: keeps the page, its script and styles so that the page
   opens without a connection. Pages are fetched from the network first (fresh list), the cache
   answers when offline; nothing but GET requests is touched (the sync POST goes straight out). */
var CACHE = "partnerstvo-checkin-v1";
var PAGE = "{{ page_url }}";
var ASSETS = [
  "{% static 'events/checkin.js' %}",
  "{% static 'events/checkin.css' %}",
  "{% static 'events/vendor/jsQR-1.4.0.js' %}",
  "{% static 'core/css/site.css' %}"
];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS.concat([PAGE]));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) { return hit || caches.match(PAGE); });
    }));
    return;
  }
  if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request);
    }));
  }
});
