"""The actions of one's own institution (members) or of one's mechanisms (coordinators), across
every meeting and mechanism. URL: /actions/mine"""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("actions", __name__, url_prefix="/actions")
declare(bp, Rule.SIGNED_IN)
