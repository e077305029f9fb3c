// privet's default theme works without JavaScript; this only improves it.
// A link to a FAQ question (/faq/#delete-my-account) opens that question,
// also in browsers that do not open a <details> for its fragment by themselves.
(function () {
  "use strict";
  // A redline's "next change" link moves focus to that change, so keyboard
  // and screen-reader users continue reading from there.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
    if (target && target.getAttribute("tabindex") === "-1" && document.activeElement !== target) {
      target.focus();
    }
  }
  window.addEventListener("hashchange", openTarget);
  // The table of contents is folded on phones and open beside the text on
  // wide screens (style.css shows it there even before this runs).
  var wide = window.matchMedia && window.matchMedia("(min-width: 60rem)");
  function placeToc() {
    document.querySelectorAll("details.toc-details").forEach(function (d) {
      d.open = wide.matches;
    });
  }
  if (wide) {
    if (wide.addEventListener) wide.addEventListener("change", placeToc);
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", placeToc);
    } else {
      placeToc();
    }
  }
  // Printing shows all the text: open every folded part, and fold back after.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else {
    openTarget();
  }
})();
