"""Exceptional access: opening a case for one hour, with a reason, to someone outside
need-to-know."""
