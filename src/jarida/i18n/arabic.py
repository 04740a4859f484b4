"""Pure text helpers for Arabic (and other Arabic-script) text.

Shared by slugs, taxonomy folding, related articles and search. Nothing here touches the world.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
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


_NON_ASCII_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic (٠-٩) and extended Arabic-Indic (۰-۹) digits to ASCII."""
    # str.translate looks up every character; most texts have no such digit (10x faster).
    return text.translate(_TO_ASCII_DIGITS) if _NON_ASCII_DIGIT.search(text) else text


def _fold_letters(text: str) -> str:
    """``_MATCH_FOLDS`` by ``str.replace``, which on long texts is far faster than translate."""
    for old, new in _MATCH_FOLDS.items():
        if chr(old) in text:
            text = text.replace(chr(old), str(new))
    return text


def localize_digits(text: str, system: str) -> str:
    """ASCII digits to the numbering system ``arab`` or ``arabext``; ``latn`` leaves them."""
    table = _DIGIT_TABLES.get(system)
    return text.translate(table) if table else text


def normalize_for_match(text: str, *, fold_teh_marbuta: bool = False) -> str:
    """The key two spellings of one word share: NFKC, no tashkeel or tatweel, one alef, one yeh.

    Latin is case-folded and all digits become ASCII. With ``fold_teh_marbuta``, ة becomes ه.
    """
    folded = _fold_letters(strip_tashkeel(unicodedata.normalize("NFKC", text)))
    folded = to_ascii_digits(folded).casefold()
    if fold_teh_marbuta:
        folded = folded.replace("\u0629", "\u0647")
    return " ".join(folded.split())


#: Words that say nothing about a story's subject: particles, pronouns, auxiliaries, the reporting
#: verbs of news copy, weekday names and month names (Maghrebi and Egyptian).
#: Written as usual; compared after :func:`normalize_for_match` with ة folded, like index terms.
_STOP_SOURCE = """
في من على إلى عن مع ان أن إن أنه إنه أنها إنها ما ماذا لماذا متى أين كيف كم أي او أو أم بل لكن
لكنه لكنها ثم حتى إذا إذ إذن لو لولا لم لن لا ليس ليست قد لقد سوف هل هذا هذه ذلك تلك هؤلاء أولئك
هنا هناك هذان هاتان ذاك الذي التي الذين اللذين اللتين اللذان اللتان اللواتي اللاتي اللائي هو هي
هم هن هما أنا نحن أنت أنتم كان كانت كانوا يكون تكون يكونوا كنا كنت أصبح أصبحت ظل ظلت بين بعد قبل
خلال عند عندما منذ حيث حول دون ضد نحو لدى فوق تحت أمام خلف وراء عبر ضمن غير سوى مثل كما بعض كل
جميع أيضا فقط جدا إلا أما إما به بها بهم له لها لهم لنا لي فيه فيها فيهم منه منها منهم عنه عنها
عليه عليها عليهم إليه إليها تم يتم سيتم ذات ذو ذي وفق حسب بحسب وفقا قال قالت أضاف أضافت أكد
أكدت أوضح أوضحت أشار أشارت مشيرا مؤكدا مضيفا يذكر ذكر ذكرت أفاد أفادت اليوم أمس غدا الأحد الاثنين
الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر
أكتوبر نوفمبر ديسمبر يناير فبراير أبريل مايو يونيو يوليو أغسطس
"""
_LETTERS = re.compile(r"[^\W\d_]+")
#: The article, alone or after a conjunction (و ف) and a preposition (ب ك), or ل + article (لل).
#: At least two letters must remain.
_ARTICLE = re.compile(
    "^(?:[\u0648\u0641]?[\u0628\u0643]?\u0627\u0644|[\u0648\u0641]?\u0644\u0644)(?=..)"
)
#: Light10's suffixes (Larkey et al.), in its order, after ة → ه: ها ان ات ون ين يه ه ي.
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
#: A suffix is removed only if this many letters remain.
MIN_STEM = 3
_CLITIC_STARTS = frozenset("\u0627\u0648\u0641\u0628\u0643\u0644")  # ا و ف ب ك ل
_SUFFIX_ENDS = frozenset(suffix[-1] for suffix in _SUFFIXES)
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


#: The most bytes (UTF-8) of a slug: a file or folder name may have 255, and a slug shares its
#: name with suffixes (``-2``, ``.html``) and with the text of a ``permalink`` around it. An
#: Arabic letter takes two bytes: about 15 words of a headline.
SLUG_BYTES = 180


def _joins_previous(char: str) -> bool:
    """A mark or a joiner: it belongs to the letter before it (one grapheme)."""
    return unicodedata.category(char)[0] == "M" or char in "\u200c\u200d"


def cut_slug(slug: str, limit: int = SLUG_BYTES) -> str:
    """``slug`` cut to at most ``limit`` UTF-8 bytes where a word (``-``) ends; one word longer
    than that is cut between letters, never inside a character or between a letter and its
    marks. The same slug always gives the same cut."""
    if len(slug.encode()) <= limit:
        return slug
    words, size = [], -1
    for word in slug.split("-"):
        size += 1 + len(word.encode())
        if size > limit:
            break
        words.append(word)
    if words:
        return "-".join(words)
    cut, size = 0, 0
    while size + len(slug[cut].encode()) <= limit:
        size, cut = size + len(slug[cut].encode()), cut + 1
    while cut > 0 and _joins_previous(slug[cut]):
        cut -= 1
    return slug[:cut]


def make_slug(text: str, style: str) -> str:
    """The slug of ``text`` by the site's ``slugs`` style (``unicode`` or ``ascii``), at most
    :data:`SLUG_BYTES` long."""
    if style == "ascii":
        return cut_slug(ascii_slug(text))
    return cut_slug(unicode_slug(text) or ascii_slug(text))


def language_direction(language: str) -> str:
    """``rtl`` or ``ltr`` for a BCP 47 tag such as ``ar-EG``."""
    primary = language.replace("_", "-").split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


# A left-to-right run: a Latin/Greek/Cyrillic letter, then letters, digits and the joiners found
# inside names (Mi-35B, N6-TA, example.com, C++, iPhone 17), never ending on a joiner or a space.
_LTR_LETTER = "A-Za-z\u00c0-\u02af\u0370-\u03ff\u0400-\u04ff"
_LTR_NAME = f"[{_LTR_LETTER}](?:[{_LTR_LETTER}0-9]|[-_.:/@&'’ ](?=[{_LTR_LETTER}0-9])|\\+)*"
# ... or a signed figure (+4.9%, −3٫5٪): bidi would draw its lone sign on its right. Not after a
# digit or a Latin letter: 2023-2024 is a range, Mi-35B a name.
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
# The sign comes first and the look behind it after (both branches start with a class of
# characters: the regex engine skips to the next candidate instead of trying every position).
_SIGN = "-+\u2212\u00b1"
_SIGNED = (
    f"[{_SIGN}](?<![{_DIGIT}A-Za-z][{_SIGN}])[{_DIGIT}]"
    f"(?:[{_DIGIT}]|[.,\u066b\u066c](?=[{_DIGIT}]))*[%\u066a\u2030]?"
)
_LTR_RUN = re.compile(f"{_LTR_NAME}|{_SIGNED}")
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


STOP_WORDS = frozenset(
    normalize_for_match(word, fold_teh_marbuta=True) for word in _STOP_SOURCE.split()
)


def match_words(text: str) -> list[str]:
    """The words of ``text`` as :func:`normalize_for_match` (ة → ه) spells them; letters only."""
    return _LETTERS.findall(normalize_for_match(text, fold_teh_marbuta=True))


def strip_clitics(word: str) -> str:
    """«والاقتصاد», «بالاقتصاد», «فالاقتصاد», «للاقتصاد» → «اقتصاد» (``word`` already normalized).

    Safe by construction: و ف ب ك ل are removed only together with the article that follows them.
    Alone they are often a root letter («وزير», «فريق», «بنك», «كتاب», «لبنان») and stay.
    """
    return _ARTICLE.sub("", word, count=1)


def light_stem(word: str) -> str:
    """Clitics, then Light10's suffixes: «الاقتصادية» → «اقتصاد», «حكوماتها» → «حكوم».

    A light stem is a matching key, not a dictionary form; a suffix goes only if
    :data:`MIN_STEM` letters remain («عمان» stays).
    """
    stem = strip_clitics(word) if word[:1] in _CLITIC_STARTS else word
    if stem[-1:] in _SUFFIX_ENDS:
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= MIN_STEM:
                stem = stem[: -len(suffix)]
    return stem


def is_stop_word(word: str) -> bool:
    """A normalized word that names no subject, also behind و or ف («وقال», «فإن»)."""
    return word in STOP_WORDS or (word[:1] in ("\u0648", "\u0641") and word[1:] in STOP_WORDS)


def _term(word: str) -> str:
    """The index term of a normalized word, or "" for a stop word or a stem under 2 letters."""
    if is_stop_word(word):
        return ""
    stem = light_stem(word)
    return stem if len(stem) >= 2 and stem not in STOP_WORDS else ""


def index_terms(text: str) -> list[str]:
    """The matching terms of ``text`` in order: normalized, stop words dropped, lightly stemmed.

    «الإقتصاد» and «الاقتصاد» give the same term; so do «والاقتصاد» and «الاقتصادية».
    """
    return [term for term in map(_term, match_words(text)) if term]


#: Words a memo of :func:`term_counts` keeps at most (~150 bytes each) before starting afresh.
STEMS_KEPT = 200_000


def term_counts(text: str, stems: dict[str, str] | None = None) -> Counter[str]:
    """How often each of :func:`index_terms` occurs; each distinct word is stemmed once, and
    once for all the texts that share ``stems`` (a memo: word → its term, "" for none)."""
    known = {} if stems is None else stems
    if len(known) > STEMS_KEPT:
        known.clear()
    counts: Counter[str] = Counter()
    for word, count in Counter(match_words(text)).items():
        term = known.get(word)
        if term is None:
            term = known[word] = _term(word)
        if term:
            counts[term] += count
    return counts
