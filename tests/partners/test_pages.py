"""The partner's workflows through the pages: forms keep what was typed, refusals are explained,
every change appears in the partnership's history, and queries stay constant."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from mcm.extensions import db
from mcm.mechanisms.services import mechanism_by_code
from mcm.partners import activities
from mcm.partners import services as partners
from mcm.partners.models import AssessmentArea, Partnership, PartnershipStage, Training
from mcm.reference.models import InstitutionType
from tests.conftest import mechanism_id, text_of
from tests.partners.conftest import stage_of


@pytest.fixture
def network(make_organisation) -> int:
    return make_organisation("Women's Network")


@pytest.fixture
def staff(client, network, make_partner_observer) -> int:
    """An observer of the network, signed in."""
    user_id = make_partner_observer(network, email="staff@network.example.org")
    client.login_user(user_id)
    return user_id


def _type_ids(app) -> dict[str, int]:
    with app.app_context():
        return {t.code: t.id for t in db.session.scalars(select(InstitutionType))}


def test_starting_a_partnership_and_recording_the_pipeline(app, client, staff) -> None:
    page = text_of(client.get("/partners/new"))
    assert "Start a partnership" in page and "Lipjan" in page
    response = client.post("/partners/new", {"mechanism": str(mechanism_id(app, "LIP"))})
    assert response.status_code == 302
    detail = response.headers["Location"]
    partnership = int(detail.rsplit("/", 1)[1])
    assert "No step has been recorded yet" in text_of(client.get(detail))

    response = client.post(
        f"{detail}/step",
        {
            "stage": "briefing_held",
            "effective_on": "2025-05-14",
            "mayor": "y",
            "geo": "y",
            "note": "Initiative presented",
            "version": "1",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get(detail))
    assert "Briefing session held" in page
    assert "Took part: Mayor, Gender Equality Officer" in page
    assert "Initiative presented" in page
    # The history says who changed what, when.
    assert "staff@network.example.org Partnership step recorded" in page
    assert "Partnership started" in page

    client.post(
        f"{detail}/step",
        {"stage": "agreed_in_principle", "effective_on": "2025-06-02", "version": "2"},
    )
    assert stage_of(app, partnership) is PartnershipStage.AGREED_IN_PRINCIPLE
    # Lipjan is no longer offered for a new partnership.
    assert "Lipjan" not in text_of(client.get("/partners/new")).split("Municipality", 1)[1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"effective_on": "2025-13-45"}, "Enter the date as day, month and year."),
        ({"effective_on": ""}, "Please fill in this field."),
        ({"effective_on": "2025-04-30"}, "cannot be earlier than the previous step"),
        ({"effective_on": "2999-01-01"}, "cannot be in the future"),
        ({"stage": "mou_signed"}, "cannot move to “MoU signed”"),
        ({"stage": "king"}, "Choose one of the steps offered."),
        ({"stage": ""}, "Please fill in this field."),
        ({"stage": "briefing_held", "geo": ""}, "Tick who took part in the briefing session."),
        ({"note": "x" * 2001}, "At most 2000 characters"),
        ({"version": "1"}, "Someone else saved this record"),
    ],
)
def test_a_refused_step_is_explained_and_what_was_typed_is_kept(
    app, client, staff, network, make_partnership, data, message
) -> None:
    partnership = make_partnership(network, "PEJ", PartnershipStage.BRIEFING_HELD)  # 2025-05-01
    form = {
        "stage": "agreed_in_principle",
        "effective_on": "2025-06-01",
        "note": "Typed note",
        "geo": "y",
        "version": "2",
        **data,
    }
    response = client.post(f"/partners/{partnership}/step", form)
    assert response.status_code == (409 if message.startswith("Someone else") else 200)
    page = text_of(response)
    assert message in page
    if len(form["note"]) < 100:
        assert "Typed note" in page
    assert stage_of(app, partnership) is PartnershipStage.BRIEFING_HELD


def test_recording_and_correcting_a_training(app, client, staff, network, make_partnership):
    partnership = make_partnership(network, "FKO", PartnershipStage.MOU_SIGNED)
    types = _type_ids(app)
    url = f"/partners/{partnership}/trainings/new"
    assert "Participants by type of institution" in text_of(client.get(url))
    bad = client.post(
        url,
        {
            "held_on": "2025-10-14",
            "module": "Online violence",
            f"people_{types['police']}": "abc",
            f"people_{types['csw']}": "-2",
        },
    )
    page = text_of(bad)
    assert bad.status_code == 200
    assert "Enter a whole number, such as 12." in page
    assert "Enter a number from 0 to 10000." in page
    assert 'value="Online violence"' in bad.get_data(as_text=True)

    response = client.post(
        url,
        {
            "held_on": "2025-10-14",
            "module": "Online violence",
            "trainer": "Training team",
            f"people_{types['police']}": "4",
            f"people_{types['csw']}": "3",
            f"people_{types['court']}": "",
        },
    )
    assert response.status_code == 302
    page = text_of(client.get(f"/partners/{partnership}"))
    assert "Online violence" in page and "Training team" in page
    assert "Kosovo Police (regional station): 4" in page
    assert "Centre for Social Work: 3" in page
    assert "Training recorded" in page

    with app.app_context():
        training = db.session.scalars(select(Training)).one()
        training_id, version = training.id, training.version
    edit = f"/partners/{partnership}/trainings/{training_id}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert 'value="Online violence"' in form and re.search(r'value="4"', form)
    client.post(
        edit,
        {
            "held_on": "2025-10-14",
            "module": "Online violence (module 1)",
            "trainer": "Training team",
            f"people_{types['police']}": "5",
            "version": str(version),
        },
    )
    page = text_of(client.get(f"/partners/{partnership}"))
    assert "Online violence (module 1)" in page
    assert "Training corrected" in page
    assert "Module: Online violence → Online violence (module 1)" in page
    assert "police 4" in page and "police 5" in page


def test_a_training_saved_meanwhile_is_shown_not_overwritten(
    app, client, staff, network, make_partnership
) -> None:
    partnership = make_partnership(network, "FKO", PartnershipStage.BRIEFING_HELD)
    with app.test_request_context():
        p = db.session.get(Partnership, partnership)
        training = activities.record_training(
            p, held_on=date(2025, 10, 1), module="Original", participants={}
        )
        db.session.commit()
        opened_on = training.version
        activities.update_training(
            training,
            p,
            version=opened_on,
            held_on=date(2025, 10, 1),
            module="Saved by a colleague",
            participants={},
        )
        db.session.commit()
        training_id = training.id
    edit = f"/partners/{partnership}/trainings/{training_id}/edit"
    form = {"held_on": "2025-10-01", "module": "My version", "version": str(opened_on)}
    response = client.post(edit, form)
    page = text_of(response)
    assert response.status_code == 409
    assert "Someone else saved this record" in page
    assert "The version saved meanwhile" in page and "Saved by a colleague" in page
    assert 'value="My version"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Training, training_id).module == "Saved by a colleague"
    # Having seen it, she saves deliberately: the form now carries the stored version.
    current = re.search(r'name="version" type="hidden" value="(\d+)"', response.text)
    assert current and int(current.group(1)) == opened_on + 1
    assert client.post(edit, {**form, "version": current.group(1)}).status_code == 302
    with app.app_context():
        assert db.session.get(Training, training_id).module == "My version"


def test_recording_a_needs_assessment(app, client, staff, network, make_partnership) -> None:
    partnership = make_partnership(network, "FKO", PartnershipStage.MOU_SIGNED)
    url = f"/partners/{partnership}/assessments/new"
    assert "Technology-facilitated violence" in text_of(client.get(url))
    form = {"assessed_on": "2025-08-26", "summary": "Good will"}
    for n, area in enumerate(AssessmentArea):
        form[f"score_{area.value}"] = str(n % 5 + 1)
        form[f"findings_{area.value}"] = f"Findings {n}"
    missing = client.post(url, {**form, "score_case_management": ""})
    assert missing.status_code == 200
    assert "Choose a score from 1 to 5." in text_of(missing)
    assert "Findings 3" in text_of(missing)
    forged = client.post(url, {**form, "score_case_management": "9"})
    assert "Choose a score from 1 to 5." in text_of(forged)
    assert client.post(url, form).status_code == 302
    page = text_of(client.get(f"/partners/{partnership}"))
    assert "Latest assessment: Aug 26, 2025." in page
    assert "Needs assessment recorded" in page
    link = re.search(
        r'href="(/partners/\d+/assessments/\d+)"', client.get(f"/partners/{partnership}").text
    )
    assert link
    findings = text_of(client.get(link.group(1)))
    assert "Technology-facilitated violence 6" not in findings
    assert "Findings 5" in findings and "Good will" in findings


def test_recording_and_correcting_follow_up_support(
    app, client, staff, network, make_partnership
) -> None:
    partnership = make_partnership(network, "FKO", PartnershipStage.MOU_SIGNED)
    url = f"/partners/{partnership}/support/new"
    empty = client.post(url, {"given_on": "2025-11-18", "description": ""})
    assert "Please fill in this field." in text_of(empty)
    assert client.post(url, {"given_on": "2025-11-18", "description": "Call"}).status_code == 302
    detail = client.get(f"/partners/{partnership}").text
    edit = re.search(r'href="(/partners/\d+/support/\d+/edit)"', detail)
    assert edit
    client.post(edit.group(1), {"given_on": "2025-11-19", "description": "Call", "version": "1"})
    page = text_of(client.get(f"/partners/{partnership}"))
    assert "Nov 19, 2025 — Call" in page
    assert "Follow-up support corrected (Date: Nov 18, 2025 → Nov 19, 2025)" in page


def test_administrators_add_organisations_and_their_observers(app, client, make_user) -> None:
    observer = make_user("observer", None, email="new.staff@test.example.org")
    client.login_user(make_user("administrator", None))
    response = client.post("/partners/organisations", {"name": "Rights Centre"})
    assert response.status_code == 302
    page_url = response.headers["Location"]
    twice = client.post("/partners/organisations", {"name": "rights centre"})
    assert "There is already an organisation with this name." in text_of(twice)
    assert "new.staff@test.example.org" in text_of(client.get(page_url))
    client.post(f"{page_url}/members", {"user": str(observer)})
    page = text_of(client.get(page_url))
    assert "new.staff@test.example.org Remove" in page
    assert "Observer added to a partner organisation (E-mail address: new.staff@" in page
    assert "Partner organisation added (Name: Rights Centre)" in page
    refused = client.post(f"{page_url}/members", {"user": "abc"})
    assert "Only observers can work for a partner organisation." in text_of(refused)
    renamed = client.post(page_url, {"name": "Rights Centre Kosovo", "version": "1"})
    assert renamed.status_code == 302
    stale = client.post(page_url, {"name": "Other name", "version": "1"})
    assert "Someone else saved this record" in text_of(stale)
    assert 'value="Other name"' in stale.text

    member = re.search(
        r'action="(/partners/organisations/\d+/members/\d+/remove)"', client.get(page_url).text
    )
    assert member
    other = type(client)(app)
    other.login_user(observer)
    assert other.get("/partners/new").status_code == 200
    client.post(member.group(1))
    assert other.get("/partners/new").status_code == 403
    listing = text_of(client.get("/partners/organisations"))
    assert "Rights Centre Kosovo 0 0" in listing


def test_partner_pages_use_a_constant_number_of_queries(
    app, client, staff, network, make_partnership, count_queries
) -> None:
    partnership = make_partnership(network, "FKO", PartnershipStage.BRIEFING_HELD)
    types = _type_ids(app)

    def add(n: int, codes: tuple[str, ...]) -> None:
        """n more trainings, support entries and assessments, and partnerships with codes."""
        with app.test_request_context():
            p = db.session.get(Partnership, partnership)
            for k in range(n):
                activities.record_training(
                    p,
                    held_on=date(2025, 10, 1 + k),
                    module=f"Module {k}",
                    participants={types["police"]: k + 1, types["csw"]: 2, types["court"]: 1},
                )
                activities.record_support(p, date(2025, 11, 1 + k), f"Support {k}")
                activities.record_assessment(
                    p, date(2025, 9, 1 + k), {a: (3, "f") for a in AssessmentArea}
                )
            for code in codes:
                partners.start_partnership(p.organisation, mechanism_by_code(code))
            db.session.commit()

    add(1, ())
    urls = ["/partners/", f"/partners/{partnership}"]
    for url in urls:
        client.get(url)
    with count_queries() as few:
        for url in urls:
            client.get(url)
    add(8, ("PEJ", "LIP", "POD", "FER", "GJI"))
    with app.test_request_context():
        p = db.session.get(Partnership, partnership)
        for stage in (PartnershipStage.AGREED_IN_PRINCIPLE, PartnershipStage.COLLECTING_SIGNATURES):
            partners.record_step(p, stage, date(2025, 6, 1))
        db.session.commit()
    with count_queries() as many:
        pages = [text_of(client.get(url)) for url in urls]
    assert "Module 7" in pages[1] and "Support 7" in pages[1]
    assert "Gjilan" in pages[0]
    assert len(many) == len(few)


@pytest.mark.parametrize(("language", "municipality"), [("sq", "Ferizaj"), ("sr", "Uroševac")])
def test_partner_pages_speak_albanian_and_serbian(
    client, staff, network, make_partnership, language, municipality
) -> None:
    partnership = make_partnership(network, "FER", PartnershipStage.BRIEFING_HELD)
    client.post("/language", {"language": language, "next": "/"})
    for url in (
        "/partners/",
        f"/partners/{partnership}",
        f"/partners/{partnership}/step",
        f"/partners/{partnership}/trainings/new",
        f"/partners/{partnership}/assessments/new",
        f"/partners/{partnership}/support/new",
        "/overview/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{"sr-Latn" if language == "sr" else "sq"}">' in response.text
        assert municipality in text_of(response), url
