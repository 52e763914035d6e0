"""The inbox tests build their records with the meetings' and cases' factories."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cases.conftest import make_case  # noqa: F401 - fixtures shared with the cases tests
from tests.meetings.conftest import (  # noqa: F401 - and with the meetings tests
    make_agenda_item,
    make_meeting,
    make_representative,
)


@pytest.fixture
def smtp(inbox: Any) -> Any:
    """The real local SMTP server's received mail (the root conftest calls it `inbox`)."""
    return inbox


def entries_of(client: Any) -> str:
    """The inbox page's text, for assertions on what waits."""
    from tests.conftest import text_of

    response = client.get("/inbox")
    assert response.status_code == 200
    return text_of(response)
