"""The coordinator's outbox: every e-mail of the mechanism and retrying the unsent ones."""
