"""Actions decided at meetings: recording them, their progress, the plan activities they serve."""
