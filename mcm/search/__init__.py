"""Search across the records of the user's mechanisms: meetings, approved minutes, actions,
action plan activities, member institutions and case codes, as the pages would show them."""

from flask import Blueprint

from mcm.core.access import Rule, declare
from mcm.search import indexing

bp = Blueprint("search", __name__)
declare(bp, Rule.SIGNED_IN)
indexing.listen()
