"""Languages: the choice of locale and helpers that pick a name in the user's language."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, g, has_request_context, request, session
from flask_babel import format_datetime, get_locale
from flask_login import current_user

# Our short codes, as used in forms and cookies, and the Babel locale each stands for.
LANGUAGES: dict[str, str] = {"sq": "sq", "sr": "sr_Latn", "en": "en"}
LANGUAGE_NAMES: dict[str, str] = {"sq": "Shqip", "sr": "Srpski", "en": "English"}
DEFAULT_LANGUAGE = "sq"
LANGUAGE_COOKIE = "mcm_lang"


def current_language() -> str:
    """Return the short code (sq, sr, en) of the language this request is served in."""
    if not has_request_context():
        # The command line and scheduled jobs: administrators script against English output.
        return "en"
    cached = g.get("mcm_language")
    if cached:
        return cached
    chosen = None
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        chosen = current_user.language
    if chosen is None:
        chosen = session.get("language")
    if chosen not in LANGUAGES:
        chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen not in LANGUAGES:
        best = request.accept_languages.best_match(["sq", "sr", "en"])
        chosen = best or DEFAULT_LANGUAGE
    g.mcm_language = chosen
    return chosen


def select_locale() -> str:
    """Babel locale selector."""
    return LANGUAGES[current_language()]


def select_timezone() -> str:
    """Babel timezone selector: one zone for the whole installation."""
    return current_app.config["MCM_TIMEZONE"]


def localized(obj: object, attribute: str = "name") -> str:
    """Pick obj.name_sq / name_sr / name_en for the current language."""
    language = current_language()
    value = getattr(obj, f"{attribute}_{language}", None)
    return value or getattr(obj, f"{attribute}_en")


def datetime_format(value: datetime | None, format: str = "medium") -> str:
    """Format an aware datetime in the installation's zone and the user's locale."""
    if value is None:
        return ""
    return format_datetime(value, format)


def locale_tag() -> str:
    """The BCP 47 tag for the html lang attribute."""
    return str(get_locale()).replace("_", "-")
