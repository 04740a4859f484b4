// The copy-link button of the share links (partials/share.html): shown only where it can work,
// it copies the page's address (its data-url) and says so in the status beside it.
(() => {
  "use strict";
  const copy = async (text) => {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    const done = document.execCommand("copy");
    field.remove();
    if (!done) throw new Error("copy refused");
  };
  for (const button of document.querySelectorAll("button.share-copy[data-url]")) {
    const status = button.parentElement.querySelector(".share-status");
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await copy(button.dataset.url);
        if (status) status.textContent = button.dataset.copied || "";
      } catch {
        if (status) status.textContent = button.dataset.url;
      }
    });
  }
})();
