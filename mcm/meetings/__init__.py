"""Meetings of a mechanism: planning, ad hoc requests, agenda, invitations, attendance,
minutes with review and approval, and the actions decided. URLs: /m/<CODE>/meetings/…"""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("meetings", __name__)
declare(bp, Rule.MECHANISM_VIEW)
