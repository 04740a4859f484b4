/* Jarida's search page: Pagefind's JavaScript API (pagefind/pagefind.js) behind a small
   right-to-left interface, with the site's interface strings and digits.

   Queries are folded as the index's extra terms are (jarida.i18n.arabic.fold_for_search):
   fold() below must give the same text as the Python function; tests/test_search_fold.py runs
   both on the same samples. Under Node, the file only exports fold(). */
(function () {
  "use strict";

  var TASHKEEL = /[\u064B-\u065F\u0670\u0640]/g;
  var LETTERS = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064A", "\u06CC": "\u064A", "\u06A9": "\u0643",
  };
  var LETTER = /[\u0623\u0625\u0622\u0671\u0649\u06CC\u06A9]/g;
  var WORD = "[\\p{L}\\p{N}_]";
  var CONJUNCTION = new RegExp(
    "(?<!" + WORD + ")[\u0648\u0641](?=\u0627\u0644" + WORD + "{3})", "gu");
  var NOT_WORD = new RegExp("(?:(?!" + WORD + ").)+", "gu");

  /* normalize_for_match (NFKC, no tashkeel or tatweel, one alef, one yeh, ASCII digits,
     case-folded, single spaces), then و/ف detached from a following ال. */
  function fold(text) {
    var s = String(text).normalize("NFKC").replace(TASHKEEL, "");
    s = s.replace(LETTER, function (c) { return LETTERS[c]; });
    s = s.replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x660); });
    s = s.replace(/[\u06F0-\u06F9]/g, function (d) { return String(d.charCodeAt(0) - 0x6F0); });
    s = s.toLowerCase().replace(/\u00DF/g, "ss").replace(/\u03C2/g, "\u03C3");
    s = s.split(/\s+/).filter(Boolean).join(" ");
    return s.replace(CONJUNCTION, "");
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { fold: fold };
  }
  if (typeof document === "undefined" || !document.getElementById("search-settings")) {
    return;
  }

  var PAGE_SIZE = 10;
  var EXCERPT_WORDS = 30;
  /* Pagefind (1.5+) also searches metadata; only the headline and the body should match, so the
     other fields weigh nothing, and results that matched no word of the page are dropped. */
  var UNSEARCHED = { date: 0, summary: 0, image: 0, image_alt: 0 };
  var DIGITS = { arab: "٠١٢٣٤٥٦٧٨٩", arabext: "۰۱۲۳۴۵۶۷۸۹" };
  var settings = JSON.parse(document.getElementById("search-settings").textContent);
  var strings = settings.strings;
  var plurals = new Intl.PluralRules(settings.lang);
  var byName = new Intl.Collator(settings.lang);
  function $(id) { return document.getElementById(id); }
  var form = $("search-form"), input = $("search-input"), category = $("search-category");
  var order = $("search-sort"), status = $("search-status"), list = $("search-results");
  var more = $("search-more"), fallback = $("search-fallback");

  var pagefind = null;
  var results = [];
  var shown = 0;
  var ticket = 0;
  var timer = 0;

  function localDigits(value) {
    var set = DIGITS[settings.digits];
    return set ? String(value).replace(/[0-9]/g, function (d) { return set[d]; }) : String(value);
  }

  /* An interface string with {name} values; plural forms chosen by the count. */
  function say(key, values) {
    var text = strings[key];
    if (typeof text === "object") {
      text = text[plurals.select(values.count)] || text.other;
    }
    return text.replace(/\{(\w+)\}/g, function (field, name) {
      if (!(name in values)) { return field; }
      return name === "count" ? localDigits(values[name]) : values[name];
    });
  }

  function keys(word) {
    return fold(word).split(NOT_WORD).filter(Boolean);
  }

  /* Which words of Pagefind's copy of the page match: its own match locations, plus, for a match
     in the folded extra terms (after the terms element), every word of the page with that fold. */
  function matches(data, words, end) {
    var hits = new Set(), folded = new Set();
    (data.locations || []).forEach(function (at) {
      if (at < end) { hits.add(at); } else if (words[at]) { keys(words[at]).forEach(function (k) { folded.add(k); }); }
    });
    if (folded.size) {
      for (var i = 0; i < end; i++) {
        if (keys(words[i]).some(function (k) { return folded.has(k); })) { hits.add(i); }
      }
    }
    return hits;
  }

  /* The title's words and an excerpt of the body around the most matches, each word marked
     when it matched. */
  function highlight(data) {
    var words = data.content.split(/[\r\n\s]+/g);
    var anchor = (data.anchors || []).find(function (a) { return a.id === settings.terms_id; });
    var end = anchor ? Math.min(anchor.location, words.length) : words.length;
    var hits = matches(data, words, end);
    var title = (data.meta.title || "").split(/\s+/).filter(Boolean);
    var start = Math.min(title.length, end);
    var last = Math.max(start, end - EXCERPT_WORDS);
    var best = start, bestCount = 0;
    hits.forEach(function (at) {
      var from = Math.min(last, Math.max(start, at - Math.floor(EXCERPT_WORDS / 3)));
      var count = 0;
      for (var k = from; k < from + EXCERPT_WORDS; k++) { count += hits.has(k) ? 1 : 0; }
      if (at >= start && (count > bestCount || (count === bestCount && from < best))) {
        best = from;
        bestCount = count;
      }
    });
    var stop = Math.min(end, best + EXCERPT_WORDS);
    var excerpt = words.slice(best, stop).map(function (w, k) { return { text: w, hit: hits.has(best + k) }; });
    if (best > start) { excerpt.unshift({ text: "…", hit: false }); }
    if (stop < end) { excerpt.push({ text: "…", hit: false }); }
    return {
      title: title.map(function (w, i) { return { text: w, hit: hits.has(i) }; }),
      excerpt: excerpt,
    };
  }

  function appendWords(element, words) {
    words.forEach(function (word, i) {
      if (i) { element.append(" "); }
      if (word.hit) {
        var mark = document.createElement("mark");
        mark.textContent = word.text;
        element.append(mark);
      } else {
        element.append(word.text);
      }
    });
  }

  function element(tag, className) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    return made;
  }

  function render(data) {
    var parts = highlight(data);
    var item = element("li", "search-result");
    var heading = element("h2", "search-result-title");
    var link = element("a");
    link.href = data.url;
    link.dir = "auto";
    appendWords(link, parts.title);
    heading.append(link);
    item.append(heading);
    var meta = element("p", "meta");
    if (data.meta.date) {
      var time = element("time");
      time.textContent = data.meta.date;
      meta.append(time);
    }
    ((data.filters && data.filters.category) || []).forEach(function (name) {
      var label = element("span", "search-result-category");
      label.dir = "auto";
      label.textContent = name;
      meta.append(" ", label);
    });
    item.append(meta);
    var excerpt = element("p", "search-excerpt");
    excerpt.dir = "auto";
    appendWords(excerpt, parts.excerpt);
    item.append(excerpt);
    if (data.meta.image) {
      var image = element("img", "search-result-image");
      image.src = data.meta.image;
      image.alt = "";
      image.loading = "lazy";
      item.prepend(image);
    }
    return item;
  }

  async function showMore(mine) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    var data = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (mine !== ticket) { return; }
    data.forEach(function (d) { list.append(render(d)); });
    shown += batch.length;
    more.hidden = shown >= results.length;
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    if (category.value) { params.set("category", category.value); }
    if (order.value) { params.set("sort", order.value); }
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }

  async function run() {
    var mine = ++ticket;
    var query = input.value.trim();
    var term = fold(query);
    remember(query);
    if (!pagefind) { return; }
    if (!term && !category.value) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = strings.search_hint;
      return;
    }
    list.setAttribute("aria-busy", "true");
    var options = {};
    if (category.value) { options.filters = { category: category.value }; }
    if (order.value === "date") { options.sort = { date: "desc" }; }
    try {
      var search = await pagefind.search(term || null, options);
      if (mine !== ticket) { return; }
      results = term ? search.results.filter(function (r) { return r.words.length; }) : search.results;
      shown = 0;
      list.replaceChildren();
      await showMore(mine);
    } catch (error) {
      unavailable();
      return;
    } finally {
      list.removeAttribute("aria-busy");
    }
    if (mine !== ticket) { return; }
    status.textContent = results.length || !query
      ? say("search_results", { count: results.length })
      : say("search_no_results", { query: query });
  }

  function unavailable() {
    form.hidden = true;
    status.textContent = "";
    $("search-fallback-text").textContent = strings.search_unavailable;
    fallback.hidden = false;
  }

  function fillCategories(filters, chosen) {
    var counts = (filters && filters.category) || {};
    Object.keys(counts).sort(byName.compare).forEach(function (name) {
      var option = element("option");
      option.value = name;
      option.textContent = name + " (" + localDigits(counts[name]) + ")";
      option.selected = name === chosen;
      category.append(option);
    });
  }

  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll(".search-result-title a"));
  }

  /* Keyboard: ↓ from the box to the first result, ↑/↓ between results, Esc back to the box. */
  function onKey(event) {
    var links = resultLinks();
    if (event.target === input) {
      if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[0].focus(); }
      return;
    }
    var at = links.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (event.key === "Escape") { event.preventDefault(); input.focus(); }
    if (event.key === "ArrowDown" && at + 1 < links.length) { event.preventDefault(); links[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at ? links[at - 1] : input).focus(); }
  }

  async function start() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    order.value = params.get("sort") === "date" ? "date" : "";
    form.hidden = false;
    fallback.hidden = true;
    status.textContent = strings.search_loading;
    try {
      pagefind = await import(settings.bundle);
      await pagefind.options({
        baseUrl: settings.base,
        excerptLength: EXCERPT_WORDS,
        ranking: { metaWeights: UNSEARCHED },
      });
      await pagefind.init();
      fillCategories(await pagefind.filters(), params.get("category") || "");
    } catch (error) {
      unavailable();
      return;
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });
    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
    category.addEventListener("change", run);
    order.addEventListener("change", run);
    more.addEventListener("click", async function () {
      var first = shown;
      await showMore(ticket);
      var links = resultLinks();
      if (links[first]) { links[first].focus(); }
    });
    input.addEventListener("keydown", onKey);
    list.addEventListener("keydown", onKey);
    run();
  }

  start();
})();
