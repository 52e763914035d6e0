"""Shared steps of the account tests: enrolling an authenticator, and a code that is wrong."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp

from mcm.core.db import utcnow
from tests.conftest import text_of


def secret_on_page(response) -> str:
    return re.search(r'<code class="secret">([A-Z2-7]+)</code>', response.get_data(as_text=True))[1]


def recovery_codes_on_page(response) -> list[str]:
    return re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", response.get_data(as_text=True))


def enrol(client) -> tuple[str, list[str]]:
    """Set up two-factor sign-in on the account page; returns the secret and recovery codes."""
    secret = secret_on_page(client.get("/account/two-factor"))
    response = client.post("/account/two-factor", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200, text_of(response)
    assert "Your recovery codes" in text_of(response)
    return secret, recovery_codes_on_page(response)


def code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30 * steps_ahead))


def wrong_code(secret: str) -> str:
    """A six-digit code the server cannot accept now, whatever the drift."""
    near = {code(secret, drift) for drift in range(-3, 4)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in near)


def delivered(app) -> None:
    """Deliver what the outbox holds, as the server does once an answer has gone out."""
    from mcm.core import outbox_service

    with app.app_context():
        outbox_service.deliver_pending()
