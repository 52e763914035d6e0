"""Case pages; each area of the register lives in its own module imported here."""

from mcm.cases import models  # noqa: F401 - the tables belong to the schema
