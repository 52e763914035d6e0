"""Who reads the full minutes, updates an action, asks for an ad hoc meeting, replies to an
invitation or sees a meeting document: the meetings' access decisions."""

from __future__ import annotations

from typing import Any

from mcm.accounts.models import Role
from mcm.mechanisms.policy import can_manage_mechanism, membership_in
from mcm.meetings.models import AgendaItemKind


def can_see_full_minutes(user: Any, meeting: Any) -> bool:
    """The full minutes, with the case items, are restricted to the mechanism's coordinators;
    everyone else reads the summary."""
    return (
        user.is_authenticated
        and user.role is Role.COORDINATOR
        and membership_in(user, meeting.mechanism_id) is not None
    )


def can_update_action(user: Any, action: Any) -> bool:
    """Coordinators update every action of their mechanism; a member updates the actions her own
    institution is responsible for."""
    if not user.is_authenticated or user.role not in (Role.COORDINATOR, Role.MEMBER):
        return False
    membership = membership_in(user, action.mechanism_id)
    if membership is None:
        return False
    return user.role is Role.COORDINATOR or (
        membership.institution_id == action.responsible_institution_id
    )


def can_see_action(user: Any, action: Any, under_cases: bool) -> bool:
    """An action decided under a case item belongs to the restricted minutes: it shows only to
    those who read the full minutes and to the institution responsible for it."""
    if not under_cases or can_update_action(user, action):
        return True
    return can_see_full_minutes(user, action.meeting)


def has_actions_overview(user: Any) -> bool:
    """Coordinators and member representatives follow actions across their mechanisms."""
    return user.is_authenticated and user.role in (Role.COORDINATOR, Role.MEMBER)


def can_request_ad_hoc(user: Any, mechanism: Any) -> bool:
    """A member representative asks for an ad hoc meeting for her institution; the coordinator
    may ask on any member institution's behalf."""
    if can_manage_mechanism(user, mechanism):
        return True
    membership = membership_in(user, mechanism.id) if user.is_authenticated else None
    return (
        user.is_authenticated
        and user.role is Role.MEMBER
        and membership is not None
        and membership.institution_id is not None
    )


def can_view_ad_hoc_request(user: Any, ad_hoc_request: Any) -> bool:
    """The coordinator sees every request of her mechanism; a member those of her institution."""
    if not user.is_authenticated:
        return False
    membership = membership_in(user, ad_hoc_request.mechanism_id)
    if membership is None:
        return False
    return user.role is Role.COORDINATOR or (
        user.role is Role.MEMBER and membership.institution_id == ad_hoc_request.institution_id
    )


def can_record_reply(user: Any, meeting: Any, institution_id: int) -> bool:
    """A member replies to a meeting invitation for her own institution; the coordinator records
    any institution's reply on its behalf (given by phone, for example)."""
    if not user.is_authenticated:
        return False
    membership = membership_in(user, meeting.mechanism_id)
    if membership is None:
        return False
    return user.role is Role.COORDINATOR or (
        user.role is Role.MEMBER and membership.institution_id == institution_id
    )


def is_case_item(item: Any) -> bool:
    """An agenda item whose content is case content (the case discussions)."""
    return item is not None and item.kind is AgendaItemKind.CASES


def can_see_item_documents(user: Any, meeting: Any, item: Any) -> bool:
    """A meeting's documents show to everyone who sees the meeting; those under a case item are
    case content, restricted like that item's part of the minutes (need to know)."""
    return not is_case_item(item) or can_see_full_minutes(user, meeting)


def documents_for_institutions(item: Any) -> bool:
    """Whether the documents of an item (None: of the meeting) go to the member institutions in
    the pack they are sent: no case content ever leaves by e-mail."""
    return not is_case_item(item)


def can_see_signed_minutes(user: Any, meeting: Any, has_cases: bool) -> bool:
    """The signed paper minutes hold the case discussions when the meeting had them: then only
    those who read the full minutes see the scan; otherwise whoever reads the minutes."""
    return not has_cases or can_see_full_minutes(user, meeting)
