// A comment provider's thread (partials/discussion.html), loaded only when the reader asks:
// the button (data-load="click"), or scrolling near it (data-load="lazy"). Nothing is fetched
// from the provider before. The settings are the section's data attributes.
(() => {
  "use strict";
  const section = document.querySelector("section[data-comments]");
  if (!section) return;
  const d = section.dataset;
  const thread = section.querySelector(".comments-thread");
  const button = section.querySelector(".comments-load");
  const host = (d.host || "").replace(/\/+$/, "");
  const script = (src, attributes = {}) => {
    const element = document.createElement("script");
    element.src = src;
    element.async = true;
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    thread.appendChild(element);
  };
  const providers = {
    giscus() {
      script("https://giscus.app/client.js", {
        "data-repo": d.repo,
        "data-repo-id": d.repoId,
        "data-category": d.category,
        "data-category-id": d.categoryId,
        "data-mapping": d.mapping,
        "data-strict": "0",
        "data-reactions-enabled": d.reactions,
        "data-emit-metadata": "0",
        "data-input-position": "bottom",
        "data-theme": d.theme,
        "data-lang": d.lang,
        "crossorigin": "anonymous",
      });
    },
    remark42() {
      const node = document.createElement("div");
      node.id = "remark42";
      thread.appendChild(node);
      window.remark_config = { host, site_id: d.siteId, url: d.url, components: ["embed"] };
      script(`${host}/web/embed.js`);
    },
    isso() {
      const node = document.createElement("section");
      node.id = "isso-thread";
      node.dataset.title = d.title;
      thread.appendChild(node);
      script(`${host}/js/embed.min.js`, { "data-isso": `${host}/`, "data-isso-lang": d.lang });
    },
  };
  let loaded = false;
  const load = () => {
    if (loaded || !providers[d.comments]) return;
    loaded = true;
    if (button) button.hidden = true;
    providers[d.comments]();
  };
  if (d.load === "lazy" && "IntersectionObserver" in window) {
    const watch = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        watch.disconnect();
        load();
      }
    }, { rootMargin: "300px" });
    watch.observe(section);
  }
  if (button) {
    button.hidden = false;
    button.addEventListener("click", load);
  }
})();
