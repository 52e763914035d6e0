"""Case statistics for observers and administrators, nationally and per region: suppressed
aggregates only, never a case. URLs: /statistics/…"""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("statistics", __name__, url_prefix="/statistics")
declare(bp, Rule.OBSERVER)
