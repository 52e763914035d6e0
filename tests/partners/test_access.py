"""Who may read and who may record partnerships; observers never change a mechanism's record."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import AnyConverter, IntegerConverter

from mcm.extensions import db
from mcm.partners import activities
from mcm.partners.models import Partnership, PartnershipStage, SupportEntry, Training
from tests.partners.conftest import stage_of


@pytest.fixture
def two_organisations(app: Flask, make_organisation, make_partnership) -> dict[str, int]:
    """Two organisations with a partnership each; B's has a training and a support entry."""
    a = make_organisation("Organisation A")
    b = make_organisation("Organisation B")
    own = make_partnership(a, "PEJ", PartnershipStage.BRIEFING_HELD)
    other = make_partnership(b, "PEJ", PartnershipStage.BRIEFING_HELD)
    with app.test_request_context():
        partnership = db.session.get(Partnership, other)
        training = activities.record_training(
            partnership, held_on=date(2025, 9, 1), module="Module", participants={}
        )
        support = activities.record_support(partnership, date(2025, 9, 2), "Support")
        db.session.commit()
        ids = {"training": training.id, "support": support.id}
    return {"a": a, "b": b, "own": own, "other": other, **ids}


def _edit_urls(ids: dict[str, int], partnership: str) -> list[str]:
    p = ids[partnership]
    return [
        f"/partners/{p}/step",
        f"/partners/{p}/assessments/new",
        f"/partners/{p}/trainings/new",
        f"/partners/{p}/support/new",
    ] + (
        [
            f"/partners/{p}/trainings/{ids['training']}/edit",
            f"/partners/{p}/support/{ids['support']}/edit",
        ]
        if partnership == "other"
        else []
    )


STEP = {"stage": "agreed_in_principle", "effective_on": "2025-09-03", "version": "2"}


def test_an_observer_records_only_her_own_organisations_partnerships(
    app, client, make_partner_observer, two_organisations
) -> None:
    ids = two_organisations
    client.login_user(make_partner_observer(ids["a"]))
    for url in _edit_urls(ids, "own"):
        assert client.get(url).status_code == 200, url
    for url in _edit_urls(ids, "other"):
        assert client.get(url).status_code == 403, url
        assert client.post(url, STEP).status_code == 403, url
    # She does not even read the other organisation's pipeline.
    assert client.get(f"/partners/{ids['other']}").status_code == 403
    assert client.get(f"/partners/{ids['other']}/assessments/1").status_code == 403
    assert stage_of(app, ids["other"]) is PartnershipStage.BRIEFING_HELD
    listing = client.get("/partners/").get_data(as_text=True)
    assert f"/partners/{ids['own']}" in listing and f"/partners/{ids['other']}" not in listing


def test_the_ministry_reads_every_pipeline_and_records_none(
    app, client, make_partner_observer, two_organisations
) -> None:
    ids = two_organisations
    client.login_user(make_partner_observer(None))
    listing = client.get("/partners/").get_data(as_text=True)
    assert "Organisation A" in listing and "Organisation B" in listing
    for key in ("own", "other"):
        page = client.get(f"/partners/{ids[key]}")
        assert page.status_code == 200
        assert "Record the next step" not in page.get_data(as_text=True)
    for url in [*_edit_urls(ids, "other"), "/partners/new"]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, STEP).status_code == 403, url
    assert stage_of(app, ids["other"]) is PartnershipStage.BRIEFING_HELD


def test_administrators_read_partnerships_and_manage_organisations_only(
    client, make_user, two_organisations
) -> None:
    ids = two_organisations
    client.login_user(make_user("administrator", None))
    assert client.get(f"/partners/{ids['other']}").status_code == 200
    assert client.get("/partners/organisations").status_code == 200
    assert client.get(f"/partners/organisations/{ids['a']}").status_code == 200
    for url in [*_edit_urls(ids, "other"), "/partners/new"]:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["observer", "coordinator", "member"])
def test_organisation_pages_are_for_administrators(client, make_user, role) -> None:
    client.login_user(make_user(role, "PEJ" if role != "observer" else None))
    assert client.get("/partners/organisations").status_code == 403
    assert client.post("/partners/organisations", {"name": "X"}).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_mechanism_staff_get_403_on_every_partner_page(
    app, client, make_user, two_organisations, role
) -> None:
    ids = two_organisations
    client.login_user(make_user(role, "PEJ"))
    urls = ["/partners/", "/partners/new", f"/partners/{ids['other']}", "/overview/"]
    urls += [*_edit_urls(ids, "other"), "/overview/export.csv", "/overview/export.xlsx"]
    for url in urls:
        assert client.get(url).status_code == 403, url
    for url in _edit_urls(ids, "other"):
        assert client.post(url, STEP).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, two_organisations) -> None:
    for url in ["/partners/", f"/partners/{two_organisations['own']}", "/overview/export.csv"]:
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def _sample(name: str, converter: Any) -> Any:
    """A value the route's converter accepts: the page itself must refuse, not the URL."""
    if name == "mechanism_code":
        return "PEJ"
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "x"


@pytest.mark.parametrize("organisation", [True, False])
def test_observers_cannot_open_or_change_a_mechanisms_record(
    app, client, make_organisation, make_partner_observer, organisation
) -> None:
    """Every /m/PEJ/… page, read or write, refuses observers: with or without an organisation."""
    client.login_user(make_partner_observer(make_organisation() if organisation else None))
    scoped = [r for r in app.url_map.iter_rules() if "mechanism_code" in r.arguments]
    assert scoped
    adapter = app.url_map.bind("localhost")
    for rule in scoped:
        values = {n: _sample(n, rule._converters.get(n)) for n in rule.arguments}
        url = adapter.build(rule.endpoint, values)
        if "GET" in rule.methods:
            assert client.get(url).status_code == 403, url
        if "POST" in rule.methods:
            assert client.post(url, {"status": "inactive", "name": "X"}).status_code == 403, url


def test_another_partnerships_records_are_not_found_through_mine(
    client, make_partner_observer, two_organisations
) -> None:
    ids = two_organisations
    client.login_user(make_partner_observer(ids["a"]))
    own = ids["own"]
    assert client.get(f"/partners/{own}/trainings/{ids['training']}/edit").status_code == 404
    assert client.get(f"/partners/{own}/support/{ids['support']}/edit").status_code == 404
    assert client.get(f"/partners/{own}/assessments/999999").status_code == 404
    assert client.get("/partners/999999").status_code == 404


def test_records_of_the_other_organisation_stay_unchanged(
    app, client, make_partner_observer, two_organisations
) -> None:
    ids = two_organisations
    client.login_user(make_partner_observer(ids["a"]))
    client.post(
        f"/partners/{ids['other']}/trainings/{ids['training']}/edit",
        {"held_on": "2025-09-01", "module": "Hacked", "version": "1"},
    )
    client.post(
        f"/partners/{ids['other']}/support/{ids['support']}/edit",
        {"given_on": "2025-09-01", "description": "Hacked", "version": "1"},
    )
    with app.app_context():
        assert db.session.get(Training, ids["training"]).module == "Module"
        assert db.session.get(SupportEntry, ids["support"]).description == "Support"
