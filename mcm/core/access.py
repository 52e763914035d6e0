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
