"""Invitations to a meeting, the changes and cancellations that follow, and the replies."""
