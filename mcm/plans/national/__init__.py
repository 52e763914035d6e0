"""The national matrix of local action plans for observers and administrators: municipalities by
region against the national objectives of a strategy, with coverage and derived progress.
URLs: /plans/matrix…"""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("plans_national", __name__, url_prefix="/plans")
declare(bp, Rule.OBSERVER)
