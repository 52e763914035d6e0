"""The national strategy (loaded as data) and each mechanism's local action plan (LAP), with
activities aligned to national objectives and progress derived from linked work.

Sub-features: strategy/ (national strategies), local/ (the local action plans), progress/
(progress, reminders and the annual report) and national/ (the national matrix, its own
blueprint). The plans blueprint, the models and the policy are shared and stay here."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("plans", __name__)
declare(bp, Rule.MECHANISM_VIEW)
