"""Reading the minutes: one version laid out per agenda item with its decisions, actions and
review comments (the full version or the summary without case items), the list of versions, and
the comparison of two versions. A fixed number of queries, whatever the size of the minutes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import load_only

from mcm.extensions import db
from mcm.mechanisms.models import Institution
from mcm.meetings.actions.services import actions_of
from mcm.meetings.agenda.services import cases_may_open
from mcm.meetings.minutes.services import agenda_of, minutes_of
from mcm.meetings.minutes.services_review import approval_statement
from mcm.meetings.models import (
    Action,
    AgendaItem,
    AgendaItemKind,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
)
from mcm.meetings.policy import can_see_full_minutes


@dataclass
class ItemView:
    """One agenda item in the minutes."""

    item: AgendaItem
    summary: str = ""
    decisions: str = ""
    actions: list[Action] = field(default_factory=list)
    comments: list[MinutesComment] = field(default_factory=list)
    locked: bool = False  # a case item before everyone present acknowledged confidentiality

    @property
    def is_case(self) -> bool:
        return self.item.kind is AgendaItemKind.CASES


@dataclass
class MinutesPage:
    """What the minutes page shows."""

    meeting: Meeting
    minutes: Minutes | None
    version: MinutesVersion | None
    items: list[ItemView]
    full: bool
    cases_open: bool
    hidden_cases: int = 0
    other_actions: list[Action] = field(default_factory=list)
    # Actions recorded after this version became the record: not part of it, shown apart.
    added_after: list[Action] = field(default_factory=list)
    versions: list[MinutesVersion] = field(default_factory=list)
    institutions: dict[int, Institution] = field(default_factory=dict)
    approved_at_meeting: Meeting | None = None

    @property
    def approval(self) -> str:
        """How the approval reads, if the minutes are approved."""
        if self.minutes is None or self.minutes.approved_at is None:
            return ""
        return approval_statement(self.minutes, self.approved_at_meeting)

    @property
    def approved_number(self) -> int | None:
        """The version that was approved: the first that recorded the actions."""
        recorded = [v.number for v in self.versions if v.actions is not None]
        return min(recorded) if recorded else None

    @property
    def unresolved(self) -> int:
        return sum(1 for view in self.items for c in view.comments if c.resolved_at is None)


def versions_of(minutes: Minutes) -> list[MinutesVersion]:
    """Every version of the minutes, newest first (without their text)."""
    return list(
        db.session.scalars(
            select(MinutesVersion)
            .options(
                load_only(
                    MinutesVersion.number,
                    MinutesVersion.reason,
                    MinutesVersion.created_at,
                    MinutesVersion.created_by_id,
                    MinutesVersion.minutes_id,
                    MinutesVersion.actions,
                )
            )
            .where(MinutesVersion.minutes_id == minutes.id)
            .order_by(MinutesVersion.number.desc())
        )
    )


def version_numbered(minutes: Minutes, number: int) -> MinutesVersion | None:
    """One version of the minutes by its number."""
    return db.session.scalar(
        select(MinutesVersion).where(
            MinutesVersion.minutes_id == minutes.id, MinutesVersion.number == number
        )
    )


def _comments(minutes: Minutes) -> list[MinutesComment]:
    return list(
        db.session.scalars(
            select(MinutesComment)
            .where(MinutesComment.minutes_id == minutes.id)
            .order_by(MinutesComment.created_at, MinutesComment.id)
        )
    )


def _institutions(ids: set[int]) -> dict[int, Institution]:
    if not ids:
        return {}
    return {i.id: i for i in db.session.scalars(select(Institution).where(Institution.id.in_(ids)))}


def _item_views(
    items: list[AgendaItem], version: MinutesVersion | None, *, full: bool, cases_open: bool
) -> dict[int, ItemView]:
    """The text of each agenda item this reader may see: case items only in the full version,
    and locked (without their text) until the confidentiality statement is acknowledged."""
    content = version.content if version else {}
    views = {}
    for item in items:
        if not full and item.kind is AgendaItemKind.CASES:
            continue
        entry = content.get(str(item.id)) or {}
        locked = item.kind is AgendaItemKind.CASES and not cases_open
        views[item.id] = ItemView(
            item=item,
            summary="" if locked else entry.get("summary", ""),
            decisions="" if locked else entry.get("decisions", ""),
            locked=locked,
        )
    return views


@dataclass
class MinutesText:
    """The text of approved minutes as one reader may see it, for the meeting page."""

    version: MinutesVersion
    items: list[ItemView]
    full: bool
    hidden_cases: int


def approved_text(
    meeting: Meeting,
    user: Any,
    minutes: Minutes,
    items: list[AgendaItem],
    *,
    cases_open: bool | None = None,
) -> MinutesText | None:
    """The current version of approved minutes per agenda item, full or summary exactly as the
    minutes page decides for this user; None while the minutes are not approved. `cases_open`
    is cases_may_open(meeting), asked here unless the caller knows it."""
    version = minutes.current_version
    if minutes.status is not MinutesStatus.APPROVED or version is None:
        return None
    full = can_see_full_minutes(user, meeting)
    if cases_open is None:
        cases_open = cases_may_open(meeting)
    views = _item_views(items, version, full=full, cases_open=cases_open)
    return MinutesText(version, list(views.values()), full, len(items) - len(views))


def minutes_page(
    meeting: Meeting, user: Any, *, version: MinutesVersion | None = None
) -> MinutesPage:
    """The minutes as this user may read them: the full version for those allowed, otherwise
    the summary without case items; a given version, or the current one."""
    full = can_see_full_minutes(user, meeting)
    cases_open = cases_may_open(meeting)
    minutes = minutes_of(meeting)
    items = agenda_of(meeting)
    page = MinutesPage(
        meeting=meeting,
        minutes=minutes,
        version=version or (minutes.current_version if minutes else None),
        items=[],
        full=full,
        cases_open=cases_open,
    )
    views = _item_views(items, page.version, full=full, cases_open=cases_open)
    page.hidden_cases = len(items) - len(views)
    page.items = list(views.values())
    recorded = page.version.actions if page.version else None
    kept = {entry["id"] for entry in recorded} if recorded is not None else None
    for action in actions_of(meeting, include_cases=full):
        view = views.get(action.agenda_item_id or 0)
        if kept is not None and action.id not in kept:
            if view is None or not view.locked:
                page.added_after.append(action)
        elif view is not None and not view.locked:
            view.actions.append(action)
        elif action.agenda_item_id is None:
            page.other_actions.append(action)
    if minutes is not None:
        for comment in _comments(minutes):
            view = views.get(comment.agenda_item_id)
            if view is not None and not view.locked:
                view.comments.append(comment)
        page.versions = versions_of(minutes)
        ids = {c.institution_id for v in page.items for c in v.comments if c.institution_id}
        page.institutions = _institutions(ids)
        if minutes.approved_at_meeting_id:
            page.approved_at_meeting = db.session.get(Meeting, minutes.approved_at_meeting_id)
    return page


# -- comparing two versions -----------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def inline_diff(old: str, new: str) -> Markup:
    """The new text with deletions in <del> and insertions in <ins>, word by word, escaped;
    each change starts with hidden words so screen readers announce it."""
    deleted = Markup('<span class="visually-hidden">{} </span>').format(_("[deleted:]"))
    inserted = Markup('<span class="visually-hidden">{} </span>').format(_("[inserted:]"))
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[Markup] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            out.append(Markup("<del>{}{}</del>").format(deleted, "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(Markup("<ins>{}{}</ins>").format(inserted, "".join(b[j1:j2])))
    return Markup("").join(out)


@dataclass
class FieldDiff:
    label: str
    old: str
    new: str
    html: Markup

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class ItemDiff:
    title: str
    position: int | None
    fields: list[FieldDiff]

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.fields)


def compare(
    items: list[AgendaItem], old: dict[str, Any], new: dict[str, Any], *, full: bool
) -> list[ItemDiff]:
    """Per agenda item, what changed between two versions' texts (case items only in full)."""
    labels = {"summary": _("Discussion summary"), "decisions": _("Decisions")}
    shown = [i for i in items if full or i.kind is not AgendaItemKind.CASES]
    keys: list[tuple[str, str, int | None]] = [(str(i.id), i.title, i.position) for i in shown]
    if full:  # text kept for an item since taken off the agenda is still compared
        known = {str(i.id) for i in items}
        gone = sorted((set(old) | set(new)) - known)
        keys += [(key, _("An item no longer on the agenda"), None) for key in gone]
    result = []
    for key, title, position in keys:
        fields = []
        for name, label in labels.items():
            before = str((old.get(key) or {}).get(name, ""))
            after = str((new.get(key) or {}).get(name, ""))
            fields.append(FieldDiff(label, before, after, inline_diff(before, after)))
        result.append(ItemDiff(title, position, fields))
    return result
