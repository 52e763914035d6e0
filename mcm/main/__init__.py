"""The landing page, the language switcher, the health check and error pages."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("main", __name__)
declare(bp, Rule.SIGNED_IN)
