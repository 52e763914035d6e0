"""Reference data: countries, regions, municipalities and institution types."""

from flask import Blueprint

bp = Blueprint("reference", __name__, url_prefix="/reference")
