"""No Nu HTML checker (vnu) errors on the fund's pages, with and without form errors."""

from __future__ import annotations

from io import BytesIO

from participation.fund import decisions, jury
from tests.fund.factories import close_call, fund_application, fund_call
from tests.test_html_validity import nu_errors, skip_without_checker
from tests.workaids.files import HTML_AS_PDF


def _pages(app, fund, make_user) -> dict[str, str]:
    member = fund.applicant.contact
    own = fund_application(fund.other.contact, fund.call, fund.other.organisation)
    submitted = fund_application(member, fund.call, fund.applicant.organisation)
    jury.submit_review(
        actor=fund.juror,
        application=submitted,
        values={c.id: 4 for c in fund.call.criteria},
        comment="Gut",
    )
    later = fund_call(fund.office, title="Nächste Runde")
    draft = fund_application(member, later, fund.applicant.organisation, submit=False)
    close_call(fund.call)
    decisions.decide(actor=fund.office, application=own, approve=True, amount_cents=50000)
    visitor, office, juror, applicant = (app.test_client() for _ in range(4))
    office.sign_in(fund.office)
    juror.sign_in(fund.juror)
    applicant.sign_in(member)
    other_member = app.test_client()
    other_member.sign_in(fund.other.contact)
    call, jury_page = f"/foerderfonds/{fund.call.id}", f"/verwaltung/foerderfonds/{fund.call.id}"
    pages = {
        "index": visitor.get("/foerderfonds"),
        "call": visitor.get(call),
        "funded": visitor.get(f"/foerderfonds/antraege/{own.id}"),
        "apply (errors)": applicant.post_form(
            f"/foerderfonds/{later.id}/antrag",
            {"title": "", "requested": "viel", "document_title": "x"},
            content_type="multipart/form-data",
        ),
        "draft": applicant.get(f"/foerderfonds/antraege/{draft.id}"),
        "edit (errors)": applicant.post_form(
            f"/foerderfonds/antraege/{draft.id}/bearbeiten",
            {
                "title": "T",
                "description": "D",
                "recognition": "R",
                "cost_plan": "Essen; 100",
                "requested": "50",
                "document_title": "Angebot",
                "document": (BytesIO(HTML_AS_PDF), "x.pdf", "application/pdf"),
            },
            content_type="multipart/form-data",
        ),
        "report": other_member.get(f"/foerderfonds/antraege/{own.id}/bericht"),
        "staff index": office.get("/verwaltung/foerderfonds"),
        "new (errors)": office.post_form(
            "/verwaltung/foerderfonds/neu", {"title": "", "criteria": "x; 9"}
        ),
        "staff detail": office.get(jury_page),
        "jury": juror.get(f"{jury_page}/jury"),
        "review (scored)": juror.get(f"{jury_page}/jury/{submitted.id}"),
        "review (form)": office.get(f"{jury_page}/jury/{submitted.id}"),
    }
    for label, response in pages.items():
        assert response.status_code in (200, 422), (label, response.status_code)
    return {label: response.get_data(as_text=True) for label, response in pages.items()}


def test_fund_pages_have_no_nu_checker_errors(app, fund, make_user, tmp_path):
    skip_without_checker()
    pages = _pages(app, fund, make_user)
    errors = nu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors[:40])
