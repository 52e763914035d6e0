"""The demo's users: one address domain that mails nowhere and a password per role."""

from __future__ import annotations

from typing import Any

from mcm.accounts import services as accounts
from mcm.accounts.models import Role

# Demo passwords, also listed in the README. Demo mode only: never use them on a real server.
DEMO_PASSWORDS = {
    Role.ADMINISTRATOR: "demo-admin-2026",
    Role.COORDINATOR: "demo-coordinator-2026",
    Role.MEMBER: "demo-member-2026",
    Role.OBSERVER: "demo-observer-2026",
}
DOMAIN = "demo.example.org"  # reserved for examples (RFC 2606): mail to it goes nowhere


def demo_user(email: str, role: Role, **seat: Any) -> bool:
    """Create a demo user with her role's password unless she exists; True if created."""
    if accounts.find_user(email) is not None:
        return False
    accounts.create_user(email, role, password=DEMO_PASSWORDS[role], **seat)
    return True
