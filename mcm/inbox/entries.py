"""The inbox page's entries: each record that waits for the user, said in her language, with
the page where it is done. Every entry passes the owning feature's policy again, so a query that
reached too far still shows nothing the user may not act on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from mcm.cases.policy import can_decide_transfer
from mcm.core.i18n import day_format, localized
from mcm.core.labels import urgency_label
from mcm.extensions import db
from mcm.inbox import sources
from mcm.inbox.sources import Scope
from mcm.mechanisms.models import Mechanism, MouStatus
from mcm.mechanisms.policy import coordinates, member_institution_id
from mcm.meetings.models import Urgency
from mcm.meetings.policy import can_record_reply, can_update_action
from mcm.meetings.reminders.services import MINUTES_DUE_WORKING_DAYS, add_working_days


@dataclass(frozen=True)
class Entry:
    """One thing to do: what, where (a mechanism's name when the user has several), the link,
    and whether it is late or urgent."""

    title: str
    detail: str
    url: str
    mechanism: str
    pressing: bool = False


SECTION_TITLES = {
    "ad_hoc": lambda: _("Ad hoc meeting requests to decide"),
    "transfers": lambda: _("Case transfers to accept"),
    "minutes_review": lambda: _("Minutes to review"),
    "invitations": lambda: _("Invitations to answer"),
    "comments": lambda: _("Comments to resolve"),
    "actions": lambda: _("Actions due"),
    "minutes_late": lambda: _("Minutes to circulate"),
    "not_held": lambda: _("Meetings to mark as held"),
    "mous": lambda: _("MoUs due for renewal"),
}


def _day(moment: Any) -> str:
    return day_format(moment)


def _names(ids: set[int]) -> dict[int, tuple[str, str]]:
    """Per mechanism id: (code, municipality name in the user's language), in one query."""
    if not ids:
        return {}
    return {
        m.id: (m.code, localized(m.municipality))
        for m in db.session.scalars(select(Mechanism).where(Mechanism.id.in_(ids)))
    }


def sections(user: Any, scope: Scope) -> list[tuple[str, str, list[Entry]]]:
    """(kind, heading, entries) for every kind with something waiting, in the page's order."""
    values = sources.params(scope)
    kinds = sources.kinds_for(scope)
    rows = {kind: db.session.execute(sources.statement(kind), values).all() for kind in kinds}
    ids = set(scope.managed) | set(scope.reviewing)
    ids |= {transfer.from_mechanism_id for (transfer,) in rows.get("transfers", [])}
    names = _names(ids)
    found = []
    for kind in kinds:
        entries = BUILDERS[kind](user, scope, rows[kind], names)
        if entries:
            found.append((kind, SECTION_TITLES[kind](), entries))
    return found


def _ad_hoc(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for ad_hoc, institution in rows:
        if not coordinates(user, ad_hoc.mechanism_id):
            continue
        code, name = names[ad_hoc.mechanism_id]
        urgent = ad_hoc.urgency is not Urgency.ROUTINE
        entries.append(
            Entry(
                _("%(institution)s asks for an ad hoc meeting", institution=institution.name),
                _(
                    "%(urgency)s · asked on %(date)s",
                    urgency=urgency_label(ad_hoc.urgency),
                    date=_day(ad_hoc.created_at),
                ),
                url_for("meetings.request_detail", mechanism_code=code, request_id=ad_hoc.id),
                name,
                pressing=urgent,
            )
        )
    # The most urgent first: an immediate-risk request must not wait under routine ones.
    return sorted(entries, key=lambda entry: not entry.pressing)


def _transfers(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for (transfer,) in rows:
        if not can_decide_transfer(user, transfer):
            continue
        code, name = names[transfer.to_mechanism_id]
        entries.append(
            Entry(
                _("Case %(code)s is transferred to your mechanism", code=transfer.case.code),
                _(
                    "From %(municipality)s on %(date)s: accept or decline it",
                    municipality=names[transfer.from_mechanism_id][1],
                    date=_day(transfer.requested_at),
                ),
                url_for("cases.index", mechanism_code=code) + "#incoming-heading",
                name,
            )
        )
    return entries


def _minutes_review(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for minutes, meeting in rows:
        if member_institution_id(user, meeting.mechanism_id) is None:
            continue
        code, name = names[meeting.mechanism_id]
        late = minutes.review_until is not None and minutes.review_until < scope.today
        if minutes.review_until is None:
            detail = _("Read them and comment on each item")
        elif late:
            detail = _("The review deadline, %(date)s, has passed", date=_day(minutes.review_until))
        else:
            detail = _("Comment by %(date)s", date=_day(minutes.review_until))
        entries.append(
            Entry(
                _("Minutes of the meeting of %(date)s", date=_day(meeting.starts_at)),
                detail,
                url_for("meetings.minutes", mechanism_code=code, meeting_id=meeting.id),
                name,
                pressing=late,
            )
        )
    return entries


def _invitations(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for invitation, meeting in rows:
        if not can_record_reply(user, meeting, invitation.institution_id):
            continue
        code, name = names[meeting.mechanism_id]
        entries.append(
            Entry(
                _("Meeting of %(date)s", date=_day(meeting.starts_at)),
                _("Your institution has not replied: attending, not attending or a deputy"),
                url_for("meetings.detail", mechanism_code=code, meeting_id=meeting.id),
                name,
            )
        )
    return entries


def _comments(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for meeting, count in rows:
        if not coordinates(user, meeting.mechanism_id):
            continue
        code, name = names[meeting.mechanism_id]
        entries.append(
            Entry(
                _("Minutes of the meeting of %(date)s", date=_day(meeting.starts_at)),
                ngettext("%(num)d comment to resolve", "%(num)d comments to resolve", count),
                url_for("meetings.minutes", mechanism_code=code, meeting_id=meeting.id),
                name,
            )
        )
    return entries


def _actions(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for action, _meeting in rows:
        if not can_update_action(user, action):
            continue
        code, name = names.get(action.mechanism_id, ("", ""))
        if not code:
            continue
        late = action.is_overdue(scope.today)
        detail = (
            _("Overdue since %(date)s", date=_day(action.due_on))
            if late
            else _("Due %(date)s", date=_day(action.due_on))
        )
        entries.append(
            Entry(
                action.title,
                detail,
                url_for("meetings.action", mechanism_code=code, action_id=action.id),
                name,
                pressing=late,
            )
        )
    return entries


def _minutes_late(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for (meeting,) in rows:
        if not coordinates(user, meeting.mechanism_id):
            continue
        code, name = names[meeting.mechanism_id]
        held_on = meeting.starts_at.astimezone(sources.zone()).date()
        due = add_working_days(held_on, MINUTES_DUE_WORKING_DAYS)
        entries.append(
            Entry(
                _("Minutes of the meeting of %(date)s", date=_day(meeting.starts_at)),
                _("Not circulated yet; they were due on %(date)s", date=_day(due)),
                url_for("meetings.minutes", mechanism_code=code, meeting_id=meeting.id),
                name,
                pressing=True,
            )
        )
    return entries


def _not_held(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for (meeting,) in rows:
        if not coordinates(user, meeting.mechanism_id):
            continue
        code, name = names[meeting.mechanism_id]
        entries.append(
            Entry(
                _("Meeting of %(date)s", date=_day(meeting.starts_at)),
                _("Its day has passed: mark it as held, or cancel it"),
                url_for("meetings.detail", mechanism_code=code, meeting_id=meeting.id),
                name,
            )
        )
    return entries


def _mous(user: Any, scope: Scope, rows: Any, names: dict) -> list[Entry]:
    entries = []
    for institution, status, renewal_on in rows:
        if not coordinates(user, institution.mechanism_id):
            continue
        code, name = names[institution.mechanism_id]
        if status is MouStatus.RENEWAL_DUE or renewal_on is None:
            detail = _("Marked as due for renewal")
        elif renewal_on < scope.today:
            detail = _("Its renewal date, %(date)s, has passed", date=_day(renewal_on))
        else:
            detail = _("Renewal due on %(date)s", date=_day(renewal_on))
        entries.append(
            Entry(
                _("MoU of %(institution)s", institution=institution.name),
                detail,
                url_for(
                    "mechanisms.institution", mechanism_code=code, institution_id=institution.id
                ),
                name,
                pressing=renewal_on is not None and renewal_on < scope.today,
            )
        )
    return entries


BUILDERS = {
    "ad_hoc": _ad_hoc,
    "transfers": _transfers,
    "minutes_review": _minutes_review,
    "invitations": _invitations,
    "comments": _comments,
    "actions": _actions,
    "minutes_late": _minutes_late,
    "not_held": _not_held,
    "mous": _mous,
}
