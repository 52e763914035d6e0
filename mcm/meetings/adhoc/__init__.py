"""Ad hoc meeting requests: a member institution asks, the coordinator accepts or declines."""
