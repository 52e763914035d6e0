"""Signing in and out, passwords, two-factor sign-in and the user's own account."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("accounts", __name__)
declare(bp, Rule.SIGNED_IN)
