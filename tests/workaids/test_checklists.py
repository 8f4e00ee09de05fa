"""Process checklists: attached by the district's staff, ticked and unticked with a record
(plain form and htmx), shown on the review page beside the review's own checklist."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.coordination.services import advance_to
from participation.core.errors import Conflict, NotFound
from participation.extensions import db
from participation.workaids import checklists
from participation.workaids.models import ChecklistTick, ProcessChecklist, ProcessChecklistItem

ITEMS = ("Vorhabenliste", "Bezirksrat informiert", "Einfache Sprache")


@pytest.fixture
def template(make_aid):
    return make_aid("Frühzeitig informieren", kind="checklist", items=ITEMS, public=False)


@pytest.fixture
def draft(make_process):
    return make_process("Spielplatz Fössestraße", district="10", publish=False)


@pytest.fixture
def manager(make_user):
    return make_user("district_manager", district="10")


@pytest.fixture
def attached(draft, template, manager):
    return checklists.attach(actor=manager, process=draft, work_aid_id=template.id)


def _page(slug: str) -> str:
    return f"/verwaltung/verfahren/{slug}/checklisten"


def test_the_district_manager_attaches_a_checklist_through_the_form(
    app, client, draft, template, manager
):
    client.sign_in(manager)
    page = client.get(_page(draft.slug)).get_data(as_text=True)
    assert "Frühzeitig informieren" in page and "noch keine Checkliste" in page
    response = client.post_form(_page(draft.slug), {"work_aid": str(template.id)})
    assert response.status_code == 303
    (checklist,) = checklists.checklists_of(draft)
    assert [item.text for item in checklist.items] == list(ITEMS)
    assert checklist.attached_by_id == manager.id
    # Twice is refused; a template that is no checklist is refused next to the field.
    again = client.post_form(_page(draft.slug), {"work_aid": str(template.id)})
    assert again.status_code == 409 and "schon zugeordnet" in again.get_data(as_text=True)
    wrong = client.post_form(_page(draft.slug), {"work_aid": "999999"})
    assert wrong.status_code == 422
    assert db.session.scalar(select(func.count(ProcessChecklist.id))) == 1


def test_a_changed_template_leaves_checklists_in_use_as_they_were(
    app, draft, attached, template, office
):
    from participation.workaids import library
    from participation.workaids.library import WorkAidInput

    library.update_work_aid(
        actor=office,
        aid=template,
        data=WorkAidInput(title="Neu", kind="checklist", items=("Ganz anders",)),
    )
    db.session.expire_all()
    (checklist,) = checklists.checklists_of(draft)
    assert [item.text for item in checklist.items] == list(ITEMS)


def test_ticking_records_who_when_and_the_note_and_unticking_too(
    app, client, draft, attached, manager
):
    client.sign_in(manager)
    item = attached.items[0]
    path = f"{_page(draft.slug)}/punkte/{item.id}"
    prefix = f"punkt{item.id}"
    response = client.post_form(path, {f"{prefix}-done": "1", f"{prefix}-note": "Aushang hängt."})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#punkt-{item.id}")
    db.session.expire_all()
    item = db.session.get(ProcessChecklistItem, item.id)
    assert item.done and item.done_by_id == manager.id and item.note == "Aushang hängt."
    assert item.done_at is not None
    # The same click again records nothing; unticking is recorded.
    client.post_form(path, {f"{prefix}-done": "1", f"{prefix}-note": "Aushang hängt."})
    client.post_form(path, {f"{prefix}-done": "0", f"{prefix}-note": ""})
    db.session.expire_all()
    item = db.session.get(ProcessChecklistItem, item.id)
    assert not item.done and item.done_by_id is None
    ticks = db.session.scalars(select(ChecklistTick).order_by(ChecklistTick.id)).all()
    assert [(t.done, t.note, t.actor_id) for t in ticks] == [
        (True, "Aushang hängt.", manager.id),
        (False, "", manager.id),
    ]
    page = client.get(_page(draft.slug)).get_data(as_text=True)
    assert "Haken entfernt" in page and "abgehakt" in page


def test_htmx_gets_the_item_back_and_errors_stay_next_to_the_note(
    app, htmx_client, draft, attached, manager
):
    htmx_client.login(manager)
    item = attached.items[1]
    path = f"{_page(draft.slug)}/punkte/{item.id}"
    prefix = f"punkt{item.id}"
    token = htmx_client.client.csrf_token()
    response = htmx_client.post(
        path, {"csrf_token": token, f"{prefix}-done": "1", f"{prefix}-note": "Erledigt"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.startswith('<li id="punkt-') and "Haken entfernen" in body and "<html" not in body
    too_long = htmx_client.post(
        path, {"csrf_token": token, f"{prefix}-done": "1", f"{prefix}-note": "x" * 501}
    )
    assert too_long.status_code == 422
    assert f'id="{prefix}-note-error"' in too_long.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ChecklistTick.id))) == 1


def test_without_javascript_a_refused_note_is_shown_on_the_page(
    app, client, draft, attached, manager
):
    client.sign_in(manager)
    item = attached.items[0]
    prefix = f"punkt{item.id}"
    response = client.post_form(
        f"{_page(draft.slug)}/punkte/{item.id}",
        {f"{prefix}-done": "1", f"{prefix}-note": "y" * 501},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{prefix}-note-error"' in page and "y" * 501 in page


@pytest.mark.parametrize("role", ["resident", "other_manager", "council_member"])
def test_others_cannot_see_or_tick(app, client, make_user, draft, attached, role):
    user = {
        "resident": lambda: make_user("resident"),
        "other_manager": lambda: make_user("district_manager", district="01"),
        "council_member": lambda: make_user("council_member", district="10"),
    }[role]()
    client.sign_in(user)
    item = attached.items[0]
    assert client.get(_page(draft.slug)).status_code in (403, 404)
    response = client.post_form(
        f"{_page(draft.slug)}/punkte/{item.id}", {f"punkt{item.id}-done": "1"}
    )
    assert response.status_code in (403, 404)
    assert db.session.scalar(select(func.count(ChecklistTick.id))) == 0


def test_an_item_of_another_process_is_a_404(app, make_process, attached, manager, office):
    other = make_process("Anderes Verfahren", district="10", publish=False)
    with pytest.raises(NotFound):
        checklists.get_item(actor=manager, process=other, item_id=attached.items[0].id)


def test_an_archived_process_keeps_its_checklists_as_they_are(app, draft, attached, office):
    draft.status = "archived"
    db.session.commit()
    with pytest.raises(Conflict):
        checklists.tick(actor=office, process=draft, item=attached.items[0], done=True)


def test_the_review_page_shows_the_state_beside_the_review_checklist(
    app, client, draft, attached, manager, office
):
    checklists.tick(actor=manager, process=draft, item=attached.items[0], done=True, note="ok")
    advance_to(actor=office, process=draft, status="in_review")
    client.sign_in(office)
    page = client.get(f"/verwaltung/verfahren/{draft.slug}/ablauf").get_data(as_text=True)
    assert "Vorbereitung: Checklisten" in page
    assert "1 von 3 erledigt" in page and "Notiz: ok" in page
    # The review's own checklist is still the gate for approval.
    assert "Prüfliste nach den Leitlinien" in page
    assert page.index("Prüfliste nach den Leitlinien") < page.index("Vorbereitung: Checklisten")
    assert f"/verwaltung/verfahren/{draft.slug}/checklisten" in page


def test_ticks_are_in_the_staff_members_data_export(app, draft, attached, manager):
    from participation.privacy.export import rows_of
    from participation.privacy.registry import SOURCES_BY_KEY

    checklists.tick(actor=manager, process=draft, item=attached.items[0], done=True, note="ok")
    ticks = list(rows_of(SOURCES_BY_KEY["checklist_tick"], manager.id))
    assert [(row["done"], row["note"]) for row in ticks] == [(True, "ok")]
    assert len(list(rows_of(SOURCES_BY_KEY["process_checklist"], manager.id))) == 1
