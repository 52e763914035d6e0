"""The reference data shipped with mcm: Kosovo's regions and the typical member institutions."""

from __future__ import annotations

import csv
from importlib import resources

KOSOVO = {"code": "XK", "name_sq": "Kosova", "name_sr": "Kosovo", "name_en": "Kosovo"}

REGIONS = {
    "Pristina": ("Prishtinë", "Priština", "Pristina"),
    "Mitrovica": ("Mitrovicë", "Mitrovica", "Mitrovica"),
    "Peja": ("Pejë", "Peć", "Peja"),
    "Gjakova": ("Gjakovë", "Đakovica", "Gjakova"),
    "Prizren": ("Prizren", "Prizren", "Prizren"),
    "Ferizaj": ("Ferizaj", "Uroševac", "Ferizaj"),
    "Gjilan": ("Gjilan", "Gnjilane", "Gjilan"),
}

# The typical member institutions of a mechanism (DOMAIN.md); a mechanism may add others.
INSTITUTION_TYPES = [
    (
        "municipality",
        "Komuna (Zyrtarja për Barazi Gjinore)",
        "Opština (službenica za rodnu ravnopravnost)",
        "Municipality (Gender Equality Officer)",
    ),
    ("education", "Drejtoria për Arsim", "Direkcija za obrazovanje", "Directorate for Education"),
    (
        "health_social",
        "Drejtoria për Shëndetësi dhe Mirëqenie Sociale",
        "Direkcija za zdravstvo i socijalnu zaštitu",
        "Directorate for Health and Social Welfare",
    ),
    (
        "police",
        "Policia e Kosovës (stacioni rajonal)",
        "Kosovska policija (regionalna stanica)",
        "Kosovo Police (regional station)",
    ),
    ("prosecution", "Prokuroria Themelore", "Osnovno tužilaštvo", "Basic Prosecution Office"),
    ("court", "Gjykata Themelore", "Osnovni sud", "Basic Court"),
    ("csw", "Qendra për Punë Sociale", "Centar za socijalni rad", "Centre for Social Work"),
    ("shelter", "Strehimore / shtëpi e sigurt", "Sklonište / sigurna kuća", "Shelter / safe house"),
    (
        "victim_advocate",
        "Mbrojtësi i Viktimave (Zyra për Mbrojtjen dhe Ndihmën e Viktimave)",
        "Zastupnik žrtava (Kancelarija za zaštitu i pomoć žrtvama)",
        "Victim Advocate (Office for Victim Protection and Assistance)",
    ),
    (
        "legal_aid",
        "Zyra për Ndihmë Juridike Falas",
        "Kancelarija za besplatnu pravnu pomoć",
        "Office for Free Legal Aid",
    ),
    (
        "health_centre",
        "Spitali / Qendra e Mjekësisë Familjare",
        "Bolnica / Dom zdravlja porodične medicine",
        "Hospital / family medicine centre",
    ),
    (
        "employment",
        "Zyra Publike e Punësimit",
        "Javna kancelarija za zapošljavanje",
        "Public Employment Office",
    ),
    (
        "vocational",
        "Qendra e Aftësimit Profesional",
        "Centar za stručno osposobljavanje",
        "Vocational Training Centre",
    ),
    (
        "cso",
        "Organizatë e shoqërisë civile (të drejtat e grave dhe fëmijëve)",
        "Organizacija civilnog društva (prava žena i dece)",
        "Civil society organisation (women's and children's rights)",
    ),
]


def municipalities() -> list[dict[str, str]]:
    """Rows of the shipped municipalities.csv (code, names in three languages, region)."""
    text = resources.files("mcm.reference").joinpath("files/municipalities.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))
