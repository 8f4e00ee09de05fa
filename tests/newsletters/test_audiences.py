"""The qualification's audiences (issue 19): "Politik" (council members) as a segment of
its own, the segments' labels, and a new issue prefilled from a link."""

from __future__ import annotations

import pytest

from participation.newsletters.models import AUDIENCES
from tests.newsletters.test_services import _recipients, _send


def test_a_council_member_gets_issues_for_politics_only(
    app, office, make_issue, make_subscriber, make_user
):
    council = make_subscriber(user=make_user("council_member", district="10"))
    city_council = make_subscriber(user=make_user("council_member"))
    resident = make_subscriber(user=make_user("resident"))
    staff = make_subscriber(user=make_user("district_manager", district="10"))
    partner = make_subscriber(user=make_user("partner_member"))
    without_account = make_subscriber("ohne-konto@example.org")

    to_politics = make_issue(audiences=("council",))
    assert _recipients(_send(office, to_politics)) == sorted([council.email, city_council.email])
    without_politics = make_issue(audiences=("residents", "partners", "staff"))
    assert _recipients(_send(office, without_politics)) == sorted(
        [resident.email, staff.email, partner.email, without_account.email]
    )
    staff_and_politics = make_issue(audiences=("staff", "council"))
    assert _recipients(_send(office, staff_and_politics)) == sorted(
        [council.email, city_council.email, staff.email]
    )
    everyone = make_issue(audiences=AUDIENCES)
    assert len(_recipients(_send(office, everyone))) == 6


def test_a_role_taken_away_takes_the_segment_with_it(
    app, office, make_issue, make_subscriber, make_user
):
    from participation.accounts import services as accounts

    member = make_user("council_member", district="10")
    subscriber = make_subscriber(user=member)
    accounts.revoke_role(actor=None, user=member, role="council_member", district_code="10")
    assert _recipients(_send(office, make_issue(audiences=("council",)))) == []
    assert _recipients(_send(office, make_issue(audiences=("residents",)))) == [subscriber.email]


def test_the_form_names_the_four_segments(client, office):
    client.login(office)
    html = client.get("/verwaltung/newsletter/neu").get_data(as_text=True)
    labels = _audience_labels(html)
    assert labels == {
        "residents": "Einwohner*innen",
        "partners": "Netzwerkpartner",
        "staff": "Verwaltung",
        "council": "Politik",
    }
    assert _checked(html) == set(AUDIENCES)  # a new issue goes to everyone unless changed


def _boxes(html: str, name: str):
    import html5lib

    tree = html5lib.parse(html, namespaceHTMLElements=False)
    labels = {label.get("for"): "".join(label.itertext()).strip() for label in tree.iter("label")}
    return [
        (box, labels.get(box.get("id"))) for box in tree.iter("input") if box.get("name") == name
    ]


def _checked(html: str, name: str = "audiences") -> set[str]:
    return {
        box.get("value") for box, _label in _boxes(html, name) if box.get("checked") is not None
    }


def _audience_labels(html: str) -> dict[str, str]:
    return {box.get("value"): label for box, label in _boxes(html, "audiences")}


def _field_value(html: str, name: str) -> str | None:
    import html5lib

    tree = html5lib.parse(html, namespaceHTMLElements=False)
    for element in (*tree.iter("input"), *tree.iter("textarea")):
        if element.get("name") == name:
            return element.get("value") if element.tag == "input" else (element.text or "")
    return None


def test_a_link_prefills_audiences_and_subject(client, office):
    client.login(office)
    response = client.get(
        "/verwaltung/newsletter/neu?an=verwaltung&an=politik&an=unbekannt"
        "&betreff=Neue+Fortbildung%3A+Gut+beteiligen&text=Melden+Sie+sich+an."
        "&bezirk=10&bezirk=99&handlungsfeld=gibt-es-nicht&newsletter=network"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _checked(html) == {"staff", "council"}
    assert _field_value(html, "subject") == "Neue Fortbildung: Gut beteiligen"
    assert _field_value(html, "body_markdown").strip() == "Melden Sie sich an."
    assert _checked(html, "list_name") == {"network"}
    assert _checked(html, "districts") == {"10"}
    assert _checked(html, "action_fields") == set()
    assert "Bitte prüfen Sie" not in html  # a suggestion, not a submitted form


@pytest.mark.parametrize(
    "query",
    [
        "an=unbekannt",
        "an=",
        "betreff=Zeile%0D%0ABcc:+x@example.org",
        "betreff=" + "x" * 201,
        "text=Glocke%07",
        "newsletter=alle",
    ],
)
def test_a_link_with_nothing_usable_leaves_the_defaults(client, office, query):
    client.login(office)
    response = client.get(f"/verwaltung/newsletter/neu?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _checked(html) == set(AUDIENCES)
    assert _checked(html, "list_name") == {"office"}
    assert not _field_value(html, "subject")
    assert not (_field_value(html, "body_markdown") or "").strip()


def test_a_prefilled_issue_is_saved_by_the_office_as_any_other(client, office):
    from participation.extensions import db
    from participation.newsletters.models import NewsletterIssue

    client.login(office)
    assert client.get("/verwaltung/newsletter/neu?an=politik&betreff=Hallo").status_code == 200
    assert db.session.query(NewsletterIssue).count() == 0  # a link writes nothing
    response = client.post_form(
        "/verwaltung/newsletter/neu",
        {
            "list_name": "office",
            "subject": "Hallo",
            "body_markdown": "Text",
            "audiences": ["council"],
        },
    )
    assert response.status_code == 303
    issue = db.session.query(NewsletterIssue).one()
    assert issue.audiences == ["council"] and issue.to_council and not issue.to_residents
