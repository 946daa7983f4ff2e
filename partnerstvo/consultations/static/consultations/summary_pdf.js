/* The waiting page of a справка's PDF: ask the job's progress every few seconds and open the
   file once it is ready; a failed job reloads the page, which says why. Without JavaScript the
   page refreshes itself (its <noscript> meta refresh). */
(function () {
  "use strict";
  var root = document.getElementById("summary-pdf-job");
  if (!root || !window.fetch) return;
  var url = root.dataset.progressUrl;
  var EVERY_MS = 2000;

  function check() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) return setTimeout(check, EVERY_MS * 3);
        if (job.download_url) return window.location.assign(job.download_url);
        if (job.status === "failed" || job.status === "expired") return window.location.reload();
        setTimeout(check, EVERY_MS);
      })
      .catch(function () { setTimeout(check, EVERY_MS * 3); });
  }
  setTimeout(check, EVERY_MS);
})();
