"""The library and the checklists in Chromium: zero axe violations on every new page (with
and without form errors), ticking with htmx and without JavaScript."""

from __future__ import annotations

import pytest

from participation.workaids import checklists, library
from participation.workaids.library import VersionInput
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def prepared(make_aid, make_process, make_user, office):
    guide = make_aid("Leitfaden Werkstatt", pdf=True, audiences=("residents",))
    library.add_version(
        actor=office, aid=guide, version=VersionInput(body_markdown="## Neu\n\n- Punkt")
    )
    template = make_aid("Checkliste Start", kind="checklist", items=("Früh informieren", "Budget"))
    manager = make_user("district_manager", district="10")
    draft = make_process("Spielstraße", district="10", publish=False)
    attached = checklists.attach(actor=manager, process=draft, work_aid_id=template.id)
    checklists.tick(actor=manager, process=draft, item=attached.items[0], done=True, note="ok")
    make_aid("Checkliste Zwei", kind="checklist", items=("Eins",))
    return guide, draft, manager


def _check(page, paths) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    return problems


def test_new_pages_have_no_axe_violations(page, prepared, office):
    guide, draft, manager = prepared
    public = [
        "/arbeitshilfen",
        "/arbeitshilfen?art=checklist&zielgruppe=residents",
        f"/arbeitshilfen/{guide.slug}",
        f"/arbeitshilfen/{guide.slug}/fassungen/1",
        f"/arbeitshilfen/{guide.slug}/fassungen/2",
    ]
    problems = _check(page, public)
    sign_in(page, office.email)
    problems += _check(
        page,
        [
            "/verwaltung",
            "/verwaltung/arbeitshilfen",
            "/verwaltung/arbeitshilfen/neu",
            f"/verwaltung/arbeitshilfen/{guide.slug}/bearbeiten",
            f"/verwaltung/arbeitshilfen/{guide.slug}/neue-fassung",
            f"/verwaltung/verfahren/{draft.slug}/checklisten",
            f"/verwaltung/verfahren/{draft.slug}/ablauf",
        ],
    )
    # A form with errors.
    page.goto("/verwaltung/arbeitshilfen/neu")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    problems += [f"errors: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)


def test_ticking_works_with_htmx(page, prepared):
    _guide, draft, manager = prepared
    sign_in(page, manager.email)
    page.goto(f"/verwaltung/verfahren/{draft.slug}/checklisten")
    item = page.locator(".checklist-item").nth(1)
    item.get_by_label("Notiz (freiwillig)").fill("Budget steht")
    with page.expect_response(lambda r: "/punkte/" in r.url):
        item.locator("button[value='1']").click()
    page.locator(".checklist-item").nth(1).locator("button[value='0']").wait_for()
    assert "Abgehakt von" in page.locator(".checklist-item").nth(1).inner_text()
    assert page.locator("h1").count() == 1  # swapped in place, not a new page


def test_ticking_and_the_library_work_without_javascript(page_no_js, prepared):
    guide, draft, manager = prepared
    page = page_no_js
    for path in ("/arbeitshilfen", f"/arbeitshilfen/{guide.slug}"):
        assert page.goto(path).status == 200
        assert page.locator("h1").count() == 1
    page.goto("/arbeitshilfen")
    page.get_by_label("Art").select_option("checklist")
    page.get_by_role("button", name="Anzeigen").click()
    assert "Checkliste Start" in page.content() and "Leitfaden Werkstatt" not in page.content()
    sign_in(page, manager.email)
    page.goto(f"/verwaltung/verfahren/{draft.slug}/checklisten")
    page.locator(".checklist-item").nth(1).locator("button[value='1']").click()
    page.wait_for_load_state()
    assert "Die Checkliste ist gespeichert" in page.content()
    assert page.locator(".checklist-item").nth(1).locator("button[value='0']").count() == 1
    page.locator(".checklist-item").nth(0).locator("button[value='0']").click()
    page.wait_for_load_state()
    assert "Haken entfernt" in page.content()
