"""The cases' scheduled tasks; each sub-feature's tasks module, imported here, registers its own."""

from mcm.cases.retention import tasks as retention_tasks  # noqa: F401 - registers the purge
