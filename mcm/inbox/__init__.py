"""What needs me: each user's inbox (the things waiting for her, derived from the records, and
the e-mails the product sent her), her choice of how each kind of e-mail reaches her, and the
daily digest. URLs: /inbox, /inbox/mail, /inbox/preferences

It reads several features (meetings, cases, mechanisms), so it sits with the national views.
queries.py and sources.py read the records, entries.py turns them into what the page shows,
delivery.py holds the users' choices and tells the outbox whose inbox a message belongs to,
tasks.py sends the daily digest."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("inbox", __name__, url_prefix="/inbox")
declare(bp, Rule.SIGNED_IN)
