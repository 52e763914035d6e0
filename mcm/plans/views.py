"""Action plan pages; each area lives in its own module imported here."""

from mcm.plans import (  # noqa: F401 - importing a module registers its routes or tables
    documents,
    lap,
    linking,  # fills in the meetings' hook: the plan activities an action serves
    models,
    strategies,
    tracking,
)
