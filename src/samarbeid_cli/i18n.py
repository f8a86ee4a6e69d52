"""The language of samarbeid's own messages: bokmål or nynorsk for a Norwegian user, English
otherwise.

The one place that decides it. The CLI chooses once per run, from `--lang`, else
SAMARBEID_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG, in POSIX order): `nb` and `no`
give bokmål, `nn` nynorsk. Where none of these is set, the målform of the workspace's
municipality decides (`malform:` of its one municipality file), else English. The
catalogues ship compiled in `locale/` (see the README's "Language of messages" and
`make messages`).

Messages are translated when they are made, never at import: a module-level text is marked
with `N_()` and passed through `_()` where it is used.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "samarbeid"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "nb", "nn")
"""What the tool speaks; every other choice falls back to one of these."""
_BOKMAL = ("nb", "no")
_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_chosen: gettext.NullTranslations | None = None
_language = "en"


def language_of(text: str | None) -> str | None:
    """`nb`, `nn` or `en` for a language or locale name (`nn_NO.UTF-8`, `en`, `C`); None if
    empty.

    Anything not Norwegian is English: the tool has no other catalogue.
    """
    if not text:
        return None
    code = text.strip().split(":")[0].split(".")[0].split("@")[0].replace("-", "_")
    code = code.split("_")[0].lower()
    if not code:
        return None
    if code == "nn":
        return "nn"
    return "nb" if code in _BOKMAL else "en"


def from_environment(environ: Mapping[str, str] | None = None, otherwise: str = "en") -> str:
    """The language SAMARBEID_LANG or the locale asks for; `otherwise` when none of them is
    set (the CLI passes the målform of the workspace's municipality there)."""
    env = os.environ if environ is None else environ
    chosen = language_of(env.get("SAMARBEID_LANG"))
    if chosen is not None:
        return chosen
    # The first of these that is set decides, as for every other program (POSIX).
    for name in _VARIABLES:
        if env.get(name):
            return language_of(env[name]) or "en"
    return otherwise


def is_chosen(environ: Mapping[str, str] | None = None) -> bool:
    """Whether SAMARBEID_LANG or the locale says which language to speak."""
    env = os.environ if environ is None else environ
    return any(env.get(name) for name in ("SAMARBEID_LANG", *_VARIABLES))


def use(language: str) -> None:
    """Speak `language` (`en`, `nb` or `nn`) from now on."""
    global _chosen, _language
    _language = language if language in LANGUAGES else "en"
    # A nynorsk message not yet translated is shown in bokmål, not English.
    languages = [_language, "nb"] if _language == "nn" else [_language]
    _chosen = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=languages, fallback=True)


def current() -> str:
    """The language messages are in (`en`, `nb` or `nn`), choosing from the environment if no
    one has chosen yet."""
    _translations()
    return _language


def _translations() -> gettext.NullTranslations:
    if _chosen is None:
        use(from_environment())
    assert _chosen is not None
    return _chosen


def _(message: str) -> str:
    """`message` in the chosen language (itself where the catalogue has no translation)."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message, by `count`, in the chosen language."""
    return _translations().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a text for the catalogue where it is defined; translate it with `_()` when used."""
    return message
