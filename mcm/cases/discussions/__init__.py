"""Discussions of a case at the mechanism's meetings, with their decisions and follow-ups."""
