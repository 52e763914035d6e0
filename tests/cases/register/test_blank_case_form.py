"""A new case starts with nothing entered: no age band, gender, relationship or risk level is
chosen for the user, and a save without them says what is missing, keeping what was typed."""

from __future__ import annotations

from tests.cases.register.test_register import case_form
from tests.core.html_forms import forms_of

NOT_PRESET = ("age_band", "gender", "perpetrator_relationship", "risk_level")


def test_the_case_form_chooses_nothing_for_the_user(client, make_user) -> None:
    client.login_user(make_user("coordinator", "PEJ"))
    page = client.get("/m/PEJ/cases/new").get_data(as_text=True)
    form = next(f for f in forms_of(page) if "age_band" in f["names"])
    for name in NOT_PRESET:
        # What a browser sends for a list nobody touched: its first option, the empty one.
        assert form["values"][name] == [""], name

    response = client.post(
        "/m/PEJ/cases/new", case_form(**{name: "" for name in NOT_PRESET}, children_count="3")
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("Choose one of the options.") >= len(NOT_PRESET)
    assert 'href="#age_band"' in html  # the error summary links to the first of them
    assert 'value="3"' in html  # what was typed stays
