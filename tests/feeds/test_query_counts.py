"""Every feed costs the same number of queries with 2 items as with 30."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.answers.models import OfficialResponse
from participation.contributions.models import Contribution
from participation.core.clock import local_today, utcnow
from participation.districts.models import ActionField, District
from participation.extensions import db
from participation.network.models import NetworkMeeting
from participation.partners.models import PartnerOrganisation
from participation.projects.models import Phase, Process
from participation.proposals.models import Proposal
from participation.results.models import ResultsReport
from tests.conftest import count_queries

PATHS = [
    "/verfahren.atom",
    "/verfahren.atom?bezirk=10&handlungsfeld=wohnen",
    "/bezirke/10/verfahren.atom",
    "/verfahren/{process}/vorschlaege.atom",
    "/ergebnisse.atom",
    "/netzwerk/neuigkeiten.atom",
    "/netzwerk/veranstaltungen.atom",
    "/verfahren/{process}/phasen.ics",
    "/bezirke/10/dialoge.ics",
    "/netzwerk/veranstaltungen.ics",
    "/netzwerk/treffen.ics",
]


class Grower:
    """Adds n of everything the feeds list, straight into the tables (fast; the services
    are tested elsewhere)."""

    def __init__(self, process, author, office, partner):
        self.process, self.author, self.office, self.partner = process, author, office, partner
        self.count = 0
        self.district = db.session.scalar(select(District).where(District.code == "10"))
        self.field = db.session.scalar(select(ActionField).where(ActionField.slug == "wohnen"))

    def _process(self, status: str) -> Process:
        self.count += 1
        now, today = utcnow(), local_today()
        process = Process(
            slug=f"gewachsen-{self.count}",
            title=f"Gewachsenes Verfahren {self.count}",
            summary="Worum es geht.",
            district_id=self.district.id,
            action_field_id=self.field.id,
            status=status,
            published_at=now,
        )
        process.phases = [
            Phase(kind="dialogue", starts_on=today, ends_on=today + timedelta(days=20)),
            Phase(
                kind="evaluation",
                starts_on=today + timedelta(days=21),
                ends_on=today + timedelta(days=40),
            ),
        ]
        db.session.add(process)
        return process

    def grow(self, n: int) -> None:
        now = utcnow()
        last = max((p.ends_on for p in self.process.phases), default=local_today())
        for _ in range(n):
            self._process("published")
            reported = self._process("results_published")
            db.session.flush()
            db.session.add(
                ResultsReport(
                    process_id=reported.id,
                    summary_markdown="Ergebnis",
                    summary_html="<p>Ergebnis</p>",
                    published_at=now,
                    published_by_id=self.office.id,
                )
            )
            proposal = Proposal(
                process_id=self.process.id,
                author_id=self.author.id,
                title=f"Vorschlag {self.count}",
                body_markdown="Text",
                body_html="<p>Text</p>",
                status="published",
                response_status="accepted",
            )
            db.session.add(proposal)
            db.session.flush()
            db.session.add(
                OfficialResponse(
                    proposal_id=proposal.id,
                    status="accepted",
                    text_markdown="Wird gemacht.",
                    text_html="<p>Wird gemacht.</p>",
                    responder_id=self.office.id,
                )
            )
            db.session.add(
                Phase(
                    process_id=self.process.id,
                    kind="implementation",
                    starts_on=last + timedelta(days=1),
                    ends_on=last + timedelta(days=1),
                )
            )
            last += timedelta(days=1)
            db.session.add(
                PartnerOrganisation(
                    slug=f"partner-{self.count}",
                    name=f"Partner {self.count}",
                    status="active",
                    decided_at=now,
                )
            )
            for kind in ("event", "offer", "statement"):
                db.session.add(
                    Contribution(
                        organisation_id=self.partner.organisation.id,
                        author_id=self.partner.contact.id,
                        kind=kind,
                        title=f"Beitrag {kind} {self.count}",
                        body_markdown="Text",
                        body_html="<p>Text</p>",
                        starts_at=now + timedelta(days=self.count),
                        place="Marktplatz",
                    )
                )
            for offset in (self.count, -self.count):
                db.session.add(
                    NetworkMeeting(
                        title=f"Treffen {self.count} {offset}",
                        starts_at=now + timedelta(days=offset),
                        place="Rathaus",
                        agenda_html="<p>Tagesordnung</p>",
                    )
                )
        db.session.commit()


def _queries(app, client, path: str) -> int:
    with count_queries(app) as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


def test_feeds_take_a_fixed_number_of_queries(app, client, make_user, make_process, make_partner):
    process = make_process("Viele Vorschläge")
    grower = Grower(process, make_user("resident"), make_user("coordinator"), make_partner())
    paths = [path.format(process=process.slug) for path in PATHS]
    grower.grow(2)
    few = {path: _queries(app, client, path) for path in paths}
    grower.grow(28)
    many = {path: _queries(app, client, path) for path in paths}
    assert many == few
    # And the lists did grow past a page of the process list (20) on the way.
    assert client.get("/verfahren.atom").get_data(as_text=True).count("<entry>") == 20
    ical = client.get(f"/verfahren/{process.slug}/phasen.ics").get_data(as_text=True)
    assert ical.count("BEGIN:VEVENT") == 3 + 30
