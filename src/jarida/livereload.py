"""Live reload: the build epoch browsers wait on, the script they run, and the build error page.

Each finished build, good or bad, bumps an epoch (MkDocs' ``livereload``). A served page carries
the epoch it was cut from; its script long-polls :data:`ENDPOINT` with it and reloads as soon as
the server's epoch differs, which also covers a restarted server. While the last build failed,
HTML requests get :func:`error_page` instead of the site, and it reloads the same way once a fix
builds. The script goes into responses only, never into files on disk.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import parse_qs

from jarida.errors import Diagnostic, counts
from jarida.i18n import Translator, load_strings
from jarida.i18n.arabic import language_direction
from jarida.i18n.dates import babel_locale, numbering_system

#: The long-poll URL; ``?since=EPOCH`` answers with the current epoch once it differs.
ENDPOINT = "/__jarida__/livereload"
#: A query that shows the last good build of a page while the current build is broken.
LAST_GOOD_QUERY = "jarida=last-good"
#: An epoch as a page sends it: ASCII digits, bounded (``-1`` is an epoch no server has).
_EPOCH = re.compile(r"-?[0-9]{1,18}")
#: More fields than a reload request ever has: the query is refused, not parsed.
_MAX_FIELDS = 8

_SCRIPT = """<script data-jarida-livereload>
(() => {
  const since = %(epoch)d;
  let pending = null;
  function poll() {
    if (pending || document.visibilityState === "hidden") return;
    const mine = pending = new AbortController();
    fetch("%(endpoint)s?since=" + since, {cache: "no-store", signal: mine.signal})
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.statusText))))
      .then((text) => {
        pending = null;
        if (text.trim() !== String(since)) location.reload(); else poll();
      }, () => {
        if (pending !== mine) return;
        pending = null;
        setTimeout(poll, 1000);
      });
  }
  // A hidden tab gives its connection back: browsers allow few per host.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "hidden") { poll(); return; }
    const mine = pending;
    pending = null;
    if (mine) mine.abort();
  });
  poll();
})();
</script>
"""


def parse_since(query: str) -> int | None:
    """The epoch of a reload request's query (``since=EPOCH``), or None when the query is not
    one: no ``since``, or more than one, or anything but ASCII digits (``str.isdigit`` also
    accepts ``²`` and ``١``, which ``int`` refuses or reads as another number)."""
    try:
        fields = parse_qs(query, max_num_fields=_MAX_FIELDS, errors="strict")
    except (ValueError, UnicodeDecodeError):
        return None
    values = fields.get("since", [])
    if len(values) != 1 or not _EPOCH.fullmatch(values[0]):
        return None
    return int(values[0])


def reload_script(epoch: int) -> str:
    return _SCRIPT % {"epoch": epoch, "endpoint": ENDPOINT}


def inject(html: bytes, epoch: int) -> bytes:
    """``html`` with the reload script before its last ``</body>`` (or at the end)."""
    script = reload_script(epoch).encode("ascii")
    at = html.lower().rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


@dataclass(frozen=True, slots=True)
class PageText:
    """The language of the error page: the site's, with its strings (``theme/i18n``, and the
    site's own ``i18n/<lang>.yaml``) and digits."""

    language: str
    t: Translator


def page_text(language: str, digits: str, root: Path | None = None) -> PageText:
    strings = load_strings(language, root)
    system = numbering_system(language, digits)
    return PageText(language, Translator(strings, babel_locale(language), system))


#: The error page's language before any config was read: Jarida's default, Arabic.
DEFAULT_LANGUAGE = "ar"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The state one request is answered from: taken once, before any file is read."""

    epoch: int
    #: The diagnostics of the last build when it failed; None when it succeeded.
    failure: tuple[Diagnostic, ...] | None
    #: The language of the site that failed; None before a config was read.
    text: PageText | None = None


class ReloadState:
    """The epoch and the last build's failure, shared by the builder and the request threads."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._epoch = 0
        self._failure: tuple[Diagnostic, ...] | None = None
        self._text: PageText | None = None
        self._closed = False

    def snapshot(self) -> Snapshot:
        with self._changed:
            return Snapshot(self._epoch, self._failure, self._text)

    def publish(self, failure: Sequence[Diagnostic] | None, text: PageText | None = None) -> int:
        """Record a finished build (its diagnostics if it failed, and the language of its error
        page) and wake every waiting page."""
        with self._changed:
            self._epoch += 1
            self._failure = None if failure is None else tuple(failure)
            self._text = text
            self._changed.notify_all()
            return self._epoch

    def wait(self, since: int, timeout: float) -> int:
        """The epoch, once it differs from ``since``, or after ``timeout`` seconds, or on close."""
        with self._changed:
            self._changed.wait_for(lambda: self._epoch != since or self._closed, timeout)
            return self._epoch

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


_PAGE = """<!DOCTYPE html>
<html lang="%(lang)s" dir="%(dir)s">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s</title>
<style>
body { font: 1.0625rem/1.7 system-ui, "Noto Sans Arabic", "Noto Naskh Arabic", sans-serif;
  margin: 0; padding: 1.5rem; color: #1a1a1a; background: #fff8f6; }
main { max-inline-size: 60rem; margin-inline: auto; }
h1 { color: #a4161a; font-size: 1.6rem; margin-block: 0 0.5rem; }
ol { padding-inline-start: 1.5rem; }
li { margin-block: 0.75rem; padding: 0.5rem 0.75rem; background: #fff;
  border-inline-start: 4px solid #a4161a; }
li.warning { border-color: #8a5a00; }
.severity { font-weight: 700; }
.diagnostic { display: block; unicode-bidi: isolate; text-align: start;
  font-family: ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.hint { display: block; color: #595959; }
</style>
</head>
<body>
<main>
<h1>%(title)s</h1>
<p>%(summary)s %(fix)s</p>
<ol>
%(items)s</ol>
%(last_good)s</main>
%(script)s</body>
</html>
"""


def _item(d: Diagnostic, t: Translator) -> str:
    severity = t("severity_error") if d.is_error else t("severity_warning")
    hint = f'\n<span class="hint" dir="ltr">hint: {escape(d.hint)}</span>' if d.hint else ""
    return (
        f'<li class="{d.severity.value}"><span class="severity">{escape(severity)}</span>\n'
        f'<span class="diagnostic" dir="ltr">{escape(d.location())}: {escape(d.message)}</span>'
        f"{hint}</li>\n"
    )


def error_page(
    diagnostics: Sequence[Diagnostic],
    epoch: int,
    *,
    last_good: bool,
    text: PageText | None = None,
) -> bytes:
    """The page shown instead of the site while the last build is broken, in the site's
    language (``text``; Arabic by default). The diagnostics themselves are shown as written.

    With ``last_good``, it links to the page as the last successful build made it.
    """
    text = text or page_text(DEFAULT_LANGUAGE, "latn")
    language, t = text.language, text.t
    errors, _ = counts(diagnostics)
    ordered = sorted(diagnostics, key=lambda d: (not d.is_error, d.sort_key()))
    back = escape(t("build_failed_last_good"))
    page = _PAGE % {
        "lang": escape(language),
        "dir": language_direction(language),
        "title": escape(t("build_failed")),
        "summary": escape(t("build_failed_count", count=errors)),
        "fix": escape(t("build_failed_fix")),
        "items": "".join(_item(d, t) for d in ordered),
        "last_good": f'<p><a href="?{LAST_GOOD_QUERY}">{back}</a></p>\n' if last_good else "",
        "script": reload_script(epoch),
    }
    return page.encode("utf-8")
