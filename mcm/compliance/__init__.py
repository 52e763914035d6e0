"""National compliance with "at least four meetings a year": every mechanism's regular meetings
quarter by quarter, for observers and administrators. Aggregates only."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("compliance", __name__, url_prefix="/compliance")
declare(bp, Rule.OBSERVER)
