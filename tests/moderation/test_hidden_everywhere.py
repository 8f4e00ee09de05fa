"""Hidden content is absent from every view: every GET route of the portal (the harness's
list, which a test keeps complete), as a visitor and as a signed-in resident, plus the
sitemap, the search of proposal titles and the Atom and iCalendar feeds (filtered ones
too). The hidden proposal was answered before it was hidden, so the feed of answers is
asked about it as well."""

from __future__ import annotations

from collections import defaultdict

import pytest

from participation.answers import services as answers
from participation.moderation import services
from participation.opendata.datasets import DATASETS
from tests.harness.test_bad_input import GET_VIEWS, stored_image

SECRET_TITLE = "Verbotener Werbetitel"
SECRET_BODY = "Beleidigender Kommentartext"
OPENDATA_FILES = [f"{slug}.{kind}" for slug in DATASETS for kind in ("csv", "json")] + [
    "catalog.ttl",
    "catalog.jsonld",
]


def _staff_only_work_aid() -> str:
    from io import BytesIO

    from participation.accounts.services import create_user, grant_role
    from participation.workaids import library
    from tests.workaids.files import pdf_bytes

    office = create_user(
        email="intern@example.org", password="ein langes Passwort 1", pseudonym="Intern"
    )
    grant_role(actor=None, user=office, role="coordinator")
    aid = library.create_work_aid(
        actor=office,
        data=library.WorkAidInput(
            title=SECRET_TITLE, summary=SECRET_BODY, kind="guide", is_public=False
        ),
        version=library.VersionInput(document=BytesIO(pdf_bytes())),
    )
    return aid.slug


@pytest.fixture
def hidden(make_process, make_proposal, make_comment, make_user):
    process = make_process("Sichtbares Verfahren", district="10")
    visible = make_proposal(process, title="Ein sichtbarer Vorschlag")
    bad_proposal = make_proposal(process, title=SECRET_TITLE, body=f"{SECRET_TITLE}, Text dazu.")
    bad_comment = make_comment(process, proposal=visible, body=SECRET_BODY)
    # A published comment under the hidden proposal: its reply page must not name it.
    under_hidden = make_comment(process, proposal=bad_proposal, body="Darunter sichtbar")
    discussion = make_comment(process, body=f"{SECRET_BODY} in der Diskussion")
    manager = make_user("district_manager", district="10")
    # An answer names its proposal (the feed's "Antwort der Verwaltung: …"); hidden, neither
    # may be shown.
    answers.answer(
        actor=manager, proposal=bad_proposal, status="rejected", text="Das ist keine Idee dafür."
    )
    for target in (
        services.target_of(proposal_id=bad_proposal.id),
        services.target_of(comment_id=bad_comment.id),
        services.target_of(comment_id=discussion.id),
    ):
        services.hide(
            actor=manager,
            target=target,
            reason="insult",
            explanation="Verstoß gegen die Netiquette.",
        )
    return {
        "process": process.slug,
        # A staff-only work aid: for visitors and residents it is as absent as hidden items.
        "aid": _staff_only_work_aid(),
        "draft": make_process("Entwurf", district="10", publish=False).slug,
        "image": stored_image(),
        # Views of one item are asked about the hidden ones themselves.
        "proposal": bad_proposal.id,
        "comment": bad_comment.id,
        "under_hidden": under_hidden.id,
        "visible": visible.id,
        # Told of the answer before the proposal was hidden; the commenter, of the reply.
        "told": [bad_proposal.author_id, visible.author_id],
    }


@pytest.mark.parametrize("role", [None, "resident"])
def test_hidden_content_is_in_no_view(app, make_user, hidden, role):
    client = app.test_client()
    if role:
        client.login(make_user(role))
    checked = 0
    extra = [
        "/sitemap.xml",
        f"/verfahren/{hidden['process']}/vorschlaege?q=Werbetitel",
        f"/verfahren/{hidden['process']}/vorschlaege/aehnliche?title=Verbotener+Werbetitel",
        f"/verfahren/{hidden['process']}/diskussion",
        f"/kommentare/{hidden['comment']}",
        f"/kommentare/{hidden['under_hidden']}",
        f"/kommentare/{hidden['under_hidden']}/antworten",
        f"/verfahren/{hidden['process']}/vorschlaege.atom",
        "/verfahren.atom?bezirk=10&handlungsfeld=wohnen",
        "/netzwerk/veranstaltungen.atom?bezirk=10",
        "/netzwerk/veranstaltungen.ics?bezirk=10",
        # The JSON API: the visible proposal's thread holds the hidden comment's place.
        f"/api/v1/processes/{hidden['process']}/proposals?q=Werbetitel",
        f"/api/v1/proposals/{hidden['visible']}/comments",
        # Every open-data file (written at the first request, after the hiding).
        *(f"/opendata/{name}" for name in OPENDATA_FILES),
    ]
    # Views of features without hidden content (the network's) get a sample id; they must
    # show no hidden text either.
    values = defaultdict(lambda: "1", hidden)
    paths = [path.format_map(values) for view_role, path in GET_VIEWS if view_role in (None, role)]
    for path in paths + extra:
        response = client.get(path, follow_redirects=True, buffered=True)
        body = response.get_data()  # bytes: images and icons are among the views
        response.close()
        assert SECRET_TITLE.encode() not in body, path
        assert SECRET_BODY.encode() not in body, path
        checked += response.status_code == 200
    assert checked > 20, "the sweep must reach real pages"


def test_hidden_content_reaches_nobody_who_was_told_of_it_before(app, mails, hidden):
    """The author of the hidden proposal heard of its answer, and the author of the visible
    proposal of the hidden comment on it: after hiding, neither the centre nor a digest
    names either."""
    from participation.accounts.models import User
    from participation.extensions import db
    from participation.notifications.jobs import digest_run
    from tests.notifications.helpers import next_monday_morning

    digest_run(now=next_monday_morning().isoformat())
    for user_id in hidden["told"]:
        person = db.session.get(User, user_id)
        client = app.test_client()
        client.sign_in(person)
        centre = client.get("/konto/benachrichtigungen").get_data(as_text=True)
        assert SECRET_TITLE not in centre and SECRET_BODY not in centre
        for mail in mails:
            if mail["To"] == person.email:
                assert SECRET_TITLE not in mail.get_content() + mail["Subject"]
