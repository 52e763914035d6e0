"""Statistics of the cases discussed in a year: the figures, their queries, the small-cell
suppression that protects them (suppression.py: the method and its proof), and the charts."""
