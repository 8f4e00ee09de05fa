"""Council members (district councils, the city council): what they read, what they may
not do, their daily summary, and the one-page "Vorlage für den Bezirksrat" PDFs."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from participation.accounts import services as accounts
from participation.answers import services as answers
from participation.coordination.services import advance_to
from participation.core.clock import local_today
from participation.core.errors import Invalid
from participation.results import services as results

SUMMARY = "Der Markt bekommt mehr Bänke und Schatten. " * 4


@pytest.fixture
def world(make_user, make_process, make_proposal):
    """District 10 and 01 each with a process in review, an approved one, a published one
    with an unanswered proposal, a draft; a city-wide process in review."""
    office = make_user("coordinator")
    made = {"office": office}
    for code in ("10", "01"):
        for status in ("draft", "in_review", "approved"):
            process = make_process(f"{status} {code}", district=code, publish=False)
            if status != "draft":
                advance_to(actor=office, process=process, status=status)
            made[f"{status}_{code}"] = process
        published = make_process(f"Läuft {code}", district=code)
        made[f"proposal_{code}"] = make_proposal(published, title=f"Bänke am Markt {code}")
        made[f"published_{code}"] = published
    citywide = make_process("Stadtweit in Prüfung", district=None, publish=False)
    made["citywide"] = advance_to(actor=office, process=citywide, status="in_review")
    made["council_10"] = make_user("council_member", district="10")
    made["council_01"] = make_user("council_member", district="01")
    made["city"] = make_user("council_member")
    return made


def _signed_in(app, user):
    client = app.test_client()
    client.sign_in(user)
    return client


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


# --- granting ---------------------------------------------------------------------------------


def test_a_council_seat_is_granted_with_a_district_or_for_the_city(make_user):
    person = make_user("resident")
    district = accounts.grant_role(
        actor=None, user=person, role="council_member", district_code="10"
    )
    city = accounts.grant_role(actor=None, user=person, role="council_member")
    assert district.district.code == "10" and city.district is None
    assert person.council_district_ids() == {district.district_id, None}
    assert person.district_ids() == set(), "a council seat manages no district"
    assert not person.is_staff
    with pytest.raises(Invalid):
        accounts.grant_role(actor=None, user=person, role="coordinator", district_code="10")
    with pytest.raises(Invalid):
        accounts.grant_role(actor=None, user=person, role="district_manager")


def test_the_command_line_grants_a_council_seat(app, make_user):
    from participation.accounts.cli import users_cli

    person = make_user("resident")
    result = CliRunner().invoke(
        users_cli,
        ["grant", person.email, "--role", "council_member", "--district", "10"],
        obj=app.cli,
    )
    assert result.exit_code == 0, result.output
    assert [(a.role, a.district.code) for a in person.roles if a.role == "council_member"] == [
        ("council_member", "10")
    ]


def test_the_admin_form_grants_a_council_seat(app, db, make_user):
    from tests.harness.test_access_matrix import give_authenticator

    admin = make_user("admin")
    give_authenticator(admin)
    person = make_user("resident")
    client = _signed_in(app, admin)
    response = client.post_form(
        f"/verwaltung/konten/{person.id}/rollen",
        {"role": "council_member", "district": "", "organisation": ""},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    assert "/konto/bestaetigen" not in response.headers["Location"]
    db.session.refresh(person)
    assert "council_member" in person.role_names


# --- what they read ---------------------------------------------------------------------------


def test_a_district_council_reads_its_processes_in_review_and_approved(app, world):
    client = _signed_in(app, world["council_10"])
    page = _page(client, "/verwaltung/rat")
    assert "in_review 10" in page and "approved 10" in page
    for hidden in ("draft 10", "Läuft 10", "in_review 01", "approved 01", "Stadtweit"):
        assert hidden not in page, hidden
    assert "approved 10" not in _page(client, "/verwaltung/rat?status=in_review")
    sheet = _page(client, f"/verwaltung/rat/verfahren/{world['approved_10'].slug}")
    assert "Der Standort steht fest." in sheet
    for other in ("approved_01", "draft_10", "published_10", "citywide"):
        assert client.get(f"/verwaltung/rat/verfahren/{world[other].slug}").status_code == 404


def test_the_city_council_reads_every_district_and_the_city_wide_processes(app, world):
    page = _page(_signed_in(app, world["city"]), "/verwaltung/rat")
    for shown in ("in_review 10", "approved 01", "Stadtweit in Prüfung"):
        assert shown in page
    assert "draft 10" not in page and "Stadtweite Verfahren" in page


def test_the_overview_shows_the_answer_figures_and_nothing_to_edit(app, world):
    client = _signed_in(app, world["council_10"])
    page = _page(client, "/verwaltung/rat")
    assert "Antworten auf Vorschläge" in page
    # One proposal of district 10 waits; district 01 is not on this council's page.
    figures = page.split('id="council-answers-title"', 1)[1].split("</table>", 1)[0]
    row = figures.split("Linden-Limmer", 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td>" in row and "Mitte" not in figures
    assert "Bänke am Markt" not in page, "figures only, no proposals"
    for path in ("/verwaltung/rat", f"/verwaltung/rat/verfahren/{world['in_review_10'].slug}"):
        html = _page(client, path)
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert 'method="post"' not in main.lower()
        assert "bearbeiten" not in main and "@example.org" not in main


@pytest.fixture
def draft_report(closed_dialogue):
    """A closed process of district 10 with its report written, not yet published."""
    dialogue = closed_dialogue()
    answers.answer(
        actor=dialogue.manager,
        proposal=dialogue.proposals[0],
        status="accepted",
        text="Die Bänke kommen im Frühjahr.",
    )
    results.save(actor=dialogue.office, process=dialogue.process, summary=SUMMARY, next_steps="")
    return dialogue


def test_council_members_of_the_district_read_the_report_before_publication(
    app, make_user, draft_report
):
    slug = draft_report.process.slug
    council = _signed_in(app, make_user("council_member", district="10"))
    page = _page(council, f"/verfahren/{slug}/ergebnisse")
    assert "Entwurf" in page and "Bericht bearbeiten" not in page
    assert draft_report.process.title in _page(council, "/verwaltung/rat")
    assert council.get(f"/verfahren/{slug}/ergebnisse/vorlage.pdf").status_code == 200
    assert council.get(f"/verwaltung/verfahren/{slug}/ergebnisbericht").status_code == 403
    other = _signed_in(app, make_user("council_member", district="01"))
    visitor = app.test_client()
    for client in (other, visitor):
        assert client.get(f"/verfahren/{slug}/ergebnisse").status_code == 404
        assert client.get(f"/verfahren/{slug}/ergebnisse/vorlage.pdf").status_code == 404


def test_every_write_of_their_district_refuses_them(app, world, draft_report):
    """The matrix tries every route; these are the writes nearest to what they read."""
    council = _signed_in(app, make_council := world["council_10"])
    assert make_council.has_role("council_member")
    review, closed = world["in_review_10"].slug, draft_report.process.slug
    proposal = world["proposal_10"].id
    attempts = [
        f"/verwaltung/verfahren/{review}/freigeben",
        f"/verwaltung/verfahren/{review}/zurueckgeben",
        f"/verwaltung/verfahren/{closed}/ergebnisbericht",
        f"/verwaltung/verfahren/{closed}/ergebnisbericht/veroeffentlichen",
        f"/verwaltung/antworten/{proposal}",
        f"/verwaltung/antworten/{proposal}/zuweisen",
        f"/verwaltung/verfahren/{review}/bearbeiten",
    ]
    for path in attempts:
        response = council.post_form(path, {"summary": SUMMARY, "status": "accepted"})
        assert response.status_code == 403, (path, response.status_code)
    assert world["in_review_10"].status == "in_review"


# --- the daily summary ------------------------------------------------------------------------


def test_the_daily_summary_tells_council_members_their_district_s_figures(
    app, mails, world, make_user
):
    from participation.notifications.jobs import staff_summary
    from tests.notifications.helpers import mails_to

    quiet = make_user("council_member", district="05")
    day = local_today().isoformat()
    staff_summary(day=day)
    staff_summary(day=day)
    [mail] = mails_to(mails, world["council_10"])
    text = mail.get_content()
    assert "Verfahren in Prüfung der Koordinierungsstelle: 1" in text
    assert "Freigegebene Vorhaben, noch nicht gestartet: 1" in text
    assert "auf eine Antwort warten: 1, davon überfällig: 0" in text
    assert "/verwaltung/rat" in text
    assert "Gemeldete Beiträge" not in text, "no staff work for a council member"
    [city] = mails_to(mails, world["city"])
    assert "Verfahren in Prüfung der Koordinierungsstelle: 3" in city.get_content()
    assert mails_to(mails, quiet) == [], "nothing to read, no mail"


def test_council_members_can_switch_the_summary_off(world):
    from participation.notifications.kinds import kinds_for

    assert "staff_summary" in kinds_for(world["council_10"])


# --- the Vorlage für den Bezirksrat -----------------------------------------------------------


def _pdf_text(response) -> tuple[int, str]:
    from pypdf import PdfReader

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return len(reader.pages), words


def test_the_vorhabenliste_brief_is_one_page_even_for_a_long_list(client, make_user, make_process):
    office = make_user("coordinator")
    for number in range(24):
        process = make_process(
            f"Vorhaben Nummer {number:02d} mit einem langen Titel über den Platz am Markt",
            publish=False,
        )
        advance_to(actor=office, process=process, status="approved")
    make_process("Anderswo", district="01")
    pages, words = _pdf_text(client.get("/vorhabenliste/vorlage.pdf?bezirk=10"))
    assert pages == 1
    assert "Vorlage für den Bezirksrat" in words and "Linden-Limmer" in words
    assert "24 Vorhaben stehen auf der Vorhabenliste" in words
    assert "Vorhaben Nummer 00" in words and "Anderswo" not in words
    assert "weitere Vorhaben stehen in der vollständigen Vorhabenliste" in words
    assert client.get("/vorhabenliste/vorlage.pdf?bezirk=99").status_code == 404
    pages, words = _pdf_text(client.get("/vorhabenliste/vorlage.pdf"))
    assert pages == 1 and "Vorlage für den Rat der Stadt" in words and "Anderswo" in words


def test_the_report_brief_holds_figures_answers_and_top_proposals_on_one_page(
    client, closed_dialogue
):
    dialogue = closed_dialogue(proposals=12)
    for proposal in dialogue.proposals:
        answers.answer(
            actor=dialogue.manager,
            proposal=proposal,
            status="rejected",
            text="Das geht an dieser Stelle leider nicht.",
        )
    results.save(
        actor=dialogue.office, process=dialogue.process, summary=SUMMARY * 30, next_steps=""
    )
    results.publish(actor=dialogue.office, process=dialogue.process)
    pages, words = _pdf_text(
        client.get(f"/verfahren/{dialogue.process.slug}/ergebnisse/vorlage.pdf")
    )
    assert pages == 1
    assert dialogue.process.title in words
    assert "Beteiligung in Zahlen" in words and "Abgelehnt 12" in words
    assert "Vorschlag 1 für den Markt" in words, "the most supported proposal"
    assert "7 weitere Vorschläge" in words
    assert "Der Markt bekommt mehr Bänke" in words
    for resident in dialogue.residents:
        assert resident.pseudonym not in words and resident.email not in words
    page = client.get(f"/verfahren/{dialogue.process.slug}/ergebnisse").get_data(as_text=True)
    assert f"/verfahren/{dialogue.process.slug}/ergebnisse/vorlage.pdf" in page


def test_the_vorhabenliste_links_its_brief(client):
    page = client.get("/vorhabenliste?bezirk=10").get_data(as_text=True)
    assert "/vorhabenliste/vorlage.pdf?bezirk=10" in page


def test_the_overview_takes_the_same_queries_for_a_longer_list(
    app, make_user, make_process, assert_max_queries
):
    from tests.conftest import count_queries

    office = make_user("coordinator")
    client = _signed_in(app, make_user("council_member", district="10"))

    def approve(count: int) -> None:
        for _ in range(count):
            process = make_process(publish=False)
            advance_to(actor=office, process=process, status="approved")

    approve(2)
    client.get("/verwaltung/rat")
    with count_queries(app) as few:
        assert client.get("/verwaltung/rat").status_code == 200
    approve(8)
    with assert_max_queries(few.count):
        assert client.get("/verwaltung/rat").status_code == 200


def test_the_pdfs_are_rate_limited_per_client(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PDF="2 per minute")
    client = app.test_client()
    statuses = [client.get("/vorhabenliste/vorlage.pdf").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
