"""Machinery shared by every feature: database base, the access gate, audit log, security."""
