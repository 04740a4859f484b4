"""Pure text helpers for Arabic (and other Arabic-script) text.

Shared by slugs, taxonomy folding, related articles and search. Nothing here touches the world.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from html import escape
from types import MappingProxyType

from slugify import slugify

#: Harakat, tanween, shadda, sukun, maddah/hamza marks (U+064B–U+065F) and the superscript alef.
_TASHKEEL = re.compile("[\u064b-\u065f\u0670]")
TATWEEL = "\u0640"

_MATCH_FOLDS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ → ا
        "\u0625": "\u0627",  # إ → ا
        "\u0622": "\u0627",  # آ → ا
        "\u0671": "\u0627",  # ٱ → ا
        "\u0649": "\u064a",  # ى → ي
        "\u06cc": "\u064a",  # Persian yeh ی → ي
        "\u06a9": "\u0643",  # keheh ک → ك
    }
)

_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_EXTENDED_ARABIC_INDIC = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII_DIGITS = str.maketrans(
    {
        **{c: str(i) for i, c in enumerate(_ARABIC_INDIC)},
        **{c: str(i) for i, c in enumerate(_EXTENDED_ARABIC_INDIC)},
    }
)
_DIGIT_TABLES = MappingProxyType(
    {
        "arab": str.maketrans({str(i): c for i, c in enumerate(_ARABIC_INDIC)}),
        "arabext": str.maketrans({str(i): c for i, c in enumerate(_EXTENDED_ARABIC_INDIC)}),
    }
)

#: Languages written right to left (BCP 47 primary subtags).
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "ckb", "sd", "yi", "dv", "ug"})


def strip_tashkeel(text: str) -> str:
    """Remove Arabic diacritics and tatweel; letters are left as written."""
    return _TASHKEEL.sub("", text).replace(TATWEEL, "")


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic (٠-٩) and extended Arabic-Indic (۰-۹) digits to ASCII."""
    return text.translate(_TO_ASCII_DIGITS)


def localize_digits(text: str, system: str) -> str:
    """ASCII digits to the numbering system ``arab`` or ``arabext``; ``latn`` leaves them."""
    table = _DIGIT_TABLES.get(system)
    return text.translate(table) if table else text


def normalize_for_match(text: str, *, fold_teh_marbuta: bool = False) -> str:
    """The key two spellings of one word share: NFKC, no tashkeel or tatweel, one alef, one yeh.

    Latin is case-folded and all digits become ASCII. With ``fold_teh_marbuta``, ة becomes ه.
    """
    folded = strip_tashkeel(unicodedata.normalize("NFKC", text)).translate(_MATCH_FOLDS)
    folded = to_ascii_digits(folded).casefold()
    if fold_teh_marbuta:
        folded = folded.replace("\u0629", "\u0647")
    return " ".join(folded.split())


#: The conjunction و ("and") or ف ("so") written onto a word with the article ال («والاقتصاد»,
#: «فالحكومة»), when ال has three more letters after it, so that «والد» and «فالح» stay whole.
_CONJUNCTION_BEFORE_AL = re.compile("(?<!\\w)[\u0648\u0641](?=\u0627\u0644\\w{3})")


def fold_for_search(text: str) -> str:
    """:func:`normalize_for_match`, with و/ف detached from a following ال: the key a search
    matches on. «والاقتصادُ» → «الاقتصاد»; «على» → «علي»; «٢٠٢٤» → «2024».

    The search page's script (``theme/static/search.js``) folds queries the same way; a test
    checks that both agree.
    """
    return _CONJUNCTION_BEFORE_AL.sub("", normalize_for_match(text))


def _words_only(text: str) -> str:
    """Punctuation and symbols (Arabic and Latin) become spaces; letters, marks and digits stay."""
    return "".join(
        " " if unicodedata.category(ch)[0] in "PSZC" else ch
        for ch in unicodedata.normalize("NFC", text)
    )


def unicode_slug(text: str) -> str:
    """«الْعَرَبِيَّةُ: لغةُ الضّاد؟» → ``العربية-لغة-الضاد``; digits become ASCII."""
    cleaned = to_ascii_digits(strip_tashkeel(_words_only(text)))
    return slugify(cleaned, allow_unicode=True)


_TRANSLIT = str.maketrans(
    {
        "ا": "a",
        "أ": "a",
        "إ": "i",
        "آ": "a",
        "ٱ": "a",
        "ء": "",
        "ؤ": "u",
        "ئ": "i",
        "ب": "b",
        "ت": "t",
        "ث": "th",
        "ج": "j",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "dh",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "ع": "a",
        "غ": "gh",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "ة": "a",
        "و": "w",
        "ي": "y",
        "ى": "a",
        "پ": "p",
        "چ": "ch",
        "ژ": "zh",
        "ک": "k",
        "گ": "g",
        "ی": "y",
    }
)


def _transliterate_word(word: str) -> str:
    if word.startswith("ال") and len(word) > 3:
        return "al-" + _transliterate_word(word[2:])
    # A final yeh reads as a long i ("مصري" → "msri"), a yeh or waw between consonants as i / u.
    out = re.sub("(?<=[^\\s])ي$", "i", word)
    out = re.sub("(?<=[^اوي\\s])و(?=[^اوي\\s])", "u", out)
    out = re.sub("(?<=[^اوي\\s])ي(?=[^اوي\\s])", "i", out)
    return out.translate(_TRANSLIT)


def ascii_slug(text: str) -> str:
    """A readable Latin slug: «الاقتصاد المصري» → ``al-aqtsad-al-msri``; never empty."""
    cleaned = to_ascii_digits(strip_tashkeel(_words_only(text)))
    words = [_transliterate_word(w) for w in cleaned.split()]
    slug = slugify(" ".join(words))
    if slug:
        return slug
    return "a-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def make_slug(text: str, style: str) -> str:
    """The slug of ``text`` by the site's ``slugs`` style (``unicode`` or ``ascii``)."""
    if style == "ascii":
        return ascii_slug(text)
    return unicode_slug(text) or ascii_slug(text)


def language_direction(language: str) -> str:
    """``rtl`` or ``ltr`` for a BCP 47 tag such as ``ar-EG``."""
    primary = language.replace("_", "-").split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


# A left-to-right run: a Latin/Greek/Cyrillic letter, then letters, digits and the joiners found
# inside names (Mi-35B, N6-TA, example.com, C++, iPhone 17), never ending on a joiner or a space.
_LTR_LETTER = "A-Za-z\u00c0-\u02af\u0370-\u03ff\u0400-\u04ff"
_LTR_RUN = re.compile(
    f"[{_LTR_LETTER}](?:[{_LTR_LETTER}0-9]|[-_.:/@&'’ ](?=[{_LTR_LETTER}0-9])|\\+)*"
)
#: Latin runs longer than this may wrap inside their isolate.
LONG_LTR_RUN = 32
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    return _RTL_LETTER.search(text) is not None


def isolate_ltr_html(text: str, *, rtl_context: bool | None = None) -> str:
    """Escape ``text`` for HTML and wrap its Latin runs in ``<bdi>`` inside right-to-left text.

    ``rtl_context`` says whether the text around ``text`` is right to left; by default, whether
    ``text`` itself holds RTL letters. Plain numbers and wholly left-to-right text stay unwrapped.
    """
    if not (has_rtl(text) if rtl_context is None else rtl_context):
        return escape(text, quote=False)
    out: list[str] = []
    last = 0
    for match in _LTR_RUN.finditer(text):
        out.append(escape(text[last : match.start()], quote=False))
        run = escape(match.group(), quote=False)
        # Names are kept on one line (CSS); a long run (a quoted sentence) may wrap.
        opening = "<bdi>" if len(run) <= LONG_LTR_RUN else '<bdi class="long">'
        out.append(f"{opening}{run}</bdi>")

        last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)


def count_words(text: str) -> int:
    return len(re.findall(r"\w+", text))
