"""Reminders about the mechanism record."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from mcm.accounts.models import Membership, Role, User
from mcm.core import outbox_service
from mcm.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, day_format
from mcm.core.scheduler import SentReminder, already_sent, task
from mcm.extensions import db
from mcm.mechanisms.models import Institution, MouEvent, MouStatus
from mcm.mechanisms.services import latest_mou_events

RENEWAL_NOTICE = timedelta(days=60)


def mous_due_for_renewal(today: date) -> list[tuple[MouEvent, Institution]]:
    """Current signed MoUs of current members whose renewal falls within the notice period."""
    current = latest_mou_events().subquery()
    rows = db.session.execute(
        select(MouEvent, Institution)
        .join(current, current.c.institution_id == MouEvent.institution_id)
        .join(Institution, Institution.id == MouEvent.institution_id)
        .where(
            MouEvent.status == MouStatus.SIGNED,
            current.c.status == MouStatus.SIGNED,
            MouEvent.renewal_on.is_not(None),
            MouEvent.renewal_on <= today + RENEWAL_NOTICE,
            MouEvent.renewal_on >= today,
            Institution.left_on.is_(None),
        )
        .order_by(MouEvent.renewal_on)
    ).all()
    # The latest signing of each institution is the one whose renewal matters.
    latest: dict[int, tuple[MouEvent, Institution]] = {}
    for event, institution in rows:
        if (
            institution.id not in latest
            or event.effective_on > latest[institution.id][0].effective_on
        ):
            latest[institution.id] = (event, institution)
    return list(latest.values())


@task("mou_renewal_reminders", period="daily", hour=7, minute=0)
def mou_renewal_reminders(today: date | None = None) -> int:
    """E-mail each coordinator the MoUs of her mechanism due for renewal within 60 days."""
    today = today or date.today()
    due = mous_due_for_renewal(today)
    fresh = already_sent([f"mou-renewal:{event.id}" for event, _ in due])
    by_mechanism: dict[int, list[tuple[MouEvent, Institution]]] = defaultdict(list)
    for event, institution in due:
        if f"mou-renewal:{event.id}" not in fresh:
            by_mechanism[institution.mechanism_id].append((event, institution))
    if not by_mechanism:
        return 0
    coordinators = db.session.execute(
        select(Membership.mechanism_id, User)
        .join(User, Membership.user_id == User.id)
        .where(
            Membership.mechanism_id.in_(by_mechanism),
            User.role == Role.COORDINATOR,
            User.active,
        )
    ).all()
    queued = 0
    for mechanism_id, user in coordinators:
        items = by_mechanism[mechanism_id]
        with (
            current_app.test_request_context(),
            force_locale(LANGUAGES[user.language or DEFAULT_LANGUAGE]),
        ):
            lines = "\n".join(
                f"- {institution.name}: {day_format(event.renewal_on)}"
                for event, institution in items
            )
            subject = _("MoUs due for renewal")
            body = _(
                "These memoranda of understanding of your mechanism are due for renewal within "
                "60 days:\n\n%(lines)s\n\nRecord the new step on each institution's page in mcm.",
                lines=lines,
            )
        # Queued with the record that it was sent, in one transaction: the outbox keeps it until
        # the mail server takes it, so an outage loses nothing and tomorrow does not repeat it.
        outbox_service.queue(
            user.email, subject, body, kind="mou_renewal", mechanism_id=mechanism_id
        )
        queued += 1
    for mechanism_id in {mechanism_id for mechanism_id, _user in coordinators}:
        for event, _institution in by_mechanism[mechanism_id]:
            db.session.add(SentReminder(key=f"mou-renewal:{event.id}"))
    db.session.commit()
    outbox_service.deliver_pending()  # now, rather than at the outbox's next minute
    return queued
