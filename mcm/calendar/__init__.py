"""The calendar: a month and a list of the meetings of the user's mechanisms, and her personal
subscription feed (.ics) that calendar programs poll.
URLs: /calendar, /calendar/feed/<secret>.ics"""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("calendar", __name__, url_prefix="/calendar")
declare(bp, Rule.SIGNED_IN)
