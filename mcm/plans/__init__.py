"""The national strategy (loaded as data) and each mechanism's local action plan (LAP), with
activities aligned to national objectives and progress derived from linked work."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("plans", __name__)
declare(bp, Rule.MECHANISM_VIEW)
