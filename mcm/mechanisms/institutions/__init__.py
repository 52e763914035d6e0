"""Member institutions: their record, representatives and MoUs (views.py, services.py)."""
