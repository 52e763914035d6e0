"""People's names: found with or without titles, in all three languages, and inflected."""

# Case notes are written in Cyrillic and with Turkish letters too.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from mcm.privacy import find_pii

ALLOWED = ["Arta Krasniqi", "Blerim Hoxha", "Vesna Ristić", "Nenad Savić"]


def names(text: str, allowed: list[str] | None = None) -> list[str]:
    """The person names find_pii reports in text."""
    return [
        text[f.start : f.end]
        for f in find_pii(text, allowed_names=allowed or [])
        if f.kind == "person_name"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Viktima Arbnora Hasani u paraqit në polici.", "Arbnora Hasani"),
        ("Znj. Valbona Bytyqi refuzoi strehimin.", "Valbona Bytyqi"),
        ("Z. Tahiri u takua me punëtorin social.", "Tahiri"),
        ("Zonja Kaltrina Maloku deklaroi se ka frikë.", "Kaltrina Maloku"),
        ("Gospođa Snežana Nikolić odbila je smeštaj.", "Snežana Nikolić"),
        ("Gđa Stojanović se plaši supruga.", "Stojanović"),
        ("G. Marković je pozvan na razgovor.", "Marković"),
        ("Ms Drenusha Kelmendi declined the shelter.", "Drenusha Kelmendi"),
        ("Mr. Kabashi attended the interview.", "Kabashi"),
        ("Dr. Nexhat Sylejmani, the perpetrator, works at a clinic.", "Nexhat Sylejmani"),
        ("The suspect Milan Stojković was detained.", "Milan Stojković"),
        ("The complainant Ayşe Yıldırım is afraid.", "Ayşe Yıldırım"),
        ("Sevdija Bajrami from the Ashkali community asked for shelter.", "Sevdija Bajrami"),
        ("Почињилац Марко Николић ухапшен је.", "Марко Николић"),
    ],
)
def test_full_names_and_titles(text: str, expected: str) -> None:
    assert expected in names(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Viktima Drita u strehua përkohësisht.", "Drita"),
        ("The victim Shpresa received legal aid.", "Shpresa"),
        ("Žrtva Milica je smeštena u sigurnu kuću.", "Milica"),
        ("Žrtva Nada je smeštena u sigurnu kuću.", "Nada"),
        ("Her husband Besart was arrested.", "Besart"),
        ("Sin Lazar je bio prisutan.", "Lazar"),
        ("Vajza e tyre, Erza, ka nevojë për mbështetje.", "Erza"),
        ("Majka žrtve, Ljiljana, živi u Leposaviću.", "Ljiljana"),
        ("A man named Petrit Qerimi was questioned.", "Petrit Qerimi"),
        ("Drita said her husband beats her.", "Drita"),
    ],
)
def test_first_names_in_a_role(text: str, expected: str) -> None:
    assert expected in names(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Familja Kastrati u vizitua të enjten.", "Kastrati"),
        ("The Morina family refused the visit.", "Morina"),
        ("Porodica Petrović je ranije prijavljivana.", "Petrović"),
        ("Socijalni radnik je posetio porodicu Stanković.", "Stanković"),
    ],
)
def test_family_names(text: str, expected: str) -> None:
    assert expected in names(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blertës iu ofrua këshillim psikologjik.", "Blertës"),
        ("Viktima deklaroi se Agroni e kishte kërcënuar.", "Agroni"),
        ("Razgovor sa Milicom obavljen je u centru.", "Milicom"),
        ("Razgovarano je sa Jovanom Petrovićem.", "Jovanom Petrovićem"),
        ("Punëtorja sociale foli me Mimozën.", "Mimozën"),
    ],
)
def test_inflected_names(text: str, expected: str) -> None:
    assert expected in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Qendra për Punë Sociale Pejë raportoi tre raste.",
        "Stacioni i Policisë Ferizaj lëshoi dy urdhra.",
        "Centar za socijalni rad Gračanica predstavio je izveštaj.",
        "The Basic Court of Prizren issued 6 protection orders.",
        "Shpresa jonë është që rastet të ulen.",
        "Drita e sallës ishte e dobët.",
        "Besa e dhënë duhet të respektohet.",
        "Nada je da će se broj prijava smanjiti.",
        "Vera u institucije raste.",
        "Viti 2026 është viti i dytë i strategjisë në Viti.",
        "Komuna e Vitisë dhe Peja nënshkruan memorandum.",
        "Shkolla fillore “Naim Frashëri” organizoi punëtori.",
        "Spitali Rajonal “Dr. Daut Mustafa” ofroi mjekim.",
        "Osnovna škola „Vuk Karadžić” organizovala je radionicu.",
        "OJQ Shpresa ofroi këshillim.",
        "The Victim Advocacy Office assigned an advocate.",
        "Dita Ndërkombëtare e Gruas u shënua në Suharekë.",
        "Bashkimi Evropian financoi projektin.",
        "Nine new cases were registered in February.",
        "Victim: Female, 34. Perpetrator: Unknown.",
    ],
)
def test_not_names(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Znj. Arta Krasniqi nga QPS hapi takimin.",
        "Ms Krasniqi will coordinate the next visit.",
        "Sipas Artës, vizitat do të bëhen çdo javë.",
        "Z. Blerim Hoxha nga Prokuroria raportoi.",
        "Gospođa Vesna Ristić iz Centra otvorila je sastanak.",
        "Prema Vesni, posete će se obavljati svake nedelje.",
        "Mr Nenad Savić reported two interventions.",
    ],
)
def test_allowed_names_are_not_flagged(text: str) -> None:
    assert names(text, ALLOWED) == []


def test_allowed_names_do_not_hide_other_people() -> None:
    text = "Znj. Arta Krasniqi foli me viktimën, Arta Gashi."
    assert names(text, ALLOWED) == ["Arta Gashi"]


def test_a_victim_sharing_a_representatives_name_is_still_flagged() -> None:
    assert names("Viktima Arta u strehua.", ALLOWED) == ["Arta"]
    assert names("Familja Krasniqi u vizitua.", ALLOWED) == ["Krasniqi"]


def test_job_titles_before_a_representative_are_not_a_name() -> None:
    text = "The report was presented by Psychologist Arta Krasniqi and Judge Berisha."
    assert names(text, ALLOWED) == ["Berisha"]


@pytest.mark.parametrize(
    "text",
    [
        "The victim (F, 34) and the perpetrator (M, 41) live apart.",
        "Žrtva (Ž, 34) i počinilac (M, 41) žive odvojeno.",
    ],
)
def test_single_letters_are_not_names(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Besa is afraid to go home.", "Besa"),
        ("Drita u rreh nga bashkëshorti.", "Drita"),
        ("Mimoza's ex-partner keeps calling.", "Mimoza"),
        ("Nada je rekla da se plaši.", "Nada"),
    ],
)
def test_ambiguous_names_as_the_subject_of_a_persons_verb(text: str, expected: str) -> None:
    assert names(text) == [expected]
