"""Factories for partner organisations, their observers and partnerships."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from flask import Flask

from mcm.accounts.models import User
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.partners import services as partners
from mcm.partners.models import PartnerOrganisation, Partnership, PartnershipStage

_counter = itertools.count(1)

# The steps that bring a partnership to each stage, in order, a week apart.
PATH = [
    PartnershipStage.BRIEFING_HELD,
    PartnershipStage.AGREED_IN_PRINCIPLE,
    PartnershipStage.COLLECTING_SIGNATURES,
    PartnershipStage.MOU_SIGNED,
]


@pytest.fixture
def make_organisation(app: Flask) -> Any:
    """Create a partner organisation and return its id."""

    def make(name: str | None = None) -> int:
        with app.test_request_context():
            organisation = partners.create_organisation(name or f"Partner {next(_counter)}")
            db.session.commit()
            return organisation.id

    return make


@pytest.fixture
def make_partner_observer(app: Flask, make_user: Any) -> Any:
    """Create an observer who works for the organisation (none: a ministry observer)."""

    def make(
        organisation_id: int | None, email: str | None = None, language: str | None = "en"
    ) -> int:
        user_id = make_user("observer", None, email=email, language=language)
        if organisation_id is not None:
            with app.test_request_context():
                partners.add_member(
                    db.session.get(PartnerOrganisation, organisation_id),
                    db.session.get(User, user_id),
                )
                db.session.commit()
        return user_id

    return make


@pytest.fixture
def make_partnership(app: Flask) -> Any:
    """Create a partnership of the organisation with a municipality, brought to a stage."""

    def make(organisation_id: int, code: str = "PEJ", stage: PartnershipStage | None = None) -> int:
        with app.test_request_context():
            partnership = partners.start_partnership(
                db.session.get(PartnerOrganisation, organisation_id), mechanism_by_code(code)
            )
            if stage is not None:
                for n, step in enumerate(PATH[: PATH.index(stage) + 1]):
                    partners.record_step(
                        partnership, step, date(2025, 5, 1 + 7 * n), geo=True, mayor=True
                    )
            db.session.commit()
            return partnership.id

    return make


def stage_of(app: Flask, partnership_id: int) -> PartnershipStage | None:
    with app.app_context():
        return db.session.get(Partnership, partnership_id).stage
