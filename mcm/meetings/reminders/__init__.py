"""Reminders about meetings, sent through the outbox by the scheduled tasks."""
