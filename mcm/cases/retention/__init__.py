"""Retention: removing the text of closed cases once the retention period has passed."""
