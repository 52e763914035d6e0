"""Case pages; each sub-feature's views module, imported here, registers its routes."""

from mcm.cases import models  # noqa: F401 - the views' models, loaded with them
from mcm.cases.discussions import views as discussions_views  # noqa: F401 - registers routes
from mcm.cases.exceptional import views as exceptional_views  # noqa: F401
from mcm.cases.register import views as register_views  # noqa: F401
from mcm.cases.register import views_case  # noqa: F401
from mcm.cases.statistics import views as statistics_views  # noqa: F401
from mcm.cases.transfers import views as transfers_views  # noqa: F401
