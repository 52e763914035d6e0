"""Transfers of a case to the mechanism of the municipality the victim moved to."""
