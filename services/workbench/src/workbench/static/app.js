// kpd workbench behaviours. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  // Every htmx request carries the session's CSRF token, like every form does.
  document.addEventListener("htmx:configRequest", function (event) {
    if (meta && meta.content) { event.detail.headers["X-CSRF-Token"] = meta.content; }
  });
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".nav-toggle");
    if (!toggle) { return; }
    var nav = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
