"""One test per kind of personal data: what must be found and what must be left alone."""

# Case notes are written in Cyrillic and with Turkish letters too.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime

import pytest

from mcm.privacy import find_pii


def spans(text: str, **kwargs: object) -> list[tuple[str, str]]:
    """(kind, offending text) for every finding in text."""
    return [(f.kind, text[f.start : f.end]) for f in find_pii(text, **kwargs)]  # type: ignore[arg-type]


def kinds(text: str) -> set[str]:
    """The kinds found in text."""
    return {f.kind for f in find_pii(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Numri personal i viktimës është 1234567890.", "1234567890"),
        ("Personal number 1112223334 was noted.", "1112223334"),
        ("JMBG: 1234567890123.", "1234567890123"),
        ("Lični broj 1234 567 890 upisan je.", "1234 567 890"),
        ("Matični broj 1500000000012.", "1500000000012"),
        ("ЈМБГ: 0303000000022.", "0303000000022"),
    ],
)
def test_personal_numbers(text: str, expected: str) -> None:
    assert ("personal_number", expected) in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 044 000 111 after five.", "044 000 111"),
        ("Tel: 049-123-000", "049-123-000"),
        ("Numri +383 45 000 222 është aktiv.", "+383 45 000 222"),
        ("Kontakti: 0038344000444.", "0038344000444"),
        ("Telefoni fiks: 038 111 000.", "038 111 000"),
        ("Stari broj +381 38 000 111.", "+381 38 000 111"),
        ("Old numbers +377 44 111 000 and +386 49 000 333.", "+377 44 111 000"),
        ("Old numbers +377 44 111 000 and +386 49 000 333.", "+386 49 000 333"),
        ("Telefoni: (044) 555 000.", "(044) 555 000"),
        ("Ajo thirri nga 045.222.111 dy herë.", "045.222.111"),
        ("Numri 38344000555 në emër të saj.", "38344000555"),
        ("Her German number is +49 151 0000 1111.", "+49 151 0000 1111"),
        ("Телефон жртве: 064 000 2233.", "064 000 2233"),
    ],
)
def test_phones(text: str, expected: str) -> None:
    assert ("phone", expected) in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to arta.test@example.org today.", "arta.test@example.org"),
        ("E-mail: DRITA.K@EXAMPLE.NET", "DRITA.K@EXAMPLE.NET"),
        ("Adresa: drita[at]example.net.", "drita[at]example.net"),
    ],
)
def test_emails(text: str, expected: str) -> None:
    assert ("email", expected) in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He follows her as @besniku_test on Instagram.", "@besniku_test"),
        ("Profili facebook.com/arta.demo.123 ka foto.", "facebook.com/arta.demo.123"),
        ("Video na instagram.com/nemanja_test_77.", "instagram.com/nemanja_test_77"),
        ("Posted at www.tiktok.com/@arta_demo_1.", "www.tiktok.com/@arta_demo_1"),
        ("TikTok: bes_demo_2009 is her account.", "bes_demo_2009"),
    ],
)
def test_social_handles(text: str, expected: str) -> None:
    assert ("social_handle", expected) in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ajo jeton në Rruga Nëna Terezë nr. 12.", "Rruga Nëna Terezë nr. 12"),
        ("Adresa: rr. Agim Ramadani 5, Prishtinë.", "rr. Agim Ramadani 5"),
        ("Stanuje u ulici Kralja Petra 14.", "ulici Kralja Petra 14"),
        ("Adresa: ul. Vidovdanska 23.", "ul. Vidovdanska 23"),
        ("Familja banon në Bulevardi Bill Klinton 44.", "Bulevardi Bill Klinton 44"),
        ("Kryerësi jeton te Sheshi Skënderbeu 3.", "Sheshi Skënderbeu 3"),
        ("The family lives at 14 Main Street, Ferizaj.", "14 Main Street"),
        ("U zhvendos në Lagjja Kalabria, nr. 4.", "Lagjja Kalabria, nr. 4"),
        ("Jetojnë në hyrja 2, banesa 7, pranë shkollës.", "hyrja 2, banesa 7"),
        ("Porodica živi u ulici Cara Dušana 8, stan br. 5.", "ulici Cara Dušana 8, stan br. 5"),
        ("Жртва живи у улици Цара Лазара 9.", "улици Цара Лазара 9"),
    ],
)
def test_street_addresses(text: str, expected: str) -> None:
    assert ("street_address", expected) in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She was born on 12.03.1990 in Peja.", "12.03.1990"),
        ("E lindur më 12/03/1990, punon si rrobaqepëse.", "12/03/1990"),
        ("Kryerësi, i lindur më 1 maj 1985, është i papunë.", "1 maj 1985"),
        ("Datëlindja: 23.11.2001", "23.11.2001"),
        ("Datum rođenja: 05.06.2016.", "05.06.2016"),
        ("Rođena 12.03.1990. godine u Prištini.", "12.03.1990"),
        ("Osumnjičeni, rođen 3. marta 1982, je nezaposlen.", "3. marta 1982"),
        ("DOB 1985-05-01, male.", "1985-05-01"),
        ("D.O.B.: 23.11.2001", "23.11.2001"),
        ("Date of birth: 21 June 1995.", "21 June 1995"),
        ("Рођен 12.09.1980, осумњичени је незапослен.", "12.09.1980"),
    ],
)
def test_dates_of_birth(text: str, expected: str) -> None:
    assert ("date_of_birth", expected) in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vetura e tij me targa 01-123-AB u pa.", "01-123-AB"),
        ("Plates 01 123 AB and 01-234-KS were seen.", "01 123 AB"),
        ("Plates 01 123 AB and 01-234-KS were seen.", "01-234-KS"),
        ("Vozilo registarskih oznaka BG 123-AB.", "BG 123-AB"),
        ("Car with plates PZ 123 CD outside the school.", "PZ 123 CD"),
    ],
)
def test_vehicle_plates(text: str, expected: str) -> None:
    assert ("vehicle_plate", expected) in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paid to XK05 1212 0123 4567 8906 monthly.", "XK05 1212 0123 4567 8906"),
        ("IBAN: XK051212012345678906.", "XK051212012345678906"),
        ("Uplata na RS66 1600 0000 0012 3456 78.", "RS66 1600 0000 0012 3456 78"),
        ("Numri i llogarisë bankare është 1705000012345678.", "1705000012345678"),
    ],
)
def test_ibans(text: str, expected: str) -> None:
    assert ("iban", expected) in spans(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pasaporta nr. P01234567 mbahet nga burri.", "P01234567"),
        ("Passport no. A1234567 is with the husband.", "A1234567"),
        ("Letërnjoftimi nr. 112233445 u konfiskua.", "112233445"),
        ("Lična karta br. 123456789 oduzeta je.", "123456789"),
        ("ID card number 123123123 was taken.", "123123123"),
    ],
)
def test_identity_documents(text: str, expected: str) -> None:
    assert ("id_document", expected) in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "Rasti PEJ-2026-014 u diskutua në takimin e 12.03.2026.",
        "Under Law No. 03/L-182, Article 5, institutions share information.",
        "Prema članu 8 stav 2 Zakona, policija mora odmah da reaguje.",
        "Sipas nenit 12 të rregullores, afati është 15 ditë.",
        "The budget is € 12,500 (12.500 EUR), Decision 02/2026.",
        "The meeting on 12.03.2026 started at 14:30; attendance was 85%.",
        "On 12.03.2026 the police visited the household.",
        "There are 3 children aged 5–10; the victim is in the age band 25–34.",
        "Vendimi nr. 01-016/2026 u miratua; protokolli 145/2026.",
        "The free helpline 0800 11 112 and the police on 192 answer day and night.",
        "ID: PEJ-2026-014 was closed.",
        "In 2025, 1,234 cases were reported, up 12% from 2024.",
        "The hearing was postponed to 20.04.2026 at 09:30.",
    ],
)
def test_numbers_that_are_not_personal_data(text: str) -> None:
    assert find_pii(text) == []


def test_a_date_followed_by_the_matching_age_is_a_date_of_birth() -> None:
    today = datetime.date.today()
    born = f"12.03.{today.year - 36}"
    assert ("date_of_birth", born) in spans(f"Viktima {born} ({36} vjeç) jeton në Pejë.")
    assert find_pii(f"Nalog izdat 12.03.{today.year} (2 godine).") == []


def test_a_date_right_after_a_name_is_a_date_of_birth() -> None:
    assert ("date_of_birth", "04.05.2012") in spans("Vajza, Shpresa Gashi (04.05.2012).")
