/* The organisers' check-in page: scan a QR code with the camera (BarcodeDetector where the
   browser has it, jsQR otherwise), type the code or pick a name; works offline. The participant
   list is kept in localStorage; check-ins are queued there and sent to the sync endpoint when the
   connection is back (the endpoint is idempotent, so sending twice is harmless). */
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) return;
  var slug = root.dataset.event;
  var syncUrl = root.dataset.syncUrl;
  var LIST_KEY = "partnerstvo.checkin.people." + slug;
  var QUEUE_KEY = "partnerstvo.checkin.queue." + slug;
  var RETRY_MS = 15000;
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;

  function load(key, fallback) {
    try { var value = JSON.parse(localStorage.getItem(key)); return value === null ? fallback : value; }
    catch (error) { return fallback; }
  }
  function store(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }

  // The list from the page (fresh) wins over the stored one, but a check-in made on this phone
  // and not yet confirmed by the server stays ticked.
  var fresh = JSON.parse(document.getElementById("checkin-people").textContent);
  var queue = load(QUEUE_KEY, []);
  var people = fresh.length || !load(LIST_KEY, null) ? fresh : load(LIST_KEY, []);
  var byCode = {};
  people.forEach(function (person) { byCode[person.code] = person; });
  queue.forEach(function (scan) { if (byCode[scan.code]) byCode[scan.code].checked_in = true; });
  store(LIST_KEY, people);

  var list = document.getElementById("checkin-list");
  var result = document.getElementById("checkin-result");
  var queueLine = document.getElementById("checkin-queue");
  var connection = document.getElementById("checkin-connection");
  var count = document.getElementById("checkin-count");
  var search = document.getElementById("checkin-search");

  function render() {
    var term = (search.value || "").trim().toLocaleLowerCase();
    list.textContent = "";
    var done = 0;
    people.forEach(function (person) {
      if (person.checked_in) done += 1;
      var text = (person.name + " " + person.organisation).toLocaleLowerCase();
      if (term && text.indexOf(term) === -1) return;
      var item = document.createElement("li");
      item.dataset.code = person.code;
      item.dataset.checked = person.checked_in ? "true" : "false";
      var label = document.createElement("span");
      var name = document.createElement("span");
      name.className = "checkin__name";
      name.textContent = person.name;
      label.appendChild(name);
      if (person.organisation) {
        var organisation = document.createElement("small");
        organisation.className = "muted";
        organisation.textContent = " " + person.organisation;
        label.appendChild(organisation);
      }
      item.appendChild(label);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button--secondary";
      button.textContent = person.checked_in ? list.dataset.done : list.dataset.button;
      button.disabled = !!person.checked_in;
      button.addEventListener("click", function () { checkIn(person.code, "search"); });
      item.appendChild(button);
      list.appendChild(item);
    });
    count.textContent = "(" + format(count.dataset.template, { done: done, total: people.length }) + ")";
    queueLine.textContent = queue.length
      ? format(queueLine.dataset.template, { count: queue.length })
      : queueLine.dataset.synced;
    queueLine.dataset.pending = String(queue.length);
    connection.dataset.state = navigator.onLine ? "online" : "offline";
    connection.textContent = navigator.onLine
      ? connection.dataset.onlineText
      : connection.dataset.offlineText;
  }

  function show(kind, text) {
    result.hidden = false;
    result.dataset.kind = kind;
    result.textContent = text;
  }

  // What a QR code may carry: the bare code, or a link ending with it (?code=… or /…/code/).
  function codeFrom(text) {
    text = (text || "").trim();
    var match = text.match(/[?&]code=([^&#]+)/);
    if (match) return decodeURIComponent(match[1]);
    if (/^https?:\/\//.test(text)) {
      var parts = text.split(/[?#]/)[0].split("/").filter(Boolean);
      return parts[parts.length - 1] || text;
    }
    return text;
  }

  function checkIn(raw, source) {
    var code = codeFrom(raw);
    if (!code) return;
    var person = byCode[code];
    if (person && person.checked_in) {
      show("again", format(result.dataset.again, { name: person.name }));
      return;
    }
    if (person) {
      person.checked_in = true;
      store(LIST_KEY, people);
      show("new", format(result.dataset["new"], { name: person.name }));
    } else {
      // Not on the list this phone has: the server decides (the list may be older).
      show("unknown", result.dataset.unknown);
    }
    queue.push({ code: code, at: new Date().toISOString(), source: source });
    store(QUEUE_KEY, queue);
    render();
    sync();
  }

  var syncing = false;
  function sync() {
    if (syncing || !queue.length) return Promise.resolve();
    syncing = true;
    var sending = queue.slice(0, 200);
    return fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ scans: sending })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (!answer.ok) {
        show("error", format(result.dataset.error, { message: answer.body.error || "" }));
        return;
      }
      var sent = {};
      sending.forEach(function (scan) { sent[scan.code + "|" + scan.at] = true; });
      queue = load(QUEUE_KEY, []).filter(function (scan) { return !sent[scan.code + "|" + scan.at]; });
      store(QUEUE_KEY, queue);
      (answer.body.unknown || []).concat(answer.body.refused || []).forEach(function (code) {
        if (byCode[code]) byCode[code].checked_in = false;
      });
      if ((answer.body.refused || []).length) show("unknown", result.dataset.refused);
      else if ((answer.body.unknown || []).length) show("unknown", result.dataset.unknown);
      store(LIST_KEY, people);
      root.dataset.lastSync = JSON.stringify(answer.body);
    }).catch(function () {
      // Offline or the server is unreachable: the queue stays; the next try sends it.
    }).then(function () {
      syncing = false;
      render();
      if (queue.length && navigator.onLine) setTimeout(sync, 1000);
    });
  }

  window.addEventListener("online", function () { render(); sync(); });
  window.addEventListener("offline", render);
  setInterval(sync, RETRY_MS);
  search.addEventListener("input", render);
  document.getElementById("checkin-manual").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("checkin-code");
    checkIn(input.value, "scan");
    input.value = "";
  });

  // The camera: BarcodeDetector where the browser has it, jsQR (vendored) otherwise.
  var video = document.getElementById("checkin-video");
  var canvas = document.getElementById("checkin-canvas");
  var cameraButton = document.getElementById("checkin-camera");
  var cameraError = document.getElementById("checkin-camera-error");
  var lastCode = "", lastAt = 0;
  function detected(text) {
    var now = Date.now();
    if (text === lastCode && now - lastAt < 3000) return; // the same code held in front
    lastCode = text; lastAt = now;
    checkIn(text, "scan");
  }
  function detectorLoop(detector) {
    function step() {
      if (video.paused || video.ended) return;
      detector.detect(video).then(function (codes) {
        if (codes.length) detected(codes[0].rawValue);
      }).catch(function () {}).then(function () { requestAnimationFrame(step); });
    }
    step();
  }
  function jsqrLoop() {
    var context = canvas.getContext("2d", { willReadFrequently: true });
    function step() {
      if (video.paused || video.ended) return;
      if (video.readyState === video.HAVE_ENOUGH_DATA && window.jsQR) {
        canvas.width = video.videoWidth; canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (code && code.data) detected(code.data);
      }
      requestAnimationFrame(step);
    }
    step();
  }
  function cameraFailed() {
    cameraError.hidden = false;
    cameraError.textContent = cameraError.dataset.message;
  }
  cameraButton.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { cameraFailed(); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        cameraButton.hidden = true;
        return video.play();
      })
      .then(function () {
        if ("BarcodeDetector" in window) {
          return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
            if (formats.indexOf("qr_code") !== -1) detectorLoop(new window.BarcodeDetector({ formats: ["qr_code"] }));
            else jsqrLoop();
          });
        }
        jsqrLoop();
      })
      .catch(cameraFailed);
  });

  // A photo of the code (where the camera cannot stream): the same decoders on one image.
  var photo = document.getElementById("checkin-photo");
  function decodeImage(bitmap) {
    canvas.width = bitmap.width; canvas.height = bitmap.height;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(bitmap, 0, 0);
    function withJsqr() {
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR && window.jsQR(image.data, image.width, image.height);
      return code ? code.data : null;
    }
    if (!("BarcodeDetector" in window)) return Promise.resolve(withJsqr());
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) return withJsqr();
      return new window.BarcodeDetector({ formats: ["qr_code"] }).detect(bitmap).then(function (codes) {
        return codes.length ? codes[0].rawValue : withJsqr();
      });
    }).catch(withJsqr);
  }
  photo.addEventListener("change", function () {
    var file = photo.files && photo.files[0];
    if (!file) return;
    createImageBitmap(file).then(decodeImage).then(function (text) {
      if (text) checkIn(text, "scan");
      else show("unknown", photo.dataset.none);
    }).catch(function () { show("unknown", photo.dataset.none); }).then(function () {
      photo.value = "";
    });
  });

  // The page itself, its scripts and styles are kept by a service worker for offline use.
  if ("serviceWorker" in navigator && root.dataset.workerUrl) {
    navigator.serviceWorker.register(root.dataset.workerUrl).catch(function () {});
  }
  window.partnerstvoCheckin = { checkIn: checkIn, sync: sync, codeFrom: codeFrom, queue: function () { return queue.slice(); } };
  render();
  sync();
})();
