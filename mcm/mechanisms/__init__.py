"""A mechanism's workspace. URLs carry the municipality code: /m/PEJ/…"""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("mechanisms", __name__)
declare(bp, Rule.MECHANISM_VIEW)
