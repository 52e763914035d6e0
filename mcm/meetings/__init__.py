"""Meetings of a mechanism: planning, ad hoc requests, agenda, invitations, attendance,
minutes with review and approval, and the actions decided. URLs: /m/<CODE>/meetings/…

One folder per part of the workflow, each with its views.py (routes on the one blueprint below),
forms.py, services.py (the changes) and queries.py (what pages read) where it has them:
planning/ (the meeting list and page, one meeting, the year's plan, compliance; dates.py holds
the zone and quarters), agenda/, invitations/, attendance/, minutes/, actions/, adhoc/, outbox/,
documents/ (the Word downloads), files/ (uploaded meeting documents, the signed minutes and the
meeting pack), reminders/ and demo/. Shared at the top: models.py, policy.py,
messages.py (the e-mails and .ics the parts send), views.py (imports every part's routes) and
tasks.py (which the scheduler loads by name)."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("meetings", __name__)
declare(bp, Rule.MECHANISM_VIEW)
