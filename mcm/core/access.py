"""The access gate: the one place every request passes, and which refuses by default.

Every endpoint declares a rule, either on its blueprint (``declare``) or on the view (``allow``).
``enforce`` runs before every request and refuses anything without a rule, so a new route is
closed until someone decides who may use it. Mechanism-scoped routes carry the municipality code
in the URL; the mechanism is loaded once, before the view runs, and non-members are refused.

The gate knows no feature. The features that own roles and memberships register who passes each
rule (``decide``, ``decide_in_mechanism``), the step a signed-in user must take first
(``before_signed_in_pages``) and how a municipality code becomes a mechanism
(``load_mechanism_with``); a rule nobody decided refuses. Decisions on single records (who reads
the full minutes, who sees a case) live beside the feature that owns the record, in its
``policy`` module.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import Select

from mcm.extensions import db

F = TypeVar("F", bound=Callable[..., Any])


class Rule(enum.Enum):
    PUBLIC = "anyone, signed in or not"
    # A URL that is its own credential (a calendar feed): no session, the view checks the secret
    # in the URL and answers 404 to anything else. Calendar programs cannot sign in.
    SECRET_LINK = "whoever holds the secret in the URL; the view refuses any other with 404"  # noqa: S105
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


# -- the gate's registries, filled in by the features ----------------------------------------------

UserCheck = Callable[[Any], bool]
MechanismCheck = Callable[[Any, Any], bool]
SignInCheck = Callable[[Any], str | None]

_GATE_RULES = (Rule.ENROLLING, Rule.SIGNED_IN)
_MECHANISM_RULES = (Rule.MECHANISM_VIEW, Rule.MECHANISM_MANAGE)
# The rules the gate cannot decide alone: which role may pass, who sits in a mechanism. The
# features that own roles and memberships register them; a rule nobody registered refuses.
_user_checks: dict[Rule, UserCheck] = {}
_mechanism_checks: dict[Rule, MechanismCheck] = {}
_sign_in_checks: list[SignInCheck] = []
_mechanism_loader: list[Callable[[str], Any]] = []


def decide(rule: Rule) -> Callable[[UserCheck], UserCheck]:
    """Register who passes a role rule (ADMIN, OBSERVER): a check of the signed-in user."""

    def register(check: UserCheck) -> UserCheck:
        if rule in _MECHANISM_RULES or rule in _GATE_RULES:
            raise ValueError(f"{rule.name} is not decided by the user alone")
        _user_checks[rule] = check
        return check

    return register


def decide_in_mechanism(rule: Rule) -> Callable[[MechanismCheck], MechanismCheck]:
    """Register who passes a mechanism rule: a check of the user and the mechanism in the URL."""

    def register(check: MechanismCheck) -> MechanismCheck:
        if rule not in _MECHANISM_RULES:
            raise ValueError(f"{rule.name} is not a mechanism rule")
        _mechanism_checks[rule] = check
        return check

    return register


def before_signed_in_pages(check: SignInCheck) -> SignInCheck:
    """Register a step a signed-in user must take first: the check names the endpoint to send
    the user to, or None when there is nothing to do."""
    if check not in _sign_in_checks:
        _sign_in_checks.append(check)
    return check


def load_mechanism_with(loader: Callable[[str], Any]) -> Callable[[str], Any]:
    """Register how the municipality code in a URL becomes the mechanism (404 when unknown)."""
    _mechanism_loader[:] = [loader]
    return loader


def permits(rule: Rule, user: Any, mechanism: Any = None) -> bool:
    """Whether the rule lets this user through; an undecided rule refuses (default deny)."""
    if rule in (Rule.PUBLIC, Rule.SECRET_LINK):
        return True
    if not user.is_authenticated:
        return False
    if rule in _GATE_RULES:
        return True
    if rule in _MECHANISM_RULES:
        mechanism_check = _mechanism_checks.get(rule)
        return (
            mechanism is not None
            and mechanism_check is not None
            and mechanism_check(user, mechanism)
        )
    user_check = _user_checks.get(rule)
    return user_check is not None and user_check(user)


# -- records of the mechanism in the URL ----------------------------------------------------------


def scoped(stmt: Select[Any], model: Any) -> Select[Any]:
    """Limit a list query of a mechanism-owned model to the mechanism of this request."""
    return stmt.where(model.mechanism_id == g.mechanism.id)


def get_or_404(model: Any, ident: Any) -> Any:
    """Load one record of the current mechanism; another mechanism's record is a 404."""
    obj = db.session.get(model, ident)
    if obj is None or obj.mechanism_id != g.mechanism.id:
        abort(404)
    return obj


# -- enforcement ----------------------------------------------------------------------------------


def _load_mechanism(endpoint: str | None, values: dict[str, Any] | None) -> None:
    code = (values or {}).pop("mechanism_code", None)
    loader = _mechanism_loader[0] if _mechanism_loader else None
    # Without a registered loader no mechanism is found, and every mechanism page is a 404.
    g.mechanism = loader(code) if code is not None and loader is not None else None


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
    if rule in (Rule.PUBLIC, Rule.SECRET_LINK):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if rule is Rule.ENROLLING:
        return None
    for check in _sign_in_checks:
        endpoint_first = check(current_user)
        if endpoint_first is not None:
            return redirect(url_for(endpoint_first))
    return _check(rule)


def _check(rule: Rule) -> None:
    if rule in _MECHANISM_RULES:
        mechanism = g.get("mechanism")
        if mechanism is None:
            abort(404)
        if rule not in _mechanism_checks:
            current_app.logger.error("rule %s has no registered decision; refused", rule.name)
        if not permits(rule, current_user, mechanism):
            abort(403)
        return
    if rule not in _GATE_RULES and rule not in _user_checks:
        current_app.logger.error("rule %s has no registered decision; refused", rule.name)
    if not permits(rule, current_user):
        abort(403)


def init_app(app: Flask) -> None:
    """Run the policy before every request."""
    app.before_request(enforce)
