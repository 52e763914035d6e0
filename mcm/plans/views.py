"""Action plan pages; each area lives in its own module imported here."""

from mcm.plans import models  # noqa: F401 - the tables belong to the schema
