"""Ways to reach a person: phone numbers, e-mail addresses and social media accounts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mcm.privacy.public_lines import is_public_line

Span = tuple[int, int]

# --- e-mail -------------------------------------------------------------------------------
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+"
    r"(?:@|\s?[\[({]\s?(?:at|et)\s?[\])}]\s?)"  # also arta[at]example.org
    r"[\w-]+(?:(?:\.|\s?[\[({]\s?dot\s?[\])}]\s?)[\w-]+)*(?:\.|\s?[\[({]\s?dot\s?[\])}]\s?)"
    r"[A-Za-z]{2,}(?![\w-])",
    re.IGNORECASE,
)


_AT = re.compile(r"@|[\[({]\s?(?:at|et)\s?[\])}]", re.IGNORECASE)


def _windows(hits: Iterator[re.Match[str]], size: int, before: int, after: int) -> list[Span]:
    """Merged stretches of text around the hits, where the full pattern is worth trying."""
    out: list[Span] = []
    for hit in hits:
        lo, hi = max(0, hit.start() - before), min(size, hit.end() + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def find_emails(text: str) -> Iterator[Span]:
    """E-mail addresses, including 'name[at]example.org' disguises."""
    # Try the full pattern only near an @ (or [at]): it is slow to try at every word.
    for lo, hi in _windows(_AT.finditer(text), len(text), 80, 200):
        for m in _EMAIL.finditer(text, lo, hi):
            yield m.span()


# --- social media -------------------------------------------------------------------------
_PROFILE_URL = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:www\.|m\.|web\.|mobile\.|vm\.|vt\.)?"
    r"(?:facebook|fb|instagram|instagr\.am|tiktok|twitter|x|youtube|linkedin|snapchat|threads"
    r"|t|vk|ok|telegram)\.(?:com|me|net|ru|am|org)/[^\s,;)\]\"'”<>]+",
    re.IGNORECASE,
)
_URL_HINT = re.compile(r"\.(?:com|me|net|ru|am|org)/", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@.+-])@(?=[\w.]*[^\W\d_])[\w](?:[\w.]{0,40}[\w])?")
# "Instagram: arta_k92", "TikTok - @x", "profili në Facebook: bes.k" (label, then the account).
_PLATFORM_LABEL = re.compile(
    r"\b(?:facebook|fejsbuk|fb|instagram|insta|ig|tiktok|snapchat|telegram|twitter|viber|whatsapp"
    r"|signal|username|user name|perdoruesi|korisnicko ime|nadimak|profil(?:i|in|u|e)?)"
    r"(?:\s+(?:ne|na|on)\s+(?:facebook|instagram|tiktok|snapchat|telegram|twitter))?"
    r"\s*(?:[:=\u2013-]|si|kao|as|named)\s*[\"'“„]?"
)
_ACCOUNT = re.compile(r"@?(?=[\w.]*[\d_.])[^\W_][\w.]{2,40}\w")
# A platform or an account word anywhere near ("the account x_y on TikTok", "na Instagramu",
# "në Facebook"): handle-shaped words around it are accounts even without a label or an @.
_PLATFORM_NEAR = re.compile(
    r"\b(?:facebook|fejsbuk|instagram|tik\s?tok|snapchat|telegram|twitter|viber|whatsapp"
    r"|youtube|threads|linkedin|profil|llogari|nalog|account|username|perdorues|korisnick"
    r"|kanal|channel)\w*|\b(?:fb|ig|insta|snap)\b"
)
# Words with an underscore, or a dot and a digit, inside: arta.k_92, test.snap.3, bes_88.
_HANDLE_SHAPED = re.compile(r"(?<![\w@./:\-])[^\W_](?:\w|\.(?=\w)){2,40}(?![\w@]|\.\w|/)")
_NOT_A_HANDLE = re.compile(
    r".*\.(?:com|org|net|eu|info|pdf|docx?|xlsx?|odt|jpe?g|png|zip|txt|csv)$", re.IGNORECASE
)


def find_social(text: str, folded: str) -> Iterator[Span]:
    """Profile links, @handles, accounts after a platform's name and handles near one."""
    for lo, hi in _windows(_URL_HINT.finditer(text), len(text), 60, 300):
        for m in _PROFILE_URL.finditer(text, lo, hi):
            start, end = m.span()
            while end > start and text[end - 1] in ".,:!?":
                end -= 1
            yield start, end
    for m in _HANDLE.finditer(text) if "@" in text else ():
        yield m.span()
    for m in _PLATFORM_LABEL.finditer(folded):
        account = _ACCOUNT.match(text, m.end())
        if account:
            yield account.span()
    for lo, hi in _windows(_PLATFORM_NEAR.finditer(folded), len(text), 60, 60):
        for hit in _HANDLE_SHAPED.finditer(text, lo, hi):
            # Read the whole word, also where it runs past the window.
            m = _HANDLE_SHAPED.match(text, hit.start()) or hit
            word = m.group()
            if ("_" in word or ("." in word and any(c.isdigit() for c in word))) and not (
                _NOT_A_HANDLE.match(word) or word.replace(".", "").isdigit()
            ):
                yield m.span()


# --- phone numbers ------------------------------------------------------------------------
_SEP = r"[\s.\-/()\u2013]{0,3}"
_INTERNATIONAL = re.compile(
    rf"(?<![\w+])(?:\+|00)\s?(\d{{1,3}})(?:\s?\(0\))?(?:{_SEP}\d){{6,13}}(?!\w)(?![.\-/,]\d)"
)
_NATIONAL = re.compile(
    rf"(?<![\w+/.,\-])\(?0[1-9]\d{{0,2}}\)?(?:{_SEP}\d){{5,8}}(?!\w)(?![.\-/,]\d)"
)
_PHONE_WORDS = re.compile(
    r"\b(?:tel|tel\.|telefon\w*|mob|mob\.|mobil\w*|cel\w*|gsm|phone|cell|viber|whatsapp"
    r"|numri i telefonit|numer telefoni|broj telefona|broj mobilnog|kontakt\w*|call\w*"
    r"|thirr\w*|pozv\w*|nazv\w*)\b"
)
_PHONE_AFTER_WORD = re.compile(r"[^\d\n]{0,25}?(\+?\(?\d(?:[\s.\-/()]{0,2}\d){5,14})(?!\w)")
# Numbers that follow "called"/"contact" but are dates or year ranges, not phones.
_NOT_A_PHONE = re.compile(
    r"\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}|(?:19|20)\d\d\s?[-/]\s?(?:19|20)?\d\d"
)
_CURRENCY_AFTER = re.compile(r"\s?(?:€|eur|euro|evra|evro|dinar|din\b|%)", re.IGNORECASE)
# 38344123456: Kosovo's country code without + or 00, then exactly 8 digits.
_BARE_INTERNATIONAL = re.compile(r"(?<![\w+])(?:383|377|386)(?:[\s.\-]?\d){8}(?!\w)(?![.\-/,]\d)")
_PROTOCOL = re.compile(r"/\s?(?:19|20)\d\d$")
# Toll-free lines (0800 11 112, the domestic violence helpline) belong to institutions.
_FREE_LINE = re.compile(r"\(?0800")
# Kosovo's own codes and the old Monaco/Slovenia/Serbia codes used for Kosovo until 2017.
_KOSOVO_CODES = ("383", "377", "386")


def _cut_after_digits(text: str, start: int, end: int, keep: int) -> int:
    """End offset right after the keep-th digit of text[start:end] (end if fewer)."""
    seen = 0
    for i in range(start, end):
        if text[i].isdigit():
            seen += 1
            if seen == keep:
                return i + 1
    return end


def find_phones(text: str, folded: str) -> Iterator[Span]:
    """Kosovo and foreign phone numbers, in any grouping, with or without country code."""
    for m in _INTERNATIONAL.finditer(text):
        start, end = m.span()
        digits = sum(c.isdigit() for c in m.group())
        code = m.group(1)
        if code in _KOSOVO_CODES:
            # +383 44 123 456: 3 + 8 digits (a stray "(0)" adds one); stop before a count.
            national = 8 + ("(0)" in m.group())
            end = _cut_after_digits(text, m.start(1), end, 3 + national)
        if digits >= 9 and not is_public_line(text[start:end]):
            yield start, end
    for m in _NATIONAL.finditer(text):
        number = m.group()
        digits = sum(c.isdigit() for c in number)
        # A slash only after the area prefix (044/123-456); 01-016/2026 is a protocol number.
        slash_late = number.count("/") > 1 or _PROTOCOL.search(number)
        if 9 <= digits <= 11 and not (_FREE_LINE.match(number) or slash_late):
            if is_public_line(number):
                continue
            yield m.span()
    for m in _BARE_INTERNATIONAL.finditer(text):
        if not is_public_line(m.group()):
            yield m.span()
    for m in _PHONE_WORDS.finditer(folded):
        number = _PHONE_AFTER_WORD.match(text, m.end())
        if not number or sum(c.isdigit() for c in number.group(1)) < 6:
            continue
        if _NOT_A_PHONE.fullmatch(number.group(1)) or _CURRENCY_AFTER.match(text, number.end(1)):
            continue
        if is_public_line(number.group(1)):
            continue
        yield number.span(1)
