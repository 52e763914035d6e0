"""Case pages; each area of the register lives in its own module imported here."""

from mcm.cases import (  # noqa: F401 - importing them registers their routes
    discussions,
    exceptional,
    models,
    pages,
    register,
    stats_views,
    transfers,
)
