"""No Nu HTML checker errors on the pages of engagement certificates and /mitmachen,
including the request form with errors and a filter refused."""

from __future__ import annotations

from tests.engagementcert.pages import REQUEST_FORM_ERROR, make_states
from tests.test_html_validity import nu_errors, skip_without_checker


def test_pages_have_no_nu_checker_errors(
    app, make_user, make_organisation, make_process, make_partner, tmp_path
):
    skip_without_checker()
    paths, people = make_states(make_user, make_organisation, make_process, make_partner)
    pages = {}
    for who, wanted in paths.items():
        client = app.test_client()
        if who is not None:
            client.login(who)
        for path in wanted:
            pages[path] = client.get(path).get_data(as_text=True)
    client = app.test_client()
    client.login(people["volunteer"])
    refused = client.post_form(
        "/konto/engagement-nachweise/neu",
        {**REQUEST_FORM_ERROR, "organisation": str(people["organisation"].id)},
    )
    assert refused.status_code == 422
    pages["request (errors)"] = refused.get_data(as_text=True)
    errors = nu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors[:40])
