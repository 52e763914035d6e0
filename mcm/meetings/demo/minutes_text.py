"""The demo minutes' words in the three languages: entirely invented, and cases only by code."""

from __future__ import annotations

from mcm.meetings.models import AgendaItemKind

K = AgendaItemKind
# (summary, decisions) per agenda item kind and language; {code} is an invented case code.
TEXT: dict[str, dict[K, tuple[str, str]]] = {
    "en": {
        K.CONFIDENTIALITY: (
            "The confidentiality statement was read; every attendee acknowledged it.",
            "",
        ),
        K.PREVIOUS_MINUTES: (
            "The minutes of the previous meeting were reviewed.",
            "The minutes were approved without changes.",
        ),
        K.FOLLOW_UP: (
            "Open actions were reviewed one by one; "
            "some are late because they wait on another institution.",
            "Late actions keep their institution and get a new date.",
        ),
        K.TOPIC: (
            "The members discussed the item and agreed on the next steps.",
            "The proposal was adopted.",
        ),
        K.CASES: (
            "Case {code}: the risk was reassessed as medium; "
            "the institutions coordinated shelter and psychosocial support.",
            "Weekly monitoring visits while the protection order is in force.",
        ),
        K.OTHER_BUSINESS: ("No other business.", ""),
    },
    "sq": {
        K.CONFIDENTIALITY: (
            "U lexua deklarata e konfidencialitetit; të gjithë pjesëmarrësit e pranuan.",
            "",
        ),
        K.PREVIOUS_MINUTES: (
            "U shqyrtua procesverbali i takimit të kaluar.",
            "Procesverbali u miratua pa ndryshime.",
        ),
        K.FOLLOW_UP: (
            "Veprimet e hapura u shqyrtuan një nga një; "
            "disa janë në vonesë sepse presin një institucion tjetër.",
            "Veprimet e vonuara mbeten te institucioni i njëjtë me afat të ri.",
        ),
        K.TOPIC: (
            "Anëtarët diskutuan pikën dhe u pajtuan për hapat e ardhshëm.",
            "Propozimi u miratua.",
        ),
        K.CASES: (
            "Rasti {code}: rreziku u rivlerësua si i mesëm; "
            "institucionet koordinuan strehimin dhe mbështetjen psikosociale.",
            "Vizita monitoruese çdo javë gjatë kohës që urdhri i mbrojtjes është në fuqi.",
        ),
        K.OTHER_BUSINESS: ("Nuk pati çështje të tjera.", ""),
    },
    "sr": {
        K.CONFIDENTIALITY: (
            "Pročitana je izjava o poverljivosti; svi prisutni su je prihvatili.",
            "",
        ),
        K.PREVIOUS_MINUTES: (
            "Razmotren je zapisnik sa prethodnog sastanka.",
            "Zapisnik je usvojen bez izmena.",
        ),
        K.FOLLOW_UP: (
            "Otvorene aktivnosti su pregledane jedna po jedna; "
            "neke kasne jer čekaju drugu instituciju.",
            "Zakasnele aktivnosti ostaju istoj instituciji sa novim rokom.",
        ),
        K.TOPIC: (
            "Članovi su razmotrili tačku i dogovorili naredne korake.",
            "Predlog je usvojen.",
        ),
        K.CASES: (
            "Slučaj {code}: rizik je ponovo procenjen kao srednji; "
            "institucije su koordinisale smeštaj i psihosocijalnu podršku.",
            "Nedeljne posete praćenja dok je nalog za zaštitu na snazi.",
        ),
        K.OTHER_BUSINESS: ("Nije bilo drugih pitanja.", ""),
    },
}

ACTIONS = {
    "en": [
        "Share the updated referral pathway with every school",
        "Organise a joint training on risk assessment",
        "Report on shelter capacity for the next meeting",
        "Update the contact list of duty officers",
    ],
    "sq": [
        "Të shpërndahet rruga e përditësuar e referimit në çdo shkollë",
        "Të organizohet një trajnim i përbashkët për vlerësimin e rrezikut",
        "Raport për kapacitetet e strehimores për takimin e ardhshëm",
        "Të përditësohet lista e kontakteve të zyrtarëve kujdestarë",
    ],
    "sr": [
        "Dostaviti ažurirani put upućivanja svim školama",
        "Organizovati zajedničku obuku o proceni rizika",
        "Izveštaj o kapacitetima skloništa za naredni sastanak",
        "Ažurirati spisak kontakata dežurnih službenika",
    ],
}
CASE_ACTION = {
    "en": "Weekly monitoring visit for case {code}",
    "sq": "Vizitë monitoruese javore për rastin {code}",
    "sr": "Nedeljna poseta praćenja za slučaj {code}",
}
COMMENTS = {
    "en": ("Please add that the schools were consulted.", "The decision should name a date."),
    "sq": ("Ju lutem shtoni se shkollat u konsultuan.", "Vendimi duhet të përmbajë një afat."),
    "sr": ("Molimo dodajte da su škole konsultovane.", "Odluka treba da sadrži rok."),
}
RESOLUTION = {
    "en": "Added to the summary.",
    "sq": "U shtua në përmbledhje.",
    "sr": "Dodato u sažetak.",
}
CORRECTION = {
    "en": "The date of the joint training was corrected.",
    "sq": "U korrigjua data e trajnimit të përbashkët.",
    "sr": "Ispravljen je datum zajedničke obuke.",
}

NOTES = {
    "en": ("Done as agreed.", "Half of the work is done.", "", "No longer needed."),
    "sq": ("U krye siç u vendos.", "Gjysma e punës është kryer.", "", "Nuk nevojitet më."),
    "sr": ("Urađeno kako je dogovoreno.", "Polovina posla je završena.", "", "Više nije potrebno."),
}
