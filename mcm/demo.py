"""A realistic, entirely synthetic demo: no real person, phone number or address anywhere. Each
feature keeps its demo data in its own `demo` module (or `demo/` folder); this one runs them."""

from __future__ import annotations

from collections.abc import Iterator

from mcm.accounts.demo import DEMO_PASSWORDS, DOMAIN, demo_user
from mcm.accounts.models import Role
from mcm.cases.demo import load_cases_demo
from mcm.extensions import db
from mcm.mechanisms.demo import HISTORIES, load_mechanisms_demo
from mcm.meetings.demo.files import load_files_demo
from mcm.meetings.demo.meetings import load_meetings_demo
from mcm.meetings.demo.minutes import load_minutes_demo
from mcm.partners.demo import load_partners_demo
from mcm.plans.demo import load_plans_demo

__all__ = ["DEMO_PASSWORDS", "DOMAIN", "load_demo"]

# Mechanisms across regions, in different stages of their lifecycle (see mechanisms/demo.py).
MECHANISMS = list(HISTORIES)


def load_demo() -> Iterator[str]:
    """Load every feature's demo, in the order of the layers; yields what it did."""
    created_users = 0
    for code, mechanism, institutions in load_mechanisms_demo():
        lower = code.lower()
        created_users += demo_user(
            f"coordinator.{lower}@{DOMAIN}", Role.COORDINATOR, mechanism=mechanism
        )
        for type_code in ("police", "csw"):
            created_users += demo_user(
                f"{type_code}.{lower}@{DOMAIN}", Role.MEMBER, institution=institutions[type_code]
            )
    created_users += demo_user(f"admin@{DOMAIN}", Role.ADMINISTRATOR)
    for observer in ("observer.network", "observer.ministry"):
        created_users += demo_user(f"{observer}@{DOMAIN}", Role.OBSERVER)
    db.session.commit()
    yield from load_partners_demo()
    yield from load_meetings_demo()
    yield from load_minutes_demo()
    yield from load_files_demo()
    yield from load_cases_demo()
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
