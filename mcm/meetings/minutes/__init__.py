"""The minutes of a meeting: drafting, review, approval, versions and their comparison."""
