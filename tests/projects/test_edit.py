"""Staff edit processes at /verwaltung/verfahren/<slug>/bearbeiten (service and plain form)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from participation.core.errors import Forbidden, Invalid
from participation.projects import services
from participation.projects.models import ProposalCategory
from participation.projects.services import PhaseInput
from tests.projects.images import image_bytes, post_form_with_file, stored_files

ALT = "Der Platz von oben"


def edit_path(process) -> str:
    return f"/verwaltung/verfahren/{process.slug}/bearbeiten"


def form_values(client, process) -> dict:
    """What the edit form holds, as a browser would send it back unchanged."""
    from tests.harness.forms import field_values

    html = client.get(edit_path(process)).get_data(as_text=True)
    values = field_values(html, edit_path(process))
    values.pop("remove_image", None)  # an unchecked box is not sent
    values.pop("image", None)
    return values


@pytest.fixture
def process(make_process):
    return make_process(
        "Spielplätze Linden",
        district="10",
        publish=False,
        description_markdown="Alter **Text**",
        council_documents=("1234/2026", "0042/2025"),
        links=(("Lageplan", "https://example.org/plan.pdf"),),
        categories=("Grün", "Sitzen", "Wasser"),
        phases=(
            PhaseInput("information", date(2026, 10, 1), date(2026, 10, 31)),
            PhaseInput("dialogue", date(2026, 11, 1), date(2026, 12, 15)),
        ),
    )


def test_the_form_is_filled_from_the_process(client, make_user, process):
    client.login(make_user("district_manager", district="10"))
    response = client.get(edit_path(process))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    values = form_values(client, process)
    assert values["title"] == "Spielplätze Linden"
    assert values["district"] == "10" and values["action_field"] == "wohnen"
    assert values["description_markdown"] == "Alter **Text**"
    assert values["council_documents"].splitlines() == ["0042/2025", "1234/2026"]
    assert values["links"] == "Lageplan | https://example.org/plan.pdf"
    assert values["categories"].splitlines() == ["Grün", "Sitzen", "Wasser"]
    assert values["phase_information_starts_on"] == "2026-10-01"
    assert values["phase_dialogue_ends_on"] == "2026-12-15"
    assert values["phase_evaluation_starts_on"] == ""
    assert values["scope_for_influence"] == "Die Gestaltung im Einzelnen."


def test_saving_changes_keeps_the_slug_and_kept_rows(client, make_user, process, db):
    client.login(make_user("district_manager", district="10"))
    kept_category = {c.name: c.id for c in process.categories}["Grün"]
    kept_document = {d.number: d.id for d in process.council_documents}["1234/2026"]
    values = form_values(client, process)
    values.update(
        title="Spielplätze in Linden-Süd",
        description_markdown="Neuer *Text* <script>alert(1)</script>",
        categories="Schatten\nGrün",
        council_documents="1234/2026\n0007/2026",
        phase_information_starts_on="",
        phase_information_ends_on="",
        phase_evaluation_starts_on="2026-12-16",
        phase_evaluation_ends_on="2027-01-31",
    )
    response = client.post_form(edit_path(process), values)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/verfahren/{process.slug}")
    db.session.expire_all()
    assert process.title == "Spielplätze in Linden-Süd"
    assert process.slug == "spielplatze-linden"
    assert (
        process.description_html
        == "<p>Neuer <em>Text</em> &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert [c.name for c in process.categories] == ["Schatten", "Grün"]
    assert {c.name: c.id for c in process.categories}["Grün"] == kept_category
    assert {d.number: d.id for d in process.council_documents}["1234/2026"] == kept_document
    assert sorted(d.number for d in process.council_documents) == ["0007/2026", "1234/2026"]
    assert [p.kind for p in process.phases] == ["dialogue", "evaluation"]
    names = db.session.scalars(select(ProposalCategory.name)).all()
    assert sorted(names) == ["Grün", "Schatten"], "removed categories are deleted"
    page = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert "Die Änderungen sind gespeichert." in page and "Spielplätze in Linden-Süd" in page


def test_errors_keep_the_input_and_change_nothing(client, make_user, process, db):
    client.login(make_user("coordinator"))
    values = form_values(client, process)
    values.update(title="Neuer Titel", council_documents="123/2026")
    response = client.post_form(edit_path(process), values)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="council_documents-error"' in html and 'value="Neuer Titel"' in html
    db.session.expire_all()
    assert process.title == "Spielplätze Linden"


@pytest.mark.parametrize(
    "role, district, status",
    [
        ("district_manager", "10", 200),
        ("coordinator", None, 200),
        ("admin", None, 200),
        ("district_manager", "01", 404),
        ("resident", None, 403),
        ("partner_member", None, 403),
    ],
)
def test_who_may_edit(client, make_user, process, role, district, status):
    client.login(make_user(role, district=district))
    assert client.get(edit_path(process)).status_code == status
    values = {"title": "Übernommen?", "summary": "x", "district": "10", "action_field": "wohnen"}
    response = client.post_form(edit_path(process), values)
    assert response.status_code == (303 if status == 200 else status)


def test_visitors_are_sent_to_sign_in(client, process):
    response = client.get(edit_path(process))
    assert response.status_code == 302 and "/anmelden?next=" in response.headers["Location"]


def test_a_district_manager_cannot_move_a_process_out_of_their_district(
    client, make_user, process, db
):
    client.login(make_user("district_manager", district="10"))
    values = {**form_values(client, process), "district": "01"}
    response = client.post_form(edit_path(process), values)
    assert response.status_code == 422 and 'id="district-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert process.district.code == "10"


def test_the_service_checks_permission_and_the_target_district(make_user, process):
    arguments = {"title": "Neu", "summary": "s", "action_field_slug": "wohnen"}
    manager = make_user("district_manager", district="10")
    with pytest.raises(Forbidden):
        services.update_process(
            actor=make_user("district_manager", district="01"),
            process=process,
            district_code="10",
            **arguments,
        )
    with pytest.raises(Forbidden):
        services.update_process(actor=manager, process=process, district_code="01", **arguments)
    with pytest.raises(Forbidden):
        services.update_process(actor=manager, process=process, district_code=None, **arguments)
    assert process.district.code == "10"


def test_edit_shares_the_checks_of_create(make_user, process):
    with pytest.raises(Invalid) as refusal:
        services.update_process(
            actor=make_user("coordinator"),
            process=process,
            title="Neu",
            summary="s",
            action_field_slug="wohnen",
            district_code="10",
            phases=(
                PhaseInput("dialogue", date(2026, 11, 1), date(2026, 11, 30)),
                PhaseInput("evaluation", date(2026, 11, 30), date(2026, 12, 31)),
            ),
        )
    assert refusal.value.field == "phases"


def test_images_are_added_replaced_and_removed_with_their_files(
    app, client, make_user, process, db
):
    client.login(make_user("coordinator"))
    values = form_values(client, process)
    first = post_form_with_file(
        client,
        edit_path(process),
        {**values, "image_alt": ALT},
        (image_bytes(), "a.jpg", "image/jpeg"),
    )
    assert first.status_code == 303
    db.session.expire_all()
    old_name = process.image_filename
    assert [p.name for p in stored_files(app)] == [old_name]

    # The edit form shows the image, its alt text, and the box to remove it.
    html = client.get(edit_path(process)).get_data(as_text=True)
    assert f'src="/medien/{old_name}" alt="{ALT}"' in html and 'name="remove_image"' in html

    # Keeping the image needs its alt text too.
    values = form_values(client, process)
    refused = client.post_form(edit_path(process), {**values, "image_alt": ""})
    assert refused.status_code == 422 and 'id="image_alt-error"' in refused.get_data(as_text=True)

    replaced = post_form_with_file(
        client, edit_path(process), values, (image_bytes("PNG"), "b.png", "image/png")
    )
    assert replaced.status_code == 303
    db.session.expire_all()
    new_name = process.image_filename
    assert new_name != old_name and new_name.endswith(".png")
    assert [p.name for p in stored_files(app)] == [new_name], "the old file is deleted"

    removed = client.post_form(edit_path(process), {**values, "remove_image": "y"})
    assert removed.status_code == 303
    db.session.expire_all()
    assert process.image_filename is None and process.image_alt == ""
    assert stored_files(app) == []
    assert client.get(f"/medien/{new_name}").status_code == 404


def test_a_refused_image_on_edit_keeps_the_old_one(app, client, make_user, process, db):
    client.login(make_user("coordinator"))
    values = {**form_values(client, process), "image_alt": ALT}
    post_form_with_file(client, edit_path(process), values, (image_bytes(), "a.jpg", "image/jpeg"))
    db.session.expire_all()
    name = process.image_filename
    response = post_form_with_file(
        client, edit_path(process), values, (b"kein Bild", "b.jpg", "image/jpeg")
    )
    assert response.status_code == 422 and 'id="image-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert process.image_filename == name
    assert [p.name for p in stored_files(app)] == [name]


def test_a_failed_commit_leaves_no_new_file(app, make_user, process, db, monkeypatch):
    from io import BytesIO

    coordinator = make_user("coordinator")

    def fail():
        raise RuntimeError("database gone")

    monkeypatch.setattr(db.session, "commit", fail)
    with pytest.raises(RuntimeError):
        services.update_process(
            actor=coordinator,
            process=process,
            title="Neu",
            summary="s",
            action_field_slug="wohnen",
            district_code="10",
            image=BytesIO(image_bytes()),
            image_alt=ALT,
        )
    assert stored_files(app) == []


def test_staff_list_and_process_page_link_to_the_edit_form(client, make_user, process):
    client.login(make_user("district_manager", district="10"))
    listing = client.get("/verwaltung/verfahren").get_data(as_text=True)
    assert f'href="{edit_path(process)}"' in listing
    page = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert f'href="{edit_path(process)}"' in page
    client.logout()
    client.login(make_user("district_manager", district="01"))
    assert edit_path(process) not in client.get("/verwaltung/verfahren").get_data(as_text=True)


def test_published_processes_link_to_edit_only_for_their_staff(client, make_user, make_process):
    public = make_process("Öffentlich", district="10")
    assert edit_path(public) not in client.get(f"/verfahren/{public.slug}").get_data(as_text=True)
    client.login(make_user("district_manager", district="01"))
    assert edit_path(public) not in client.get(f"/verfahren/{public.slug}").get_data(as_text=True)
    assert (
        re.search("Bearbeiten", client.get("/verwaltung/verfahren").get_data(as_text=True)) is None
    )


def test_a_refused_image_leaves_the_process_untouched(make_user, process, db):
    from io import BytesIO

    with pytest.raises(Invalid) as refusal:
        services.update_process(
            actor=make_user("coordinator"),
            process=process,
            title="Sollte nicht ankommen",
            summary="s",
            action_field_slug="wohnen",
            district_code="10",
            image=BytesIO(b"kein Bild"),
            image_alt=ALT,
        )
    assert refusal.value.field == "image"
    assert process.title == "Spielplätze Linden" and not db.session.dirty
