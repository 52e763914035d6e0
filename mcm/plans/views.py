"""Action plan pages; each sub-feature's view modules, imported here, register their routes."""

from mcm.plans import models  # noqa: F401
from mcm.plans.local import (
    linking,  # noqa: F401 - fills in the meetings' hook: activities served
    views_documents,  # noqa: F401
)
from mcm.plans.local import views as local_views  # noqa: F401
from mcm.plans.progress import views as progress_views  # noqa: F401
from mcm.plans.strategy import views as strategy_views  # noqa: F401
