"""Partner organisations (such as a national women's-rights network) and their partnerships with
municipalities' mechanisms: a dated pipeline, needs assessments, trainings and follow-up support.
Observers read and record; administrators manage the organisations and who works for which."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("partners", __name__, url_prefix="/partners")
declare(bp, Rule.OBSERVER)
