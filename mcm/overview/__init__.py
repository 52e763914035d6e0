"""The national overview for observers and administrators: aggregates only."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("overview", __name__, url_prefix="/overview")
declare(bp, Rule.OBSERVER)
