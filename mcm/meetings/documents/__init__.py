"""Word documents of a meeting: the invitation, the attendance sheet and the minutes."""
