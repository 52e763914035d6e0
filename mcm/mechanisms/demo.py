"""The demo's mechanisms: member institutions, lifecycle histories, representatives and MoUs in
every state. All people are invented ("Shembulli", "Primerović": 'example' in Albanian and
Serbian)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from mcm.extensions import db
from mcm.mechanisms import documents as stored_documents
from mcm.mechanisms.models import (
    DocumentKind,
    Institution,
    Mechanism,
    MechanismStatus,
    MechanismStatusChange,
    MouEvent,
    MouStatus,
    Representative,
)
from mcm.mechanisms.services import ensure_mechanisms, mechanism_by_code
from mcm.reference.models import InstitutionType

S = MechanismStatus

# Each mechanism's member institutions: (type code, name pattern with the municipality's name).
MEMBERS = [
    ("municipality", "Komuna e {name} — Zyra për Barazi Gjinore"),
    ("police", "Policia e Kosovës — Stacioni i Policisë {name}"),
    ("csw", "Qendra për Punë Sociale {name}"),
    ("health_centre", "Qendra Kryesore e Mjekësisë Familjare {name}"),
    ("education", "Drejtoria Komunale e Arsimit {name}"),
    ("victim_advocate", "Zyra për Mbrojtjen dhe Ndihmën e Viktimave — {name}"),
    ("prosecution", "Prokuroria Themelore — dega {name}"),
    ("cso", "Qendra për Gratë dhe Fëmijët {name} (OJQ)"),
]
HISTORIES = {
    "PEJ": [(S.ESTABLISHED, date(2016, 3, 10)), (S.ACTIVE, date(2016, 6, 1))],
    "FER": [(S.ESTABLISHED, date(2017, 2, 15)), (S.ACTIVE, date(2017, 4, 1))],
    "LIP": [(S.ESTABLISHED, date(2025, 5, 20))],
    "POD": [
        (S.ESTABLISHED, date(2015, 9, 1)),
        (S.ACTIVE, date(2016, 1, 10)),
        (S.INACTIVE, date(2020, 3, 15)),
        (S.REEMPOWERING, date(2025, 4, 1)),
    ],
    "FKO": [(S.ESTABLISHED, date(2025, 7, 24))],
    "GJI": [
        (S.ESTABLISHED, date(2016, 5, 1)),
        (S.ACTIVE, date(2016, 9, 1)),
        (S.INACTIVE, date(2021, 11, 30)),
    ],
    "PRZ": [(S.ESTABLISHED, date(2014, 10, 1)), (S.ACTIVE, date(2015, 1, 15))],
}

M = MouStatus
# The MoU path of each institution type: every state of the lifecycle appears in the demo.
MOU_PATHS = {
    "municipality": [M.COLLECTING_SIGNATURES, M.SIGNED],
    "police": [M.INVITED, M.SIGNED],
    "csw": [M.AGREED_IN_PRINCIPLE, M.SIGNED],
    "health_centre": [M.INVITED, M.COLLECTING_SIGNATURES],
    "education": [M.INVITED, M.AGREED_IN_PRINCIPLE],
    "victim_advocate": [M.INVITED],
    "prosecution": [M.SIGNED, M.WITHDRAWN],
    "cso": [M.SIGNED, M.RENEWAL_DUE],
}

FIRST = [
    "Arta",
    "Besnik",
    "Drita",
    "Milica",
    "Fatmir",
    "Jelena",
    "Vjosa",
    "Nenad",
    "Teuta",
    "Agron",
    "Emina",
    "Lirije",
]
LAST = ["Shembulli", "Primerović", "Testaj", "Provaj", "Modeli", "Uzorković"]

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _name(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST) + n) % len(LAST)]}"


def load_records(mechanism: Mechanism, institutions: dict[str, Institution], seed: int) -> bool:
    """Give a demo mechanism its history, representatives and MoUs, once; True if it did."""
    if db.session.scalar(
        select(MechanismStatusChange.id).where(MechanismStatusChange.mechanism_id == mechanism.id)
    ):
        return False
    history = HISTORIES[mechanism.code]
    for status, when in history:
        db.session.add(
            MechanismStatusChange(
                mechanism_id=mechanism.id,
                status=status,
                effective_on=when,
                note="Demonstration record",
            )
        )
    mechanism.status = history[-1][0]
    start = history[0][1]
    mechanism.founded_on = start
    today = date.today()
    for n, (type_code, institution) in enumerate(sorted(institutions.items())):
        number = seed * 20 + n
        institution.joined_on = start
        institution.address = f"Rruga e Institucioneve {n + 1}, {mechanism.municipality.name_sq}"
        domain = f"{type_code.replace('_', '-')}.{mechanism.code.lower()}.demo.example.org"
        db.session.add(
            Representative(
                institution=institution,
                name=_name(number),
                position="Përfaqësuese",
                email=f"perfaqesuesi@{domain}",
                phone=f"038 000 {number:03d}",
                from_date=max(start, date(2023, 1, 1)),
                commitment_signed_on=date(2024, 2, 1) if n % 3 else None,
                confidentiality_signed_on=date(2024, 2, 1),
            )
        )
        if type_code in ("police", "csw"):
            db.session.add(
                Representative(
                    institution=institution,
                    name=_name(number + 7),
                    position="Zëvendës",
                    is_deputy=True,
                    from_date=date(2024, 6, 1),
                    phone=f"038 001 {number:03d}",
                )
            )
            db.session.add(
                Representative(
                    institution=institution,
                    name=_name(number + 3),
                    position="Ish-përfaqësues",
                    from_date=start,
                    to_date=max(start, date(2022, 12, 31)),
                )
            )
        path = MOU_PATHS.get(type_code, [M.INVITED])
        if mechanism.status is S.ESTABLISHED and len(path) > 1:
            path = path[:1]  # a young mechanism: its MoUs are still on their way
        for step, status in enumerate(path):
            when = max(start, date(2024, 1, 1)) + timedelta(days=60 * step)
            signed = status is M.SIGNED
            db.session.add(
                MouEvent(
                    institution=institution,
                    status=status,
                    effective_on=when,
                    signatory="Drejtori i institucionit" if signed else "",
                    # The police MoUs fall due within 60 days, to show the renewal reminder.
                    renewal_on=(
                        today + timedelta(days=45)
                        if type_code == "police"
                        else when + timedelta(days=3 * 365)
                    )
                    if signed
                    else None,
                )
            )
    if mechanism.code == "POD":
        db.session.add(
            Institution(
                mechanism=mechanism,
                institution_type=institution.institution_type,
                name="Zyra e Punësimit Podujevë (ish-anëtare)",
                joined_on=start,
                left_on=date(2020, 3, 15),
                left_reason="Shembull: zyra u mbyll.",
            )
        )
    db.session.flush()
    return True


def attach_scan(mechanism: Mechanism) -> None:
    """A stand-in scan of the founding agreement, so downloads can be tried in the demo."""
    upload = FileStorage(stream=io.BytesIO(MINIMAL_PDF), filename="Marreveshja themeluese.pdf")
    document = stored_documents.store(upload, mechanism.id, DocumentKind.FOUNDING_AGREEMENT)
    mechanism.founding_document_id = document.id


def load_mechanisms_demo() -> list[tuple[str, Mechanism, dict[str, Institution]]]:
    """The demo mechanisms with their member institutions (by type code) and records, once."""
    ensure_mechanisms()
    types = {t.code: t for t in db.session.scalars(select(InstitutionType))}
    loaded = []
    for seed, code in enumerate(HISTORIES):
        mechanism = mechanism_by_code(code)
        assert mechanism is not None
        existing = {
            i.name: i
            for i in db.session.scalars(
                select(Institution).where(Institution.mechanism_id == mechanism.id)
            )
        }
        institutions: dict[str, Institution] = {}
        for type_code, pattern in MEMBERS:
            name = pattern.format(name=mechanism.municipality.name_sq)
            institution = existing.get(name)
            if institution is None:
                institution = Institution(
                    mechanism=mechanism, institution_type=types[type_code], name=name
                )
                db.session.add(institution)
            institutions[type_code] = institution
        db.session.flush()
        if load_records(mechanism, institutions, seed) and code == "PEJ":
            attach_scan(mechanism)
        loaded.append((code, mechanism, institutions))
    return loaded
