"""Administration: users and roles, the audit log."""

from flask import Blueprint

from mcm.core.access import Rule, declare

bp = Blueprint("admin", __name__, url_prefix="/admin")
declare(bp, Rule.ADMIN)
