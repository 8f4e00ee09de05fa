"""No Nu HTML checker (vnu) errors on the pages of the work aids, with and without errors."""

from __future__ import annotations

from participation.workaids import checklists, library
from participation.workaids.library import VersionInput
from tests.test_html_validity import nu_errors, skip_without_checker
from tests.workaids.conftest import post_with_file
from tests.workaids.files import HTML_AS_PDF


def _pages(app, office, make_aid, make_user, make_process) -> dict[str, str]:
    guide = make_aid("Leitfaden Werkstatt", pdf=True, audiences=("residents",))
    library.add_version(actor=office, aid=guide, version=VersionInput(body_markdown="## Neu"))
    template = make_aid("Checkliste Start", kind="checklist", items=("Früh", "Budget"))
    make_aid("Checkliste Zwei", kind="checklist", items=("Eins",), public=False)
    manager = make_user("district_manager", district="10")
    draft = make_process("Spielstraße", district="10", publish=False)
    attached = checklists.attach(actor=manager, process=draft, work_aid_id=template.id)
    checklists.tick(actor=manager, process=draft, item=attached.items[0], done=True, note="ok")
    visitor, staff, district = app.test_client(), app.test_client(), app.test_client()
    staff.sign_in(office)
    district.sign_in(manager)
    item = attached.items[1]
    return {
        "library": visitor.get("/arbeitshilfen").get_data(as_text=True),
        "library (bad filter)": visitor.get("/arbeitshilfen?art=x").get_data(as_text=True),
        "aid": visitor.get(f"/arbeitshilfen/{guide.slug}").get_data(as_text=True),
        "checklist aid": visitor.get(f"/arbeitshilfen/{template.slug}").get_data(as_text=True),
        "version": visitor.get(f"/arbeitshilfen/{guide.slug}/fassungen/1").get_data(as_text=True),
        "staff index": staff.get("/verwaltung/arbeitshilfen").get_data(as_text=True),
        "new": staff.get("/verwaltung/arbeitshilfen/neu").get_data(as_text=True),
        "new (errors)": post_with_file(
            staff,
            "/verwaltung/arbeitshilfen/neu",
            {"title": "", "kind": "guide"},
            (HTML_AS_PDF, "x.pdf", "application/pdf"),
        ).get_data(as_text=True),
        "edit": staff.get(f"/verwaltung/arbeitshilfen/{guide.slug}/bearbeiten").get_data(
            as_text=True
        ),
        "new version": staff.get(f"/verwaltung/arbeitshilfen/{guide.slug}/neue-fassung").get_data(
            as_text=True
        ),
        "checklists": district.get(f"/verwaltung/verfahren/{draft.slug}/checklisten").get_data(
            as_text=True
        ),
        "checklists (errors)": district.post_form(
            f"/verwaltung/verfahren/{draft.slug}/checklisten/punkte/{item.id}",
            {f"punkt{item.id}-done": "1", f"punkt{item.id}-note": "x" * 501},
        ).get_data(as_text=True),
        "review": staff.get(f"/verwaltung/verfahren/{draft.slug}/ablauf").get_data(as_text=True),
        "dashboard": district.get("/verwaltung").get_data(as_text=True),
    }


def test_work_aid_pages_have_no_nu_checker_errors(
    app, office, make_aid, make_user, make_process, tmp_path
):
    skip_without_checker()
    pages = _pages(app, office, make_aid, make_user, make_process)
    errors = nu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors[:40])
