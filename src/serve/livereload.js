// privet serve: reloads this page when a rebuild changed it, and shows
// build errors over the page until the next good save. Injected by
// `privet serve` only; never part of `privet build` output.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var build = script.getAttribute("data-build");
  var overlay = null;

  function show(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "privet-error-overlay";
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20, 20, 24, 0.94)"; s.color = "#fff"; s.padding = "2rem";
      s.font = "15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
      s.direction = "ltr"; s.textAlign = "left";
      var title = document.createElement("p");
      title.textContent = "privet: the last save does not build. The page shows the last good build.";
      title.style.fontWeight = "bold"; title.style.color = "#ff9b9b";
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = message;
  }

  function hide() {
    if (overlay) { overlay.remove(); overlay = null; }
  }

  function here(paths) {
    var path = location.pathname;
    var decoded = path;
    try { decoded = decodeURI(path); } catch (e) { /* keep the raw path */ }
    return paths.indexOf(path) >= 0 || paths.indexOf(decoded) >= 0;
  }

  var events = new EventSource(script.getAttribute("data-events"));
  events.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    // Tells tools (and curious developers) that this page listens for changes.
    document.documentElement.setAttribute("data-privet-live", "connected");
    if (data.build !== build) location.reload();
  });
  events.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    build = data.build;
    if (data.all || here(data.paths)) location.reload();
  });
  events.addEventListener("build-error", function (e) { show(JSON.parse(e.data).message); });
  events.addEventListener("ok", hide);
})();
