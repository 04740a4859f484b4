"""What an article page gives the search index beyond its own text: the folds Pagefind misses.

Pagefind indexes article pages with its Arabic stemmer, which already (measured with Pagefind
1.5, see ``docs/search.md``) ignores tashkeel and tatweel, reads أ إ آ as ا and presentation
forms (ﻻ) as their letters, matches Arabic-Indic and ASCII digits, lower-cases Latin and strips
the article ال and the prefixes ب ك ل. It does not fold ى or Persian ی to ي, ک to ك or ٱ to ا,
and it keeps و/ف on a word with ال («والاقتصاد» is not found by «الاقتصاد»). Every article page
therefore carries, once each, the :func:`~jarida.i18n.arabic.fold_for_search` spelling of the
words whose fold Pagefind would not make itself, in an attribute that Pagefind indexes and
browsers neither show nor read aloud; the search page folds queries the same way.

Pure: text in, text out.
"""

from __future__ import annotations

import html
import re
import unicodedata

from jarida.i18n.arabic import fold_for_search, strip_tashkeel, to_ascii_digits

#: The id of the element whose ``data-terms`` attribute holds the folded words. The search page's
#: script finds where they start in Pagefind's copy of the page by this id.
TERMS_ID = "jarida-search-terms"

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
#: The alef forms Pagefind's stemmer reads as a bare alef.
_PAGEFIND_ALEF = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627"})


def plain_text(body_html: str) -> str:
    """The text of an HTML fragment: tags become spaces, entities are decoded."""
    return html.unescape(_TAG.sub(" ", body_html))


def _as_pagefind_reads(token: str) -> str:
    """A token with the folds Pagefind makes by itself (see the module docstring)."""
    text = strip_tashkeel(unicodedata.normalize("NFKC", token))
    return to_ascii_digits(text).translate(_PAGEFIND_ALEF).casefold()


def extra_terms(*texts: str) -> str:
    """The folded words of ``texts`` that Pagefind would not match to their written spelling,
    each once, in order of first appearance, separated by spaces.

    «قال على الهاتف والاقتصادُ» → «علي الاقتصاد».
    """
    seen: dict[str, None] = {}
    for text in texts:
        for token in text.split():
            folded = fold_for_search(token)
            read = _as_pagefind_reads(token)
            if folded == read:
                continue
            known = set(_WORD.findall(read))
            seen.update((w, None) for w in _WORD.findall(folded) if w not in known)
    return " ".join(seen)
