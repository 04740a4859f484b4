// The reader's own today in the masthead, and «منذ ساعتين» for the times marked data-relative
// (relative_times: true). The page carries the dates and times as the build wrote them: this
// script only replaces them, in the reader's clock and zone, in the site's language and digits
// (the data-locale of its own <script> tag: "ar-EG-u-nu-arab"). No request, no storage.
(() => {
  "use strict";
  const script = document.currentScript;
  const data = script ? script.dataset : {};
  const locale = data.locale || document.documentElement.lang || "ar";
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");

  const slot = document.querySelector(".masthead-date");
  if (slot) {
    let today = slot.querySelector("time");
    if (!today) {
      // Pages other than the home page carry an empty slot: the <time> is made here.
      today = document.createElement("time");
      slot.prepend(today, " ");
    }
    today.dateTime = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    today.textContent = new Intl.DateTimeFormat(locale, { dateStyle: "full" }).format(now);
    const hijri = slot.querySelector(".hijri");
    if (hijri && "hijri" in data) {
      const options = { calendar: "islamic-umalqura", day: "numeric", month: "long", year: "numeric" };
      hijri.textContent = new Intl.DateTimeFormat(locale, options).format(now);
    }
  }

  const marked = document.querySelectorAll("time[data-relative]");
  if (!marked.length || !("RelativeTimeFormat" in Intl)) return;
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const WEEK = 7 * 86400;
  const phrase = (seconds) => {
    const ago = -seconds;
    if (ago < 60) return relative.format(0, "second");
    if (ago < 3600) return relative.format(-Math.floor(ago / 60), "minute");
    if (ago < 86400) return relative.format(-Math.floor(ago / 3600), "hour");
    return relative.format(-Math.floor(ago / 86400), "day");
  };
  for (const time of marked) {
    const seconds = (Date.parse(time.dateTime) - now.getTime()) / 1000;
    // Only the last week's times, and none in the future (a clock that is behind): the others
    // stay as the build wrote them.
    if (Number.isNaN(seconds) || seconds > 60 || seconds < -WEEK) continue;
    time.title = time.textContent.trim();
    time.textContent = phrase(Math.min(seconds, 0));
  }
})();
