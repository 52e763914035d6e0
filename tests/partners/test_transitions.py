"""The partnership pipeline: every allowed step, every forbidden one, and the rules on dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mcm.core.audit import AuditEntry
from mcm.core.conflicts import ConflictError
from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.partners import services as partners
from mcm.partners.models import TRANSITIONS, PartnershipEvent, PartnershipStage

STAGES: list[PartnershipStage | None] = [None, *PartnershipStage]
ALLOWED = [(a, b) for a in STAGES for b in PartnershipStage if b in TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a in STAGES for b in PartnershipStage if b not in TRANSITIONS[a]]
PREVIOUS = date(2025, 6, 1)


@pytest.fixture
def partnership(ctx):
    """A partnership, in a request context, whose stage each test sets directly."""
    organisation = partners.create_organisation("Network for transitions")
    return partners.start_partnership(organisation, mechanism_by_code("PEJ"))


def _at(partnership, stage):
    partnership.stage = stage
    partnership.stage_on = PREVIOUS if stage else None
    db.session.flush()
    return partnership


def test_the_pipeline_is_complete_data() -> None:
    assert set(TRANSITIONS) == set(STAGES)
    # The main line runs from nothing to the signed MoU without skipping a stage.
    assert TRANSITIONS[None] == (PartnershipStage.BRIEFING_HELD,)
    assert PartnershipStage.MOU_SIGNED in TRANSITIONS[PartnershipStage.COLLECTING_SIGNATURES]
    assert PartnershipStage.MOU_SIGNED not in TRANSITIONS[PartnershipStage.AGREED_IN_PRINCIPLE]
    assert len(ALLOWED) == 10 and len(FORBIDDEN) == len(STAGES) * len(PartnershipStage) - 10


@pytest.mark.parametrize(("current", "following"), ALLOWED)
def test_allowed_step_is_recorded(partnership, current, following) -> None:
    _at(partnership, current)
    event = partners.record_step(partnership, following, PREVIOUS + timedelta(days=3), geo=True)
    assert partnership.stage is following
    assert partnership.stage_on == PREVIOUS + timedelta(days=3)
    assert event.id is not None and event.stage is following
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "partnership_step_recorded")
    ).one()
    assert entry.object_id == partnership.id
    assert entry.mechanism_id == partnership.mechanism_id
    assert entry.details["stage"] == following.value


@pytest.mark.parametrize(("current", "following"), FORBIDDEN)
def test_forbidden_step_is_refused_in_words(partnership, current, following) -> None:
    _at(partnership, current)
    with pytest.raises(partners.PartnerError, match="cannot move to"):
        partners.record_step(partnership, following, PREVIOUS + timedelta(days=3), geo=True)
    assert partnership.stage is current
    assert db.session.scalar(select(PartnershipEvent.id)) is None


@pytest.mark.parametrize(("current", "following"), [a for a in ALLOWED if a[0] is not None])
def test_a_step_cannot_be_dated_before_the_previous_one(partnership, current, following) -> None:
    _at(partnership, current)
    with pytest.raises(partners.PartnerError, match="earlier than the previous step"):
        partners.record_step(partnership, following, PREVIOUS - timedelta(days=1), geo=True)
    # The same day is fine: a briefing and the agreement often happen in one meeting.
    partners.record_step(partnership, following, PREVIOUS, geo=True)
    assert partnership.stage is following


def test_a_step_cannot_be_in_the_future(partnership) -> None:
    with pytest.raises(partners.PartnerError, match="future"):
        partners.record_step(
            partnership,
            PartnershipStage.BRIEFING_HELD,
            partners.today() + timedelta(days=1),
            geo=True,
        )
    with pytest.raises(partners.PartnerError, match="2000"):
        partners.record_step(
            partnership, PartnershipStage.BRIEFING_HELD, date(1999, 1, 1), geo=True
        )
    partners.record_step(partnership, PartnershipStage.BRIEFING_HELD, partners.today(), geo=True)


def test_a_briefing_records_who_took_part(partnership) -> None:
    with pytest.raises(partners.PartnerError, match="who took part"):
        partners.record_step(partnership, PartnershipStage.BRIEFING_HELD, PREVIOUS)
    event = partners.record_step(
        partnership, PartnershipStage.BRIEFING_HELD, PREVIOUS, mayor=True, geo=True, note=" Hi "
    )
    assert event.took_part == ["mayor", "geo"] and event.note == "Hi"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("partnership_s%")))
    assert [e.details.get("took_part") for e in entry] == [None, ["mayor", "geo"]]
    # Other steps take no participants, even if ticked by mistake.
    agreed = partners.record_step(
        partnership, PartnershipStage.AGREED_IN_PRINCIPLE, PREVIOUS, mayor=True
    )
    assert agreed.took_part == []


def test_a_step_made_on_an_outdated_page_is_refused(partnership) -> None:
    version = partnership.version
    partners.record_step(partnership, PartnershipStage.BRIEFING_HELD, PREVIOUS, geo=True)
    with pytest.raises(ConflictError):
        partners.record_step(
            partnership,
            PartnershipStage.AGREED_IN_PRINCIPLE,
            PREVIOUS,
            version=version,  # the version the second person's page was opened on
        )
    assert partnership.stage is PartnershipStage.BRIEFING_HELD


def test_the_whole_pipeline_and_a_restart_after_withdrawal(partnership) -> None:
    path = [
        PartnershipStage.BRIEFING_HELD,
        PartnershipStage.AGREED_IN_PRINCIPLE,
        PartnershipStage.COLLECTING_SIGNATURES,
        PartnershipStage.MOU_SIGNED,
        PartnershipStage.WITHDRAWN,
        PartnershipStage.BRIEFING_HELD,
    ]
    for n, stage in enumerate(path):
        partners.record_step(partnership, stage, date(2025, 1, 1 + n), geo=True)
    events = db.session.scalars(select(PartnershipEvent.stage).order_by(PartnershipEvent.id)).all()
    assert events == path  # every step is kept: nothing is overwritten
