"""Machinery shared by every feature: database base, access policy, audit log, security."""
