/* Site-wide blocks loaded into the page (jarida.outputs.fragments): every element with a
   data-fragment address gets that fragment in place of its static fallback, unless the style
   sheet hides it (the sidebar on a phone). A breaking story whose data-breaking-until has
   passed by the reader's clock is removed, and its banner when none is left; the sidebar's
   lists leave out the story being read. */
(function () {
  "use strict";

  function expire(root) {
    var now = Date.now();
    root.querySelectorAll("[data-breaking-until]").forEach(function (story) {
      var until = Date.parse(story.getAttribute("data-breaking-until"));
      if (!(until > now)) story.remove();
    });
    root.querySelectorAll(".breaking").forEach(function (banner) {
      if (!banner.querySelector("[data-breaking-until]")) banner.remove();
    });
  }

  function load(slot) {
    if (!slot.getClientRects().length && !slot.classList.contains("breaking-slot")) return;
    fetch(slot.getAttribute("data-fragment"), { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        /* A fragment is a small document of its own: its <body> goes into the page. */
        var body = new DOMParser().parseFromString(html, "text/html").body;
        /* No script runs from a fragment (`jarida serve` appends its reload script to any HTML). */
        body.querySelectorAll("script").forEach(function (script) {
          script.remove();
        });
        expire(body);
        /* A list never offers the story being read; a list left empty keeps the fallback. */
        body.querySelectorAll(".sidebar-list li").forEach(function (item) {
          var link = item.querySelector("a[href]");
          var href = link && new URL(link.getAttribute("href"), location.href).pathname;
          if (href === location.pathname) item.remove();
        });
        if (!body.textContent.trim()) return;
        slot.replaceChildren.apply(slot, Array.prototype.slice.call(body.childNodes));
        slot.setAttribute("data-loaded", "");
      })
      .catch(function () {
        /* The static fallback stays. */
      });
  }

  expire(document);
  document.querySelectorAll("[data-fragment]").forEach(load);
})();
