"""Planning meetings: the meeting list and page, one meeting, the year's plan, compliance."""
