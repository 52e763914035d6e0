"""Meeting pages. Each sub-feature's routes live in its own folder; importing them here
registers them on the blueprint."""

from mcm.meetings.actions import panels as actions_panels  # noqa: F401
from mcm.meetings.actions import views as actions_views  # noqa: F401
from mcm.meetings.actions import views_list as actions_list  # noqa: F401
from mcm.meetings.adhoc import views as adhoc_views  # noqa: F401
from mcm.meetings.agenda import views as agenda_views  # noqa: F401
from mcm.meetings.attendance import views as attendance_views  # noqa: F401
from mcm.meetings.documents import views as documents_views  # noqa: F401
from mcm.meetings.files import views as files_views  # noqa: F401
from mcm.meetings.invitations import views as invitations_views  # noqa: F401
from mcm.meetings.minutes import panels as minutes_panels  # noqa: F401
from mcm.meetings.minutes import views as minutes_views  # noqa: F401
from mcm.meetings.minutes import views_review  # noqa: F401
from mcm.meetings.outbox import views as outbox_views  # noqa: F401
from mcm.meetings.planning import views as planning_views  # noqa: F401
from mcm.meetings.planning import views_list, views_year  # noqa: F401
