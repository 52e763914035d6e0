"""Meeting pages. Each part of the workflow lives in its own module; importing them here
registers their routes on the blueprint."""

from mcm.meetings import (  # noqa: F401
    actions,
    adhoc,
    agenda,
    attendance,
    downloads,
    invitations,
    minutes,
    minutes_review,
    outbox_pages,
    pages,
    panels,
    planning,
)
