// The header's dark mode switch (partials/theme-toggle.html). The choice is kept in
// localStorage ("jarida-theme": "dark" or "light") and set on <html data-theme> before the first
// paint by the script in partials/comfort-head.html; without a choice the system's scheme applies.
(function () {
  "use strict";
  var KEY = "jarida-theme";
  var root = document.documentElement;
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  var system = window.matchMedia("(prefers-color-scheme: dark)");
  function isDark() {
    var chosen = root.dataset.theme;
    return chosen ? chosen === "dark" : system.matches;
  }
  function show() {
    button.setAttribute("aria-pressed", String(isDark()));
  }
  button.addEventListener("click", function () {
    var next = isDark() ? "light" : "dark";
    root.dataset.theme = next;
    try {
      localStorage.setItem(KEY, next);
    } catch (e) {
      // Storage refused (private mode): the choice lasts until the page is left.
    }
    show();
  });
  if (system.addEventListener) system.addEventListener("change", show);
  show();
})();
