"""No Nu HTML checker (vnu) errors on the exchange's pages: the list, an opportunity (as
visitor, with the interest form and with its errors), the resident's page, the
organisation's inbox, form (with errors) and opportunity page, the office's figures."""

from __future__ import annotations

from participation.volunteering import listing, searches, services
from tests.test_html_validity import nu_errors, skip_without_checker


def _pages(app, make_user, make_opportunity, org_member) -> dict[str, str]:
    made = make_opportunity()
    resident = make_user()
    other = make_opportunity(title="Zweites Engagement", district_code="")
    services.express_interest(actor=resident, opportunity=other, message="Gern.", consent=True)
    searches.save(actor=resident, filters=listing.Filters(bezirk="10", q="garten"))
    visitor, person, member, office = (app.test_client() for _ in range(4))
    person.login(resident)
    member.login(org_member)
    office.login(make_user("coordinator"))
    base = f"/netzwerk/partner/{made.organisation.slug}/engagement"
    return {
        "list": visitor.get("/engagement?bezirk=10&q=lese").get_data(as_text=True),
        "list (resident)": person.get("/engagement").get_data(as_text=True),
        "detail": visitor.get(f"/engagement/{made.id}").get_data(as_text=True),
        "detail (form)": person.get(f"/engagement/{made.id}").get_data(as_text=True),
        "detail (errors)": person.post_form(
            f"/engagement/{made.id}/interesse", {"message": "x" * 1001}
        ).get_data(as_text=True),
        "mine": person.get("/konto/engagement").get_data(as_text=True),
        "inbox": member.get(base).get_data(as_text=True),
        "new": member.get(f"{base}/neu").get_data(as_text=True),
        "new (errors)": member.post_form(f"{base}/neu", {"title": "", "tasks": "x"}).get_data(
            as_text=True
        ),
        "opportunity (org)": member.get(f"{base}/{made.id}").get_data(as_text=True),
        "edit": member.get(f"{base}/{made.id}/bearbeiten").get_data(as_text=True),
        "figures": office.get("/verwaltung/engagement").get_data(as_text=True),
    }


def test_volunteering_pages_have_no_nu_checker_errors(
    app, make_user, make_opportunity, org_member, tmp_path
):
    skip_without_checker()
    errors = nu_errors(_pages(app, make_user, make_opportunity, org_member), tmp_path)
    assert errors == [], "\n".join(errors[:40])
