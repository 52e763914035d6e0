"""A realistic, entirely synthetic demo: no real person, phone number or address anywhere."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from mcm.accounts import services as accounts
from mcm.accounts.models import Role
from mcm.extensions import db
from mcm.mechanisms import demo as records
from mcm.mechanisms.models import Institution
from mcm.mechanisms.services import ensure_mechanisms, mechanism_by_code
from mcm.reference.models import InstitutionType

# Demo passwords, also listed in the README. Demo mode only: never use them on a real server.
DEMO_PASSWORDS = {
    Role.ADMINISTRATOR: "demo-admin-2026",
    Role.COORDINATOR: "demo-coordinator-2026",
    Role.MEMBER: "demo-member-2026",
    Role.OBSERVER: "demo-observer-2026",
}
DOMAIN = "demo.example.org"  # reserved for examples (RFC 2606): mail to it goes nowhere

# Mechanisms across regions, in different stages of their lifecycle (see mechanisms/demo.py).
MECHANISMS = list(records.HISTORIES)

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


def _user(email: str, role: Role, **seat: object) -> tuple[bool, object]:
    existing = accounts.find_user(email)
    if existing is not None:
        return False, existing
    return True, accounts.create_user(email, role, password=DEMO_PASSWORDS[role], **seat)


def load_demo() -> Iterator[str]:
    """Create the demo mechanisms, institutions and users; yields what it did."""
    ensure_mechanisms()
    types = {t.code: t for t in db.session.scalars(select(InstitutionType))}
    created_users = 0
    for seed, code in enumerate(MECHANISMS):
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
        if records.load_records(mechanism, institutions, seed) and code == "PEJ":
            records.attach_scan(mechanism)
        lower = code.lower()
        created, _ = _user(f"coordinator.{lower}@{DOMAIN}", Role.COORDINATOR, mechanism=mechanism)
        created_users += created
        for type_code in ("police", "csw"):
            created, _ = _user(
                f"{type_code}.{lower}@{DOMAIN}",
                Role.MEMBER,
                institution=institutions[type_code],
            )
            created_users += created
    created, _ = _user(f"admin@{DOMAIN}", Role.ADMINISTRATOR)
    created_users += created
    for observer in ("observer.network", "observer.ministry"):
        created, _ = _user(f"{observer}@{DOMAIN}", Role.OBSERVER)
        created_users += created
    db.session.commit()
    from mcm.meetings.demo.files import load_files_demo
    from mcm.meetings.demo.meetings import load_meetings_demo
    from mcm.meetings.demo.minutes import load_minutes_demo
    from mcm.partners.demo import load_partners_demo

    yield from load_partners_demo()
    yield from load_meetings_demo()
    yield from load_minutes_demo()
    yield from load_files_demo()
    from mcm.cases.demo import load_cases_demo

    yield from load_cases_demo()
    from mcm.plans.demo import load_plans_demo

    yield from load_plans_demo()
    yield f"demo data ready: {len(MECHANISMS)} mechanisms, {created_users} new users"
    yield "sign in at http://127.0.0.1:5000 with, for example:"
    for role, email in (
        (Role.ADMINISTRATOR, f"admin@{DOMAIN}"),
        (Role.COORDINATOR, f"coordinator.pej@{DOMAIN}"),
        (Role.MEMBER, f"police.pej@{DOMAIN}"),
        (Role.OBSERVER, f"observer.network@{DOMAIN}"),
    ):
        yield f"  {role.value:14} {email:40} password: {DEMO_PASSWORDS[role]}"
