"""Anonymized cases: the register, discussions at meetings, need-to-know access, transfers,
the case extract, and statistics. URLs: /m/<CODE>/cases/…"""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("cases", __name__)
declare(bp, Rule.MECHANISM_VIEW)
