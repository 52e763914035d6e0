"""Languages: the choice of locale and helpers that pick a name in the user's language."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import current_app, g, has_request_context, request, session
from flask_babel import format_date, format_time, get_locale, to_user_timezone
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


# One way to write a date and a time per language, everywhere (pages, e-mails, Word documents):
# never the two-digit short form ("3/10/27") beside the medium one ("Mar 10, 2027"), and the
# 24-hour clock in Albanian and Serbian (CLDR gives Albanian a 12-hour clock by default).
DATE_FORMATS = ("medium", "long", "full")
CLOCK: dict[str, str] = {"sq": "HH:mm", "sr": "HH:mm", "en": "h:mm a"}


def day_format(value: date | datetime | None, format: str = "medium") -> str:
    """A date in the user's language: "medium" in tables and facts, "long" or "full" in prose."""
    if value is None:
        return ""
    if format not in DATE_FORMATS:
        raise ValueError(f"dates are written {DATE_FORMATS}, not {format!r}")
    if isinstance(value, datetime):  # the day it is where the mechanism meets, not in UTC
        value = to_user_timezone(value)
    return format_date(value, format)


def month_format(value: date | None) -> str:
    """A month and its year in the user's language ("December 2026", "dhjetor 2026"): headings."""
    if value is None:
        return ""
    return format_date(value, "LLLL y")


def weekday_format(value: date | None, abbreviated: bool = False) -> str:
    """A day of the week in the user's language ("Monday", or "Mon" where space is short)."""
    if value is None:
        return ""
    return format_date(value, "EEE" if abbreviated else "EEEE")


def time_format(value: datetime | time | None) -> str:
    """A time of day in the installation's zone, on the language's clock (14:30, 2:30 PM)."""
    if value is None:
        return ""
    locale = get_locale()
    return format_time(value, CLOCK.get(locale.language if locale else "en", "HH:mm"))


def datetime_format(value: datetime | None, format: str = "medium") -> str:
    """A moment: the date as day_format writes it, then its time of day."""
    if value is None:
        return ""
    return f"{day_format(value, format)}, {time_format(value)}"


def locale_tag() -> str:
    """The BCP 47 tag for the html lang attribute."""
    return str(get_locale()).replace("_", "-")
