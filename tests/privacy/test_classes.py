"""The classes the guard used to miss, one test each: what is found and what is left alone."""

# Case notes are written in Cyrillic too.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from mcm.privacy import find_pii
from mcm.privacy.numbers import jmbg_valid
from mcm.privacy.public_lines import PUBLIC_LINES, is_public_line

REPRESENTATIVES = ["Luan Berisha", "Fitore Gashi"]


def spans(text: str) -> list[tuple[str, str]]:
    """(kind, offending text) for every finding, the representatives allowed."""
    return [(f.kind, text[f.start : f.end]) for f in find_pii(text, allowed_names=REPRESENTATIVES)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Flutura tha se burri e kërcënon çdo natë.", "Flutura"),
        ("Drita nga Rahoveci nuk erdhi në takim.", "Drita"),
        ("Besa, 28 vjeçe, ka dy fëmijë.", "Besa"),
        ("Shpresa dhe vajza e saj u strehuan.", "Shpresa"),
        ("Nada iz Štrpca prijavila je nasilje.", "Nada"),
        ("Зора из Грачанице је поднела пријаву.", "Зора"),
        ("Drita, aged 30, was referred to the shelter.", "Drita"),
        ("Flutura, who is 34, asked for a place in the shelter.", "Flutura"),
    ],
)
def test_a_name_that_is_also_a_word_is_found_when_used_as_a_name(text: str, name: str) -> None:
    assert ("person_name", name) in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "Shpresa për përmirësim të koordinimit mbetet e lartë.",
        "Drita e re e planit lokal u prezantua.",
        "Nada u bolju saradnju institucija je velika.",
        "Vera u institucije raste nakon obuka.",
        "Hope remains that the action plan will be funded.",
        "besa e dhënë nga institucionet u respektua.",
    ],
)
def test_the_same_words_as_words_are_left_alone(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("burri i saj besnik gashi u arrestua.", "besnik gashi"),
        ("razgovarali smo sa marija nikolić o smeštaju.", "marija nikolić"),
        ("муж снежане јовић је приведен.", "снежане јовић"),
        ("djali i viktimës, ardit, frekuenton klasën e katërt.", "ardit"),
        ("the client's daughter, elira, needs counselling.", "elira"),
        ("posle saslušanja jelena je rekla da se plaši.", "jelena"),
        ("at the centre arbnora said she wants to go back to school.", "arbnora"),
    ],
)
def test_names_in_lower_case_are_found(text: str, name: str) -> None:
    assert ("person_name", name) in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "fëmija luan në oborr me shokët.",  # "plays", also the name Luan
        "me nderim, zyrtarja për barazi gjinore",
        "drita e sallës nuk punonte gjatë takimit.",
    ],
)
def test_lower_case_words_that_are_also_names_are_left_alone(text: str) -> None:
    assert spans(text) == []


def test_a_representative_in_lower_case_is_still_allowed() -> None:
    assert spans("fitore gashi presented the referrals of the quarter.") == []


def test_a_representative_named_as_the_victim_is_still_flagged() -> None:
    assert ("person_name", "fitore gashi") in spans("viktima fitore gashi u strehua.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Viktima M.G. ka dy fëmijë.", "M.G."),
        ("Kryerësi L. K. u urdhërua të largohet.", "L. K."),
        ("Жртва Ј.М. је упућена у центар.", "Ј.М."),
        ("F. Berisha u paraqit në stacion.", "F. Berisha"),
        ("Mr G. Bytyqi breached the order.", "G. Bytyqi"),
        ("Rasti i Mimoza K. u diskutua.", "Mimoza K."),
    ],
)
def test_initials_are_a_person(text: str, name: str) -> None:
    assert ("person_name", name) in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "L. Berisha presented the statistics.",  # the representative Luan Berisha
        "The U.S. embassy funded the training.",
        "Prijava protiv N.N. lica podneta je policiji.",
        "Z. Gashi nga Prokuroria raportoi.",  # "zoti", with the representative's surname
    ],
)
def test_initials_of_a_representative_or_an_abbreviation_are_not_flagged(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Telefoni i Agronit u konfiskua.", "Agronit"),
        ("Razgovarali smo sa Snežanom i njenim sinom.", "Snežanom"),
        ("Mimozës i është ofruar strehim.", "Mimozës"),
        ("Ceca je ponovo pozvala policiju.", "Ceca"),
        ("Sneža i deca su smešteni kod rođaka.", "Sneža"),
        ("Мирјани је одређена мера заштите.", "Мирјани"),
    ],
)
def test_declined_and_pet_forms_of_names_are_found(text: str, name: str) -> None:
    assert ("person_name", name) in spans(text)


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("Kërcënimet vinin nga llogaria arta.k_92 në TikTok.", "arta.k_92"),
        ("Nalog na Instagramu test.korisnik_01 šalje pretnje.", "test.korisnik_01"),
        ("Профил test_profil_22 на Тикток-у објављује фотографије.", "test_profil_22"),
        ("He posts as test.poster.12 on TikTok.", "test.poster.12"),
    ],
)
def test_handles_without_at_sign_are_found_near_a_platform(text: str, handle: str) -> None:
    assert ("social_handle", handle) in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "Profili i mekanizmit u përditësua në dokumentin plan_veprimi_2026.docx.",
        "The account of the meeting is on example.org for members.",
        "Dokumenti plan_veprimi_2026 u miratua nga Kuvendi.",  # no platform: a file's name
    ],
)
def test_file_names_and_sites_are_not_handles(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    "url",
    [
        "https://vm.tiktok.com/ZMtest123/",
        "snapchat.com/add/test.snap.5",
        "t.me/test_kanal_9",
        "facebook.com/profile.php?id=100000000000001",
        "x.com/test_handle_42",
    ],
)
def test_profile_links_are_found(url: str) -> None:
    assert ("social_handle", url) in spans(f"Pretnje su objavljene na {url} prošle nedelje.")


def test_jmbg_check_digit() -> None:
    assert jmbg_valid("0101990000000")
    assert jmbg_valid("1505985000008")
    assert not jmbg_valid("1505985000009")  # wrong check digit
    assert not jmbg_valid("3213990000004")  # no 13th month
    assert not jmbg_valid("150598500000")  # 12 digits


def test_a_jmbg_is_found_without_a_label_only_when_it_checks_out() -> None:
    assert spans("Osumnjičeni (0101000000044) ranije je prijavljivan.") == [
        ("personal_number", "0101000000044")
    ]
    assert spans("Kodi i buxhetit 2026000000014 u përdor për trajnimet.") == []
    # Written as a JMBG, a broken one is still personal data.
    assert ("personal_number", "1234567890123") in spans("JMBG: 1234567890123.")


@pytest.mark.parametrize("nid", ["J90101000T", "I85515000K", "K00101000P"])
def test_albanian_personal_numbers_are_found(nid: str) -> None:
    assert spans(f"Në dokumentin nga Shqipëria shkruhet {nid}.") == [("personal_number", nid)]


def test_a_case_code_or_law_number_is_not_an_albanian_personal_number() -> None:
    assert spans("Rasti PEJ-2026-014, sipas Ligjit nr. 03/L-182, u mbyll.") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Her travel document number is XT0000002.", "XT0000002"),
        ("Број пасоша 009999002 је у поседу супруга.", "009999002"),
        ("Nr. i pasaportës: BA0000003.", "BA0000003"),
    ],
)
def test_passport_numbers_are_found(text: str, number: str) -> None:
    assert ("id_document", number) in spans(text)


@pytest.mark.parametrize("number", [number for number, _ in PUBLIC_LINES])
def test_public_lines_are_not_personal_data(number: str) -> None:
    assert spans(f"Tel. {number}, linja publike.") == []


@pytest.mark.parametrize("text", ["+383 48 105 800", "00383 48 105 800", "048/105-800"])
def test_a_public_line_is_recognised_in_any_grouping(text: str) -> None:
    assert is_public_line(text)
    assert spans(f"Kontakt: {text}.") == []


def test_a_private_number_next_to_a_public_line_is_still_flagged() -> None:
    text = "Thirrni KWN në 048 105 800 ose viktimën në 048 105 801."
    assert spans(text) == [("phone", "048 105 801")]
