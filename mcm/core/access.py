"""The access policy: the one place that decides who may reach which page and which records.

Every endpoint declares a rule, either on its blueprint (``declare``) or on the view (``allow``).
``enforce`` runs before every request and refuses anything without a rule, so a new route is
closed until someone decides who may use it. Mechanism-scoped routes carry the municipality code
in the URL; the mechanism is loaded once, before the view runs, and non-members are refused.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import Select, false, select

from mcm.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


class Rule(enum.Enum):
    PUBLIC = "anyone, signed in or not"
    ENROLLING = "signed in, even before setting up two-factor sign-in"
    SIGNED_IN = "any signed-in user"
    OBSERVER = "observers and administrators: national aggregates, never case details"
    ADMIN = "administrators"
    MECHANISM_VIEW = "coordinators and members of the mechanism in the URL"
    MECHANISM_MANAGE = "coordinators of the mechanism in the URL"


_ATTRIBUTE = "_mcm_access_rule"
_blueprint_defaults: dict[str, Rule] = {}


def allow(rule: Rule) -> Callable[[F], F]:
    """Declare the rule of one view, overriding its blueprint's default."""

    def mark(view: F) -> F:
        setattr(view, _ATTRIBUTE, rule)
        return view

    return mark


def declare(blueprint: Blueprint, default: Rule) -> None:
    """Declare the rule of every view of a blueprint that does not declare its own."""
    _blueprint_defaults[blueprint.name] = default
    if default in (Rule.MECHANISM_VIEW, Rule.MECHANISM_MANAGE):
        blueprint.url_value_preprocessor(_load_mechanism)
        blueprint.url_defaults(_add_mechanism_code)


def rule_for(app: Flask, endpoint: str) -> Rule | None:
    """The rule declared for an endpoint, or None when nobody declared one."""
    if endpoint == "static":
        return Rule.PUBLIC
    view = app.view_functions.get(endpoint)
    rule = getattr(view, _ATTRIBUTE, None)
    if rule is None and "." in endpoint:
        rule = _blueprint_defaults.get(endpoint.rsplit(".", 1)[0])
    return rule


# -- decisions on records -------------------------------------------------------------------------


def membership_in(user: Any, mechanism_id: int) -> Any | None:
    """The user's membership in a mechanism, if any."""
    for membership in user.memberships:
        if membership.mechanism_id == mechanism_id:
            return membership
    return None


def can_view_mechanism(user: Any, mechanism: Any) -> bool:
    """Coordinators and member representatives see their own mechanisms' workspace."""
    from mcm.accounts.models import Role

    if not user.is_authenticated or user.role not in (Role.COORDINATOR, Role.MEMBER):
        return False
    return membership_in(user, mechanism.id) is not None


def can_manage_mechanism(user: Any, mechanism: Any) -> bool:
    """Only the mechanism's coordinators run it."""
    from mcm.accounts.models import Role

    return (
        user.is_authenticated
        and user.role is Role.COORDINATOR
        and membership_in(user, mechanism.id) is not None
    )


def can_edit_representatives(user: Any, institution: Any) -> bool:
    """Coordinators keep every member's representatives; a member keeps her own institution's."""
    from mcm.accounts.models import Role

    if can_manage_mechanism(user, institution.mechanism):
        return True
    membership = membership_in(user, institution.mechanism_id)
    return (
        user.role is Role.MEMBER
        and membership is not None
        and membership.institution_id == institution.id
        and institution.left_on is None
    )


def visible_mechanisms(user: Any) -> Select[Any]:
    """A query of the mechanisms whose workspace the user may open."""
    from mcm.accounts.models import Membership
    from mcm.mechanisms.models import Mechanism

    return (
        select(Mechanism)
        .join(Membership, Membership.mechanism_id == Mechanism.id)
        .where(Membership.user_id == user.id)
    )


def scoped(stmt: Select[Any], model: Any) -> Select[Any]:
    """Limit a list query of a mechanism-owned model to the mechanism of this request."""
    return stmt.where(model.mechanism_id == g.mechanism.id)


def get_or_404(model: Any, ident: Any) -> Any:
    """Load one record of the current mechanism; another mechanism's record is a 404."""
    obj = db.session.get(model, ident)
    if obj is None or obj.mechanism_id != g.mechanism.id:
        abort(404)
    return obj


def partner_organisation_id(user: Any) -> int | None:
    """The partner organisation an observer works for; None for the ministry and other roles."""
    from mcm.accounts.models import Role
    from mcm.partners.models import PartnerMember

    if not user.is_authenticated or user.role is not Role.OBSERVER:
        return None
    cache = g.setdefault("partner_organisation_ids", {})
    if user.id not in cache:
        cache[user.id] = db.session.scalar(
            select(PartnerMember.organisation_id).where(PartnerMember.user_id == user.id)
        )
    return cache[user.id]


def can_view_partnership(user: Any, partnership: Any) -> bool:
    """Administrators and observers without an organisation (the ministry) read every
    partnership; an organisation's observers read their own organisation's only."""
    from mcm.accounts.models import Role

    if not user.is_authenticated:
        return False
    if user.role is Role.ADMINISTRATOR:
        return True
    if user.role is not Role.OBSERVER:
        return False
    organisation_id = partner_organisation_id(user)
    return organisation_id is None or organisation_id == partnership.organisation_id


def can_edit_partnership(user: Any, partnership: Any) -> bool:
    """Only observers of the partnership's own organisation record its steps and activities."""
    organisation_id = partner_organisation_id(user)
    return organisation_id is not None and organisation_id == partnership.organisation_id


def visible_partnerships(user: Any) -> Select[Any]:
    """A query of the partnerships whose pipeline the user may read."""
    from mcm.accounts.models import Role
    from mcm.partners.models import Partnership

    stmt = select(Partnership)
    if not user.is_authenticated or user.role not in (Role.OBSERVER, Role.ADMINISTRATOR):
        return stmt.where(false())
    organisation_id = partner_organisation_id(user)
    if organisation_id is None:
        return stmt
    return stmt.where(Partnership.organisation_id == organisation_id)


def can_see_full_minutes(user: Any, meeting: Any) -> bool:
    """The full minutes, with the case items, are restricted to the mechanism's coordinators;
    everyone else reads the summary."""
    from mcm.accounts.models import Role

    return (
        user.is_authenticated
        and user.role is Role.COORDINATOR
        and membership_in(user, meeting.mechanism_id) is not None
    )


def can_update_action(user: Any, action: Any) -> bool:
    """Coordinators update every action of their mechanism; a member updates the actions her own
    institution is responsible for."""
    from mcm.accounts.models import Role

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
    from mcm.accounts.models import Role

    return user.is_authenticated and user.role in (Role.COORDINATOR, Role.MEMBER)


def can_request_ad_hoc(user: Any, mechanism: Any) -> bool:
    """A member representative asks for an ad hoc meeting for her institution; the coordinator
    may ask on any member institution's behalf."""
    from mcm.accounts.models import Role

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
    from mcm.accounts.models import Role

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
    from mcm.accounts.models import Role

    if not user.is_authenticated:
        return False
    membership = membership_in(user, meeting.mechanism_id)
    if membership is None:
        return False
    return user.role is Role.COORDINATOR or (
        user.role is Role.MEMBER and membership.institution_id == institution_id
    )


# -- cases: need to know -------------------------------------------------------------------------


def _coordinates(user: Any, mechanism_id: int) -> bool:
    from mcm.accounts.models import Role

    return (
        user.is_authenticated
        and user.role is Role.COORDINATOR
        and membership_in(user, mechanism_id) is not None
    )


def member_institution_id(user: Any, mechanism_id: int) -> int | None:
    """The institution a member representative sits for in a mechanism; None for other roles."""
    from mcm.accounts.models import Role

    if not user.is_authenticated or user.role is not Role.MEMBER:
        return None
    membership = membership_in(user, mechanism_id)
    return membership.institution_id if membership is not None else None


def is_involved_in_case(user: Any, case: Any) -> bool:
    """A member whose institution the coordinator involved in the case (CaseInstitution)."""
    from mcm.cases.models import CaseInstitution

    institution_id = member_institution_id(user, case.mechanism_id)
    if institution_id is None:
        return False
    return (
        db.session.scalar(
            select(CaseInstitution.id).where(
                CaseInstitution.case_id == case.id,
                CaseInstitution.institution_id == institution_id,
            )
        )
        is not None
    )


def has_exceptional_access(user: Any, case: Any) -> bool:
    """An administrator during a recorded, justified and unexpired access to this case."""
    from mcm.accounts.models import Role
    from mcm.cases.models import ExceptionalAccess
    from mcm.core.db import utcnow

    if not user.is_authenticated or user.role is not Role.ADMINISTRATOR:
        return False
    return (
        db.session.scalar(
            select(ExceptionalAccess.id).where(
                ExceptionalAccess.case_id == case.id,
                ExceptionalAccess.user_id == user.id,
                ExceptionalAccess.expires_at > utcnow(),
            )
        )
        is not None
    )


def can_see_case(user: Any, case: Any) -> bool:
    """Case details: the mechanism's coordinators, members of the institutions involved in the
    case, and an administrator during an exceptional access. Observers never."""
    return (
        _coordinates(user, case.mechanism_id)
        or is_involved_in_case(user, case)
        or has_exceptional_access(user, case)
    )


def can_edit_case(user: Any, case: Any) -> bool:
    """The mechanism's coordinators change an open case; closed and transferred ones are read."""
    from mcm.cases.models import CaseStatus

    return case.status is CaseStatus.OPEN and _coordinates(user, case.mechanism_id)


def can_manage_case(user: Any, case: Any) -> bool:
    """Close, reopen, transfer, and read the case's audit log: the mechanism's coordinators."""
    return _coordinates(user, case.mechanism_id)


def can_see_case_history(user: Any, case: Any) -> bool:
    """The discussions a case had in the mechanism it was transferred from: read-only, for the
    receiving coordinators (and an administrator's exceptional access)."""
    return _coordinates(user, case.mechanism_id) or has_exceptional_access(user, case)


def visible_cases(user: Any, mechanism_id: int) -> Select[Any]:
    """The cases of a mechanism listed to the user: every case for its coordinators; for a
    member, those her institution is involved in or has follow-up actions on; none otherwise."""
    from mcm.cases.models import Case, CaseInstitution
    from mcm.meetings.models import Action

    stmt = select(Case).where(Case.mechanism_id == mechanism_id)
    if _coordinates(user, mechanism_id):
        return stmt
    institution_id = member_institution_id(user, mechanism_id)
    if institution_id is None:
        return stmt.where(false())
    involved = select(CaseInstitution.id).where(
        CaseInstitution.case_id == Case.id, CaseInstitution.institution_id == institution_id
    )
    assigned = select(Action.id).where(
        Action.case_id == Case.id, Action.responsible_institution_id == institution_id
    )
    return stmt.where(involved.exists() | assigned.exists())


def can_decide_transfer(user: Any, transfer: Any) -> bool:
    """The receiving mechanism's coordinators accept or decline a transfer."""
    return _coordinates(user, transfer.to_mechanism_id)


# -- action plans --------------------------------------------------------------------------------


def can_edit_plan(user: Any, plan: Any) -> bool:
    """The mechanism's coordinators change a plan while it is a draft or under revision; an
    adopted plan is changed only by starting a revision."""
    from mcm.plans.models import PlanStatus

    return plan.status is not PlanStatus.ADOPTED and _coordinates(user, plan.mechanism_id)


# -- enforcement ----------------------------------------------------------------------------------


def _load_mechanism(endpoint: str | None, values: dict[str, Any] | None) -> None:
    from mcm.mechanisms.services import mechanism_by_code

    code = (values or {}).pop("mechanism_code", None)
    g.mechanism = mechanism_by_code(code) if code is not None else None


def _add_mechanism_code(endpoint: str, values: dict[str, Any]) -> None:
    mechanism = g.get("mechanism")
    if (
        mechanism is not None
        and "mechanism_code" not in values
        and current_app.url_map.is_endpoint_expecting(endpoint, "mechanism_code")
    ):
        values["mechanism_code"] = mechanism.code


def enforce() -> Any:
    """Refuse the request unless the endpoint's rule lets this user through."""
    endpoint = request.endpoint
    if endpoint is None:  # unknown URL: let routing answer 404/405
        return None
    rule = rule_for(current_app, endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule; refused", endpoint)
        abort(403)
    if rule is Rule.PUBLIC:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if rule is Rule.ENROLLING:
        return None
    from mcm.accounts.services import must_enrol_totp

    if must_enrol_totp(current_user):
        return redirect(url_for("accounts.totp_setup"))
    return _check(rule)


def _check(rule: Rule) -> None:
    from mcm.accounts.models import Role

    user = current_user
    if rule is Rule.SIGNED_IN:
        return
    if rule is Rule.ADMIN and user.role is not Role.ADMINISTRATOR:
        abort(403)
    if rule is Rule.OBSERVER and user.role not in (Role.OBSERVER, Role.ADMINISTRATOR):
        abort(403)
    if rule in (Rule.MECHANISM_VIEW, Rule.MECHANISM_MANAGE):
        mechanism = g.get("mechanism")
        if mechanism is None:
            abort(404)
        allowed = (
            can_manage_mechanism(user, mechanism)
            if rule is Rule.MECHANISM_MANAGE
            else can_view_mechanism(user, mechanism)
        )
        if not allowed:
            abort(403)


def init_app(app: Flask) -> None:
    """Run the policy before every request."""
    app.before_request(enforce)
