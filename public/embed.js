/*
 * Python Trending Weekly archive — embed script for host pages.
 *
 *   <div data-weekly-archive data-tag="async" data-lang="en">
 *     <a href="https://ARCHIVE/?tag=async&lang=en">Python Trending Weekly: async links</a>
 *   </div>
 *   <script src="https://ARCHIVE/embed.js" defer></script>
 *
 * Each [data-weekly-archive] element becomes an iframe of the archive's
 * embed mode with the element's presets (the link inside is what readers
 * without JavaScript see). The frame reports its height with postMessage;
 * a message is obeyed only if it comes from the archive's origin AND from
 * that very frame's window, and the height is clamped.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var page = new URL("./", script.src);
  var ORIGIN = page.origin;
  var MESSAGE = "weekly-archive:height";
  var MIN_HEIGHT = 240;
  var MAX_HEIGHT = 20000;
  // data-* attribute (camelCased by dataset) -> query parameter of the viewer
  var PRESETS = {
    q: "q",
    section: "section",
    tag: "tag",
    lang: "lang",
    edition: "edition",
    year: "year",
    from: "from",
    to: "to",
    sort: "sort",
    uiLang: "ui",
    locked: "locked",
    target: "target",
  };
  var frames = [];

  function mount(host) {
    if (host.getAttribute("data-weekly-archive-mounted") !== null) return;
    host.setAttribute("data-weekly-archive-mounted", "");
    var params = new URLSearchParams();
    params.set("embed", "1");
    for (var key in PRESETS) {
      var value = host.dataset[key];
      if (value) params.set(PRESETS[key], value);
    }
    var frame = document.createElement("iframe");
    frame.src = page.href + "?" + params.toString();
    // Named for what it shows: data-title, else the fallback link's words.
    var words = (host.textContent || "").replace(/\s+/g, " ").trim();
    frame.title = host.dataset.title || words || "Python Trending Weekly archive";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute(
      "sandbox",
      "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
    );
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    // Set through the CSSOM, which a host's strict style-src allows.
    frame.style.width = "100%";
    frame.style.height = MIN_HEIGHT + "px";
    frame.style.border = "0";
    frame.style.display = "block";
    host.replaceChildren(frame);
    frames.push(frame);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== MESSAGE) return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var clamped = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
        frames[i].style.height = clamped + "px";
        return;
      }
    }
  });

  function mountAll() {
    var hosts = document.querySelectorAll("[data-weekly-archive]");
    for (var i = 0; i < hosts.length; i++) mount(hosts[i]);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
