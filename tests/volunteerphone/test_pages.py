"""Nu-valid HTML on every page of the volunteer phone, and zero axe violations in Chromium
on the public page (also with form errors) and the staff pages; the callback form works
without JavaScript."""

from __future__ import annotations

import pytest

from participation.volunteerphone import services
from tests.browser.axe import axe_violations
from tests.browser.helpers import sign_in
from tests.test_html_validity import nu_errors, skip_without_checker
from tests.volunteerphone.factories import adviser, callback, weekday_hours


def _setup(office):
    """Hours, an exception, an adviser on duty, a taken and a reached callback."""
    from datetime import time

    from participation.core.clock import local_today

    weekday_hours(office, weekdays=range(7))
    services.add_exception(actor=office, day=local_today(), starts=None, ends=None, note="Feiertag")
    duty_adviser = adviser(office, office, show_name=True)
    services.add_duty(
        actor=office, adviser_id=duty_adviser.id, day=local_today(), starts=time(9), ends=time(12)
    )
    callback(first_name="Offen")
    taken = callback(first_name="Ida", phone="0511 7654321")
    services.take(actor=office, callback=taken)
    reached = callback(first_name="Ali", phone="0170 7654321")
    services.take(actor=office, callback=reached)
    services.record_attempt(actor=office, callback=reached, result="reached")
    return taken, reached


def test_the_pages_have_no_nu_checker_errors(app, make_user, tmp_path):
    skip_without_checker()
    office = make_user("coordinator")
    taken, reached = _setup(office)
    visitor, staff = app.test_client(), app.test_client()
    staff.login(office)
    bad = visitor.post_form("/freiwilligentelefon/rueckruf", {"phone": "abc"})
    base = "/verwaltung/freiwilligentelefon"
    pages = {
        "public": visitor.get("/freiwilligentelefon").get_data(as_text=True),
        "public (errors)": bad.get_data(as_text=True),
        "thanks": visitor.get("/freiwilligentelefon/rueckruf/danke").get_data(as_text=True),
        "manage": staff.get(base).get_data(as_text=True),
        "queue": staff.get(f"{base}/rueckrufe").get_data(as_text=True),
        "taken": staff.get(f"{base}/rueckrufe/{taken.id}").get_data(as_text=True),
        "reached": staff.get(f"{base}/rueckrufe/{reached.id}").get_data(as_text=True),
        "figures": staff.get(f"{base}/auswertung").get_data(as_text=True),
    }
    errors = nu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors[:40])


@pytest.mark.browser
def test_a_visitor_asks_for_a_callback_without_javascript(page_no_js):
    page = page_no_js
    page.goto("/freiwilligentelefon")
    page.get_by_label("Vorname", exact=True).fill("Ida")
    page.get_by_label("Telefonnummer").fill("12")
    page.get_by_role("button", name="Rückruf erbitten").click()
    page.wait_for_load_state()
    assert page.locator("#phone-error").is_visible()
    assert page.get_by_label("Vorname", exact=True).input_value() == "Ida"
    page.get_by_label("Telefonnummer").fill("0511 7654321")
    page.get_by_label("Ich bin einverstanden", exact=False).check()
    page.get_by_role("button", name="Rückruf erbitten").click()
    page.wait_for_load_state()
    assert page.url.endswith("/freiwilligentelefon/rueckruf/danke")


@pytest.mark.browser
def test_the_pages_have_no_axe_violations(page, make_user):
    office = make_user("coordinator")
    taken, reached = _setup(office)
    problems = []
    page.goto("/freiwilligentelefon")
    problems += [f"public: {v}" for v in axe_violations(page)]
    page.get_by_role("button", name="Rückruf erbitten").click()
    page.wait_for_load_state()
    problems += [f"public (errors): {v}" for v in axe_violations(page)]
    sign_in(page, office.email)
    base = "/verwaltung/freiwilligentelefon"
    for path in (base, f"{base}/rueckrufe", f"{base}/rueckrufe/{reached.id}"):
        page.goto(path)
        problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
