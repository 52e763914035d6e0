"""A meeting's agenda: standing items, topics, their order, and when case discussions may open."""
