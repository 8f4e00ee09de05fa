"""No Nu HTML checker (vnu) errors on any page, signed out and signed in, with and without
form errors. `make test` installs vnu.jar from the npm registry into .tools/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.harness.routes import public_get_paths

ROOT = Path(__file__).resolve().parents[1]
VNU = Path(os.environ.get("VNU_JAR", ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"))


def skip_without_checker() -> None:
    if not shutil.which("java"):
        pytest.skip("the Nu HTML checker needs Java (apt-get install default-jre-headless)")
    if not VNU.exists():
        pytest.skip(f"vnu.jar not found at {VNU} (make tools installs it)")


def nu_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """The Nu HTML checker's errors for `pages` (label -> HTML), one run for all of them,
    each named by its label."""
    names = {}
    for number, (label, html) in enumerate(pages.items()):
        path = folder / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = label
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *sorted(str(p) for p in folder.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{names[Path(m['url']).name]}: line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


def collect_pages(app, make_user, make_process, dialogue_pages=None) -> dict[str, str]:
    pages = dict(dialogue_pages or {})
    visitor = app.test_client()
    process = make_process(
        "Neue Spielplätze",
        easy_summary="Einfach.",
        council_documents=("1234/2026",),
        links=(("Plan", "https://example.org/plan.pdf"),),
    )
    for path in [
        f"/verfahren/{process.slug}",
        "/verfahren?bezirk=99",
        "/verfahren?bezirk=10&q=spiel",
    ]:
        pages[path] = visitor.get(path).get_data(as_text=True)
    for path in public_get_paths(app) + ["/gibt-es-nicht", "/passwort-neu/x", "/bestaetigen/x"]:
        pages[path] = visitor.get(path).get_data(as_text=True)
    pages["/anmelden (errors)"] = visitor.post_form(
        "/anmelden", {"email": "kein-mail", "password": ""}
    ).get_data(as_text=True)
    pages["/registrieren (errors)"] = visitor.post_form(
        "/registrieren", {"email": "x", "pseudonym": "a", "password": "b"}
    ).get_data(as_text=True)
    pages["/barrierefreiheit (errors)"] = visitor.post_form(
        "/barrierefreiheit", {"message": ""}
    ).get_data(as_text=True)
    pages["/rueckmeldung (errors)"] = visitor.post_form(
        "/rueckmeldung", {"task": "x" * 501, "adresse": "/verfahren"}
    ).get_data(as_text=True)
    for role, paths in {
        "resident": ["/konto", "/konto/passwort", "/konto/email"],
        "admin": [
            "/verwaltung",
            "/verwaltung/seiten",
            "/verwaltung/seiten/datenschutz/en",
            "/verwaltung/rueckmeldungen",
            "/verwaltung/kennzahlen",
            "/verwaltung/auswertung",
            "/verwaltung/module",
        ],
        "district_manager": [
            "/verwaltung",
            "/verwaltung/verfahren",
            "/verwaltung/verfahren/neu",
            "/verwaltung/antworten?wer=alle",
            f"/verwaltung/verfahren/{process.slug}/zustaendigkeiten",
        ],
    }.items():
        client = app.test_client()
        client.login(make_user(role, verified=role != "resident"))
        for path in paths:
            pages[f"{path} ({role})"] = client.get(path).get_data(as_text=True)
    return pages


def dialogue(app, make_user, make_process, make_proposal, make_comment) -> dict[str, str]:
    """The dialogue pages as a visitor and as a resident who wrote some of it."""
    pages = {}
    process = make_process("Dialog", categories=("Grün",))
    author = make_user("resident")
    proposal = make_proposal(process, author=author)
    comment = make_comment(process, proposal=proposal, author=author)
    make_comment(process, proposal=proposal, parent=comment)
    make_comment(process, body="Allgemein")
    paths = [
        f"/verfahren/{process.slug}",
        f"/verfahren/{process.slug}/vorschlaege?sort=zufall",
        f"/verfahren/{process.slug}/diskussion",
        f"/verfahren/{process.slug}/vorschlaege/aehnliche?title=Vorschlag",
        f"/vorschlaege/{proposal.id}",
    ]
    visitor = app.test_client()
    resident = app.test_client()
    resident.login(author)
    for path in paths:
        pages[path] = visitor.get(path).get_data(as_text=True)
    for path in [
        *paths,
        f"/verfahren/{process.slug}/vorschlaege/neu",
        f"/vorschlaege/{proposal.id}/bearbeiten",
        f"/kommentare/{comment.id}/antworten",
        f"/kommentare/{comment.id}/bearbeiten",
    ]:
        pages[f"{path} (author)"] = resident.get(path).get_data(as_text=True)
    pages["proposal form (errors)"] = resident.post_form(
        f"/verfahren/{process.slug}/vorschlaege/neu", {"title": "x", "body": ""}
    ).get_data(as_text=True)
    pages["comment (errors)"] = resident.post_form(
        f"/vorschlaege/{proposal.id}/kommentare", {"body": ""}
    ).get_data(as_text=True)
    from participation.answers.services import answer

    office = make_user("coordinator")
    answered = make_proposal(process, author=author)
    answer(actor=office, proposal=answered, status="accepted", text="Wird im Mai umgesetzt.")
    staff = app.test_client()
    staff.login(office)
    pages["answered proposal"] = visitor.get(f"/vorschlaege/{answered.id}").get_data(as_text=True)
    pages["answer page (office)"] = staff.get(f"/verwaltung/antworten/{answered.id}").get_data(
        as_text=True
    )
    from participation.coordination.services import advance_to
    from participation.results.services import publish, save

    reported = make_process("Mit Bericht")
    advance_to(actor=office, process=reported, status="closed")
    pages["results form (errors)"] = staff.post_form(
        f"/verwaltung/verfahren/{reported.slug}/ergebnisbericht", {"summary": "kurz"}
    ).get_data(as_text=True)
    save(actor=office, process=reported, summary="Zusammenfassung " * 5, next_steps="Weiter.")
    publish(actor=office, process=reported)
    pages["results report"] = visitor.get(f"/verfahren/{reported.slug}/ergebnisse").get_data(
        as_text=True
    )
    # The council's read-only pages (participation/council), as the office sees them.
    planned = make_process("Geplant", publish=False)
    advance_to(actor=office, process=planned, status="approved")
    pages["council overview"] = staff.get("/verwaltung/rat").get_data(as_text=True)
    pages["council process sheet"] = staff.get(
        f"/verwaltung/rat/verfahren/{planned.slug}"
    ).get_data(as_text=True)
    pages["answer (errors)"] = staff.post_form(
        f"/verwaltung/antworten/{proposal.id}", {"status": "", "text": "kurz"}
    ).get_data(as_text=True)
    return pages


def network(app, make_user, make_partner) -> dict[str, str]:
    """The network's pages with data in them: a sealed partner, an application, forms with
    errors, as a visitor, the contact and the office."""
    from participation.partners import services

    office = make_user("coordinator")
    partner = make_partner(
        "Verein mit Siegel", district_codes=["10"], action_field_slugs=["wohnen"]
    )
    services.grant_seal(actor=office, organisation=partner.organisation, note="Vorbildlich")
    applicant = make_partner("Bewirbt sich", confirm=False)
    slug = partner.organisation.slug
    visitor, contact, staff = app.test_client(), app.test_client(), app.test_client()
    contact.login(partner.contact)
    staff.login(office)
    pages = {
        "partner page": visitor.get(f"/netzwerk/partner/{slug}").get_data(as_text=True),
        "directory": visitor.get("/netzwerk/partner?bezirk=10").get_data(as_text=True),
        "agreement": visitor.get("/netzwerk/vereinbarung").get_data(as_text=True),
        "network": visitor.get("/netzwerk").get_data(as_text=True),
        "manage (contact)": contact.get(f"/netzwerk/partner/{slug}/verwalten").get_data(
            as_text=True
        ),
        "apply (contact)": contact.get("/netzwerk/mitmachen").get_data(as_text=True),
        "apply (errors)": contact.post_form("/netzwerk/mitmachen", {"name": ""}).get_data(
            as_text=True
        ),
        "invite (errors)": contact.post_form(
            f"/netzwerk/partner/{slug}/einladen", {"email": "x"}
        ).get_data(as_text=True),
    }
    for path in [
        "/verwaltung/netzwerk/partner",
        f"/verwaltung/netzwerk/partner/{slug}",
        f"/verwaltung/netzwerk/partner/{applicant.organisation.slug}",
        "/verwaltung/netzwerk/vereinbarung",
    ]:
        pages[f"{path} (office)"] = staff.get(path).get_data(as_text=True)
    from datetime import timedelta

    from participation.contributions import services as contributions
    from participation.contributions.services import ContributionInput
    from participation.core.clock import utcnow

    event = contributions.publish(
        actor=partner.contact,
        organisation=partner.organisation,
        kind="event",
        data=ContributionInput(
            title="Rundgang",
            body="Wir gehen gemeinsam über den Platz.",
            starts_at=utcnow() + timedelta(days=3),
            place="Marktplatz",
            registration="portal",
            capacity=5,
        ),
    )
    new = f"/netzwerk/partner/{slug}/beitraege/neu"
    pages.update(
        {
            "event (contact)": contact.get(f"/netzwerk/beitraege/{event.id}").get_data(
                as_text=True
            ),
            "event (visitor)": visitor.get(f"/netzwerk/beitraege/{event.id}").get_data(
                as_text=True
            ),
            "events": visitor.get("/netzwerk/veranstaltungen").get_data(as_text=True),
            "offers": visitor.get("/netzwerk/angebote").get_data(as_text=True),
            "new event": contact.get(f"{new}/veranstaltung").get_data(as_text=True),
            "new statement": contact.get(f"{new}/stellungnahme").get_data(as_text=True),
            "new offer (errors)": contact.post_form(f"{new}/angebot", {"title": ""}).get_data(
                as_text=True
            ),
        }
    )
    from participation.network import elections, groups, meetings

    office_user = office
    meeting = meetings.save_meeting(
        actor=office_user,
        title="Treffen",
        starts_at=utcnow() - timedelta(days=2),
        place="Rathaus",
        minutes="Beschlossen.",
        attendee_ids=[partner.organisation.id],
    )
    meetings.add_item(
        actor=office_user, year=2026, title="Werkstatt", responsible_ids=[partner.organisation.id]
    )
    group = groups.save_group(actor=office_user, title="AG Teilhabe")
    election = elections.create(
        actor=office_user,
        nominations_close_at=utcnow() + timedelta(days=1),
        voting_close_at=utcnow() + timedelta(days=2),
        term_starts_on=(utcnow() + timedelta(days=30)).date(),
    )
    for path in [
        "/netzwerk/treffen",
        f"/netzwerk/treffen/{meeting.id}",
        "/netzwerk/arbeitsprogramm?jahr=2026",
        "/netzwerk/arbeitsgruppen",
        f"/netzwerk/arbeitsgruppen/{group.slug}",
        "/netzwerk/sprecherinnengruppe",
        f"/netzwerk/wahlen/{election.id}",
    ]:
        pages[f"{path} (contact)"] = contact.get(path).get_data(as_text=True)
    for path in [
        "/verwaltung/netzwerk/treffen",
        f"/verwaltung/netzwerk/treffen/{meeting.id}",
        "/verwaltung/netzwerk/arbeitsprogramm",
        "/verwaltung/netzwerk/arbeitsgruppen",
        f"/verwaltung/netzwerk/arbeitsgruppen/{group.slug}",
        "/verwaltung/netzwerk/wahlen",
    ]:
        pages[f"{path} (office)"] = staff.get(path).get_data(as_text=True)
    pages["meeting (errors)"] = staff.post_form(
        "/verwaltung/netzwerk/treffen", {"title": ""}
    ).get_data(as_text=True)
    pages["decline (errors)"] = staff.post_form(
        f"/verwaltung/netzwerk/partner/{applicant.organisation.slug}/ablehnen", {"reason": "x"}
    ).get_data(as_text=True)
    return pages


def qualification(app, make_user) -> dict[str, str]:
    """Trainings: the list, a page (visitor, registered, attendee's feedback), the forms
    with errors, and the office's pages."""
    from datetime import timedelta

    from participation.core import clock
    from participation.qualification import attendance, registrations
    from tests.qualification.factories import training

    office_user = make_user("coordinator")
    upcoming = training(office_user, open_registration=True, capacity=1)
    held = training(office_user, title="Schon gewesen")
    person = make_user("district_manager")
    registrations.register(actor=person, training=upcoming)
    registrations.register(actor=person, training=held)
    registrations.register_by_email(training=upcoming, email="gast@example.org", name="Gast")
    pages = {}
    visitor = app.test_client()
    for path in [
        "/qualifizierung?zeit=vergangen",
        f"/qualifizierung/{upcoming.id}",
        "/qualifizierung/anmeldung/x",
    ]:
        pages[path] = visitor.get(path).get_data(as_text=True)
    pages["email registration (errors)"] = visitor.post_form(
        f"/qualifizierung/{upcoming.id}/anmelden-per-email", {"name": "", "email": "x"}
    ).get_data(as_text=True)
    office = app.test_client()
    office.login(office_user)
    attendee = app.test_client()
    attendee.login(person)
    pages["registered"] = attendee.get(f"/qualifizierung/{upcoming.id}").get_data(as_text=True)
    with clock.travel(held.ends_at + timedelta(hours=1)):
        registration = registrations.registration_of(person, held)
        attendance.record_attendance(
            actor=office_user, training=held, attended_ids={registration.id}
        )
        attendance.give_feedback(
            registration=registration, usefulness=4, organisation=5, comment="Gut **so**."
        )
        feedback = f"/qualifizierung/{held.id}/rueckmeldung"
        pages["feedback"] = attendee.get(feedback).get_data(as_text=True)
        pages["feedback (errors)"] = attendee.post_form(
            feedback, {"usefulness": "9", "comment": "x"}
        ).get_data(as_text=True)
        pages["my record"] = attendee.get("/verwaltung/mein-qualifizierungsstand").get_data(
            as_text=True
        )
        for path in [
            "/verwaltung/qualifizierung",
            "/verwaltung/qualifizierung/neu",
            f"/verwaltung/qualifizierung/{upcoming.id}",
            f"/verwaltung/qualifizierung/{held.id}",
            f"/verwaltung/qualifizierung/{held.id}/bearbeiten",
            f"/verwaltung/qualifizierung/auswertung?jahr={held.starts_at.year}",
            "/verwaltung/qualifizierung/verankerung",
        ]:
            pages[f"{path} (office)"] = office.get(path).get_data(as_text=True)
        pages["training form (errors)"] = office.post_form(
            "/verwaltung/qualifizierung/neu", {"title": "x", "dates": "bald"}
        ).get_data(as_text=True)
    return pages


def test_pages_have_no_nu_checker_errors(
    app, make_user, make_process, make_proposal, make_comment, make_partner, tmp_path
):
    skip_without_checker()
    pages = collect_pages(
        app,
        make_user,
        make_process,
        dialogue(app, make_user, make_process, make_proposal, make_comment),
    )
    pages.update(network(app, make_user, make_partner))
    pages.update(qualification(app, make_user))
    errors = nu_errors(pages, tmp_path)
    assert len(pages) > 25
    assert errors == [], "\n".join(errors[:40])
