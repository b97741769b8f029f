/* The organiser's scanning page (core/scanner.html, core.checkin). Codes come from a keyboard-wedge
   handheld scanner or typing (the code + Enter) or the camera (the browser's BarcodeDetector where
   it has one). Each code is verified here with the event's key (WebCrypto HMAC), so a forged code
   is refused at once, even without the network; good codes go into a queue kept in localStorage
   and are sent to the server, now or when the network is back. The server answers each one (ok /
   already / invalid) and is idempotent, so a resend after a lost answer changes nothing. */
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  var MAC_CHARS = 8;
  var RETRY_MS = 5000;

  function normalise(text) {
    text = String(text || "");
    // A QR code may hold a link ending in the code: take its last path segment.
    if (text.indexOf("/") >= 0) {
      var parts = text.split(/[/?#]/).filter(function (p) { return p; });
      text = parts.length ? parts[parts.length - 1] : "";
    }
    if (text.normalize) text = text.normalize("NFKC");
    return text.toUpperCase().replace(/[\s\-_.·\u200b-\u200d\u2060\ufeff]+/g, "")
      .replace(/O/g, "0").replace(/[IL]/g, "1");
  }

  function b32(bytes) {
    // The first 40 bits, as 8 Crockford base32 characters (core.checkin._mac).
    var n = 0;
    for (var i = 0; i < 5; i++) n = n * 256 + bytes[i];
    var out = "";
    for (var j = 0; j < MAC_CHARS; j++) { out = ALPHABET[n % 32] + out; n = Math.floor(n / 32); }
    return out;
  }

  function hexBytes(hex) {
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }

  function Scanner(root) {
    this.root = root;
    this.event = root.getAttribute("data-event");
    this.postUrl = root.getAttribute("data-post-url");
    this.storeKey = "gonghui.scanner." + this.event;
    this.form = root.querySelector("[data-scanner-form]");
    this.code = root.querySelector("[data-scanner-code]");
    this.gate = root.querySelector("[data-scanner-gate]");
    this.result = root.querySelector("[data-scanner-result]");
    this.count = root.querySelector("[data-scanner-count]");
    this.net = root.querySelector("[data-scanner-net]");
    this.log = root.querySelector("[data-scanner-log]");
    this.sending = false;
    this.timer = null;
    this.state = this.load();
    var gateStored = window.localStorage.getItem(this.storeKey + ".gate");
    if (gateStored && this.gate && !this.gate.value) this.gate.value = gateStored;
    this.keyPromise = window.crypto && window.crypto.subtle
      ? window.crypto.subtle.importKey("raw", hexBytes(root.getAttribute("data-key")),
        {name: "HMAC", hash: "SHA-256"}, false, ["sign"])
      : Promise.resolve(null);  // no WebCrypto (not a secure context): the server alone verifies
    this.bind();
    this.render();
    this.flush();
    root.setAttribute("data-scanner-ready", "1");
  }

  Scanner.prototype.msg = function (name) { return this.root.getAttribute("data-msg-" + name) || name; };

  Scanner.prototype.load = function () {
    try {
      var s = JSON.parse(window.localStorage.getItem(this.storeKey) || "{}");
      return {queue: s.queue || [], seen: s.seen || {}};
    } catch (e) { return {queue: [], seen: {}}; }
  };

  Scanner.prototype.save = function () {
    window.localStorage.setItem(this.storeKey, JSON.stringify(this.state));
  };

  Scanner.prototype.direction = function () {
    var checked = this.root.querySelector("[data-scanner-direction]:checked");
    return checked ? checked.value : (this.root.getAttribute("data-direction") || "in");
  };

  Scanner.prototype.bind = function () {
    var self = this;
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = self.code.value;
      self.code.value = "";
      self.code.focus();
      if (text.trim()) self.scan(text);
    });
    if (this.gate) {
      this.gate.addEventListener("change", function () {
        window.localStorage.setItem(self.storeKey + ".gate", self.gate.value);
      });
    }
    window.addEventListener("online", function () { self.render(); self.flush(); });
    window.addEventListener("offline", function () { self.render(); });
    var cam = this.root.querySelector("[data-scanner-camera]");
    if (cam && "BarcodeDetector" in window && navigator.mediaDevices) {
      cam.hidden = false;
      cam.addEventListener("click", function () { self.camera(cam); });
    }
  };

  Scanner.prototype.verify = function (code) {
    var ref = code.slice(0, -MAC_CHARS), mac = code.slice(-MAC_CHARS);
    if (!ref || ref.length > 13 || !/^[0-9A-HJKMNP-TV-Z]+$/.test(code)) return Promise.resolve(false);
    return this.keyPromise.then(function (key) {
      if (!key) return true;
      return window.crypto.subtle.sign("HMAC", key, new TextEncoder().encode(ref)).then(function (sig) {
        return b32(new Uint8Array(sig)) === mac;
      });
    });
  };

  Scanner.prototype.scan = function (text) {
    var self = this, code = normalise(text), direction = this.direction();
    return this.verify(code).then(function (good) {
      if (!good) { self.show("bad", self.msg("forged"), code); return; }
      var seenKey = direction + ":" + code, seen = self.state.seen[seenKey];
      if (seen) {
        self.show("bad", seen.message || self.msg("already"), code);
        return;
      }
      var item = {
        id: Date.now().toString(36) + Math.random().toString(36).slice(2, 8),
        token: code,
        gate: self.gate ? self.gate.value : "",
        direction: direction,
        scanned_at: new Date().toISOString()
      };
      self.state.queue.push(item);
      self.state.seen[seenKey] = {status: "queued"};
      self.save();
      self.show("wait", navigator.onLine ? self.msg("sending") : self.msg("queued"), code, item.id);
      self.flush();
    });
  };

  // `id`: the queued scan the message is about; its log line is updated in place when the answer comes.
  Scanner.prototype.show = function (kind, message, code, id) {
    this.result.className = "scanner-result scanner-" + kind;
    this.result.setAttribute("data-kind", kind);
    this.result.textContent = message;
    if (this.log && code) {
      var li = id ? this.log.querySelector('[data-scan-id="' + id + '"]') : null;
      if (!li) {
        li = document.createElement("li");
        if (id) li.setAttribute("data-scan-id", id);
        this.log.insertBefore(li, this.log.firstChild);
      }
      li.className = "scanner-" + kind;
      li.textContent = code + " · " + message;
      while (this.log.children.length > 20) this.log.removeChild(this.log.lastChild);
    }
    this.render();
  };

  Scanner.prototype.render = function () {
    this.count.textContent = String(this.state.queue.length);
    this.root.setAttribute("data-queue", String(this.state.queue.length));
    if (this.net) {
      this.net.textContent = navigator.onLine ? this.msg("online") : this.msg("offline");
      this.net.className = navigator.onLine ? "ok" : "warn";
    }
  };

  Scanner.prototype.csrf = function () {
    var input = this.form.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  Scanner.prototype.retry = function () {
    var self = this;
    if (this.timer) return;
    this.timer = window.setTimeout(function () { self.timer = null; self.flush(); }, RETRY_MS);
  };

  Scanner.prototype.flush = function () {
    var self = this;
    if (this.sending || !this.state.queue.length) return;
    if (!navigator.onLine) { this.retry(); return; }
    this.sending = true;
    var batch = this.state.queue.slice(0, 200);
    fetch(this.postUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": this.csrf()},
      body: JSON.stringify({scans: batch})
    }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      var answered = {};
      (data.results || []).forEach(function (a) {
        answered[a.id] = a;
        var item = batch.filter(function (b) { return b.id === a.id; })[0];
        if (!item) return;
        // Remember codes the server recorded (a rescan answers at once); forget refused ones (rescan later).
        if (a.status === "invalid") delete self.state.seen[item.direction + ":" + item.token];
        else self.state.seen[item.direction + ":" + item.token] = {status: a.status, message: a.message};
        self.show(a.status === "ok" ? "ok" : "bad", a.message, item.token, item.id);
      });
      self.state.queue = self.state.queue.filter(function (q) { return !answered[q.id]; });
      self.save();
      self.sending = false;
      self.render();
      if (self.state.queue.length) self.flush();
    }).catch(function () {
      // Offline or the server unreachable: keep the queue, try again later.
      self.sending = false;
      self.render();
      self.retry();
    });
  };

  Scanner.prototype.camera = function (button) {
    var self = this, video = this.root.querySelector("[data-scanner-video]");
    var detector = new window.BarcodeDetector({formats: ["qr_code"]});
    var last = "", lastAt = 0;
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
      button.hidden = true;
      video.hidden = false;
      video.srcObject = stream;
      return video.play();
    }).then(function () {
      function tick() {
        detector.detect(video).then(function (codes) {
          var now = Date.now();
          if (codes.length && (codes[0].rawValue !== last || now - lastAt > 3000)) {
            last = codes[0].rawValue; lastAt = now;
            self.scan(last);
          }
        }).catch(function () {}).then(function () { window.setTimeout(tick, 300); });
      }
      tick();
    }).catch(function () { self.show("bad", self.msg("nocamera")); });
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-scanner]"), function (root) {
      if (!root.scanner) root.scanner = new Scanner(root);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
