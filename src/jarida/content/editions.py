"""Which edition a source is in, and what links it to its translations (docs/languages.md).

Front matter ``lang: <code>`` names the edition (a code the site's ``languages:`` does not
configure is an error at its line); without it, ``content/<code>/`` does, else the default
language. ``translation_key: <text>`` links translations (:mod:`jarida.translations`).
"""

from __future__ import annotations

from jarida.config import Config
from jarida.content.frontmatter import FrontMatter
from jarida.errors import Diagnostic, error, shown
from jarida.languages import edition_codes, language_of, primary, suggest_code
from jarida.model import SourceFile

#: The longest ``translation_key`` taken.
MAX_KEY = 200


def _lang(config: Config, path: str, front: FrontMatter) -> tuple[str, list[Diagnostic]]:
    """The code front matter ``lang`` names ("" when it names none), and its problem."""
    given = front.data.get("lang")
    if given is None:
        return "", []
    line = front.lines.get("lang", 0)
    if not isinstance(given, str) or not given.strip():
        message = f"`lang` must be a language code, not {shown(given)}"
        return "", [error(path, message, line=line, hint="write `lang: en`")]
    code = given.strip()
    if code in (config.language, primary(config.language), *edition_codes(config)):
        return primary(code), []
    message = f"`lang: {shown(code)}`: the site has no edition in this language"
    return "", [error(path, message, line=line, hint=suggest_code(code, config))]


def _key(path: str, front: FrontMatter) -> tuple[str, list[Diagnostic]]:
    key = front.data.get("translation_key")
    if key is None:
        return "", []
    if isinstance(key, str | int) and not isinstance(key, bool):
        text = str(key).strip()
        if text and len(text) <= MAX_KEY:
            return text, []
    line = front.lines.get("translation_key", 0)
    message = f"`translation_key` must be a text of at most {MAX_KEY} characters, not {shown(key)}"
    hint = "write the same text in the front matter of each translation"
    return "", [error(path, message, line=line, hint=hint)]


def edition_of(
    config: Config, source: SourceFile, front: FrontMatter
) -> tuple[str, str, list[Diagnostic]]:
    """(its edition's code, its own translation key or "", the problems of the two keys)."""
    lang, lang_problems = _lang(config, source.path, front)
    key, key_problems = _key(source.path, front)
    code = language_of(config, source.id, lang)
    return code, key, lang_problems + key_problems
