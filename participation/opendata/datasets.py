"""The registry of open datasets: for each its columns, its German title and description
(English through the translations) and a generator of its rows.

Each generator runs a fixed number of queries whatever the number of rows and streams
the big ones (`yield_per`), so writing them takes flat memory at city scale. Only what
the public pages show goes in, and less: no author pseudonyms, no staff names, no e-mail
addresses or telephone numbers — open data needs no personal data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union

from participation.answers import accountability
from participation.answers.models import OfficialResponse
from participation.comments.models import Comment
from participation.districts.models import ActionField, District, Quarter
from participation.extensions import db
from participation.partners.models import (
    PartnerOrganisation,
    partner_action_field,
    partner_district,
)
from participation.projects.models import (
    PUBLIC_STATUSES,
    CouncilDocument,
    Phase,
    Process,
    ProposalCategory,
)
from participation.proposals.models import Proposal
from participation.results import services as results
from participation.results.models import ResultsReport
from participation.votes.models import Support

# Rows fetched from the database at a time: the memory a dataset needs while it is written.
BATCH = 1000


class Links:
    """Absolute addresses from BASE_URL, with one URL adapter for a whole generation (a
    link per row would otherwise bind a new one each time)."""

    def __init__(self) -> None:
        base = urlsplit(current_app.config["BASE_URL"])
        self._adapter = current_app.url_map.bind(
            base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
        )

    def __call__(self, endpoint: str, **values) -> str:
        return self._adapter.build(endpoint, values, force_external=True)


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key
    label: str  # the CSV heading (German, as the city's other open data)
    description: object  # lazy text: what the column holds, for the page and the catalogue


@dataclass(frozen=True)
class Dataset:
    slug: str  # the file name: /opendata/<slug>.csv and .json
    title: object
    description: object
    keywords: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: Callable[[Links], Iterator[tuple]] = field(repr=False)
    # The EU data theme (http://publications.europa.eu/resource/authority/data-theme/…).
    theme: str = "GOVE"


def _stream(statement):
    return db.session.execute(statement.execution_options(yield_per=BATCH))


def _joined(values) -> str:
    return "; ".join(values)


# -- processes ---------------------------------------------------------------------------


def process_rows(links: Links) -> Iterator[tuple]:
    """Every public process (published and later): two queries."""
    public = Process.status.in_(PUBLIC_STATUSES)
    documents: dict[int, list[str]] = defaultdict(list)
    for process_id, number in db.session.execute(
        select(CouncilDocument.process_id, CouncilDocument.number)
        .join(Process, Process.id == CouncilDocument.process_id)
        .where(public)
        .order_by(CouncilDocument.process_id, CouncilDocument.number)
    ):
        documents[process_id].append(number)
    dialogue = (
        select(
            Phase.process_id,
            func.min(Phase.starts_on).label("starts_on"),
            func.max(Phase.ends_on).label("ends_on"),
        )
        .where(Phase.kind == "dialogue")
        .group_by(Phase.process_id)
        .subquery()
    )
    statement = (
        select(
            Process.id,
            Process.slug,
            Process.title,
            Process.summary,
            Process.status,
            District.code,
            District.name,
            ActionField.name,
            Process.published_at,
            dialogue.c.starts_on,
            dialogue.c.ends_on,
            Process.feedback_due,
            Process.proposal_count,
            Process.comment_count,
            Process.decided_by,
            Process.contact_office,
        )
        .select_from(Process)
        .join(ActionField, ActionField.id == Process.action_field_id)
        .outerjoin(District, District.id == Process.district_id)
        .outerjoin(dialogue, dialogue.c.process_id == Process.id)
        .where(public)
        .order_by(Process.id)
    )
    for row in _stream(statement):
        (process_id, slug, *middle) = row
        yield (
            process_id,
            slug,
            *middle,
            _joined(documents.get(process_id, ())),
            links("projects.detail", slug=slug),
        )


PROCESSES = Dataset(
    slug="verfahren",
    title=_l("Beteiligungsverfahren"),
    description=_l(
        "Alle öffentlichen Beteiligungsverfahren des Portals: Titel, Kurzbeschreibung, "
        "Stand, Stadtbezirk, Handlungsfeld, Zeitraum des Dialogs, Rückmeldedatum und die "
        "Zahl der Vorschläge und Kommentare. Entwürfe und noch nicht veröffentlichte "
        "Verfahren fehlen."
    ),
    keywords=("Bürgerbeteiligung", "Beteiligungsverfahren", "Einwohnerbeteiligung"),
    columns=(
        Column("id", "Nr.", _l("Die Nummer des Verfahrens im Portal.")),
        Column("slug", "Kennung", _l("Der Teil der Adresse, der das Verfahren bezeichnet.")),
        Column("title", "Titel", _l("Der Titel des Verfahrens.")),
        Column("summary", "Kurzbeschreibung", _l("Worum es geht, in wenigen Sätzen.")),
        Column(
            "status",
            "Stand",
            _l(
                "published (läuft), closed (abgeschlossen), results_published (Ergebnisse "
                "veröffentlicht) oder archived (archiviert)."
            ),
        ),
        Column(
            "district_code",
            "Stadtbezirk Nr.",
            _l("Die Nummer des Stadtbezirks (01 bis 13); leer bei stadtweiten Verfahren."),
        ),
        Column("district", "Stadtbezirk", _l("Der Name des Stadtbezirks.")),
        Column("action_field", "Handlungsfeld", _l("Das Handlungsfeld des Verfahrens.")),
        Column("published_at", "Veröffentlicht am", _l("Zeitpunkt der Veröffentlichung (UTC).")),
        Column("dialogue_starts_on", "Dialog von", _l("Erster Tag des Dialogs.")),
        Column("dialogue_ends_on", "Dialog bis", _l("Letzter Tag des Dialogs.")),
        Column(
            "feedback_due",
            "Rückmeldung bis",
            _l("Bis zu diesem Tag antwortet die Verwaltung auf die Vorschläge."),
        ),
        Column("proposals", "Vorschläge", _l("Zahl der sichtbaren Vorschläge.")),
        Column("comments", "Kommentare", _l("Zahl der sichtbaren Kommentare.")),
        Column("decided_by", "Entscheidung durch", _l("Wer über das Vorhaben entscheidet.")),
        Column("contact_office", "Zuständige Stelle", _l("Die zuständige Dienststelle.")),
        Column(
            "council_documents",
            "Drucksachen",
            _l("Nummern der Drucksachen des Rates, durch Semikolon getrennt."),
        ),
        Column("url", "Adresse", _l("Die Seite des Verfahrens im Portal.")),
    ),
    rows=process_rows,
)


# -- proposals with their answers --------------------------------------------------------


def proposal_rows(links: Links) -> Iterator[tuple]:
    """Every visible proposal of a public process with the administration's answer: one
    streamed query. Hidden, withdrawn, pending and refused proposals are left out, as the
    public list leaves them out; so are their answers."""
    statement = (
        select(
            Proposal.id,
            Process.slug,
            Proposal.title,
            Proposal.body_markdown,
            ProposalCategory.name,
            District.code,
            Quarter.name,
            Proposal.place,
            Proposal.created_at,
            Proposal.support_count,
            Proposal.comment_count,
            Proposal.response_status,
            OfficialResponse.text_markdown,
            OfficialResponse.duplicate_of_id,
            OfficialResponse.answered_at,
        )
        .select_from(Proposal)
        .join(Process, Process.id == Proposal.process_id)
        .outerjoin(District, District.id == Process.district_id)
        .outerjoin(Quarter, Quarter.id == Proposal.quarter_id)
        .outerjoin(ProposalCategory, ProposalCategory.id == Proposal.category_id)
        .outerjoin(OfficialResponse, OfficialResponse.proposal_id == Proposal.id)
        .where(
            Proposal.status == "published",
            Proposal.rejected.is_(False),
            Process.status.in_(PUBLIC_STATUSES),
        )
        .order_by(Proposal.id)
    )
    for row in _stream(statement):
        proposal_id = row[0]
        yield (*row, links("proposals.detail", proposal_id=proposal_id))


PROPOSALS = Dataset(
    slug="vorschlaege",
    title=_l("Vorschläge mit den Antworten der Verwaltung"),
    description=_l(
        "Alle sichtbaren Vorschläge der Einwohner*innen in öffentlichen Verfahren, mit "
        "Unterstützungen, Kommentaren und der Antwort der Verwaltung. Ohne Namen: wer einen "
        "Vorschlag geschrieben oder beantwortet hat, steht nicht in den Daten. Ausgeblendete, "
        "zurückgezogene und noch nicht freigegebene Vorschläge fehlen."
    ),
    keywords=("Bürgerbeteiligung", "Vorschläge", "Rückmeldung der Verwaltung"),
    columns=(
        Column("id", "Nr.", _l("Die Nummer des Vorschlags im Portal.")),
        Column("process_slug", "Verfahren", _l("Die Kennung des Verfahrens (siehe Verfahren).")),
        Column("title", "Titel", _l("Der Titel des Vorschlags.")),
        Column("body", "Text", _l("Der Text des Vorschlags (einfaches Markdown).")),
        Column("category", "Kategorie", _l("Die Kategorie, wenn eine gewählt wurde.")),
        Column("district_code", "Stadtbezirk Nr.", _l("Der Stadtbezirk des Verfahrens.")),
        Column("quarter", "Stadtteil", _l("Der Stadtteil, wenn einer angegeben wurde.")),
        Column("place", "Ort", _l("Der Ort, wenn einer angegeben wurde.")),
        Column("created_at", "Eingereicht am", _l("Zeitpunkt des Vorschlags (UTC).")),
        Column("supports", "Unterstützungen", _l("Zahl der Unterstützungen.")),
        Column("comments", "Kommentare", _l("Zahl der sichtbaren Kommentare.")),
        Column(
            "response_status",
            "Stand der Antwort",
            _l(
                "open (noch ohne Antwort), under_review (wird geprüft), accepted "
                "(angenommen), partly_accepted (teilweise angenommen), rejected (abgelehnt) "
                "oder implemented (umgesetzt)."
            ),
        ),
        Column("response", "Antwort", _l("Die Antwort der Verwaltung mit Begründung.")),
        Column(
            "duplicate_of",
            "Doppelt zu Nr.",
            _l("Gleicher Vorschlag: die Nummer des Vorschlags, dessen Antwort gilt."),
        ),
        Column("answered_at", "Beantwortet am", _l("Zeitpunkt der ersten Antwort (UTC).")),
        Column("url", "Adresse", _l("Die Seite des Vorschlags im Portal.")),
    ),
    rows=proposal_rows,
)


# -- results figures per process ---------------------------------------------------------


def result_rows(links: Links) -> Iterator[tuple]:
    """The figures of every published results report (as results.figures counts them for
    one report): three queries for all processes together."""
    reported = (
        select(Process.id)
        .join(ResultsReport, ResultsReport.process_id == Process.id)
        .where(Process.status.in_(results.PUBLIC), ResultsReport.published_at.is_not(None))
    )
    proposals = (Proposal.status == "published") & Proposal.process_id.in_(reported)
    comments = (Comment.status == "published") & Comment.process_id.in_(reported)
    people = union(
        select(Proposal.process_id, Proposal.author_id.label("user_id")).where(proposals),
        select(Comment.process_id, Comment.author_id).where(
            comments, Comment.is_official.is_(False)
        ),
        select(Proposal.process_id, Support.user_id)
        .join(Support, Support.proposal_id == Proposal.id)
        .where(proposals),
    ).subquery()
    participants = dict(
        db.session.execute(
            select(people.c.process_id, func.count()).group_by(people.c.process_id)
        ).all()
    )
    supports = dict(
        db.session.execute(
            select(Proposal.process_id, func.count(Support.id))
            .join(Support, Support.proposal_id == Proposal.id)
            .where(proposals)
            .group_by(Proposal.process_id)
        ).all()
    )
    counted = (
        select(Proposal.process_id, func.count(Proposal.id).label("n"))
        .where(proposals)
        .group_by(Proposal.process_id)
        .subquery()
    )
    answered = (
        select(Proposal.process_id, func.count(Proposal.id).label("n"))
        .where(proposals, Proposal.response_status != "open")
        .group_by(Proposal.process_id)
        .subquery()
    )
    commented = (
        select(Comment.process_id, func.count(Comment.id).label("n"))
        .where(comments)
        .group_by(Comment.process_id)
        .subquery()
    )
    statement = (
        select(
            Process.id,
            Process.slug,
            Process.title,
            District.code,
            func.coalesce(counted.c.n, 0),
            func.coalesce(commented.c.n, 0),
            func.coalesce(answered.c.n, 0),
            ResultsReport.published_at,
        )
        .select_from(Process)
        .join(ResultsReport, ResultsReport.process_id == Process.id)
        .outerjoin(District, District.id == Process.district_id)
        .outerjoin(counted, counted.c.process_id == Process.id)
        .outerjoin(answered, answered.c.process_id == Process.id)
        .outerjoin(commented, commented.c.process_id == Process.id)
        .where(Process.id.in_(reported))
        .order_by(Process.id)
    )
    for process_id, slug, title, code, n_proposals, n_comments, n_answered, published in _stream(
        statement
    ):
        yield (
            process_id,
            slug,
            title,
            code,
            int(participants.get(process_id, 0)),
            int(n_proposals),
            int(n_comments),
            int(supports.get(process_id, 0)),
            int(n_answered),
            published,
            links("results.report", slug=slug),
        )


RESULTS = Dataset(
    slug="ergebniszahlen",
    title=_l("Zahlen aus den Ergebnisberichten"),
    description=_l(
        "Für jedes Verfahren mit veröffentlichtem Ergebnisbericht: wie viele Menschen "
        "mitgemacht haben und wie viele Vorschläge, Kommentare und Unterstützungen es gab, "
        "und wie viele Vorschläge beantwortet sind."
    ),
    keywords=("Bürgerbeteiligung", "Ergebnisbericht", "Statistik"),
    columns=(
        Column("process_id", "Nr.", _l("Die Nummer des Verfahrens im Portal.")),
        Column("process_slug", "Kennung", _l("Die Kennung des Verfahrens.")),
        Column("title", "Titel", _l("Der Titel des Verfahrens.")),
        Column("district_code", "Stadtbezirk Nr.", _l("Leer bei stadtweiten Verfahren.")),
        Column(
            "participants",
            "Beteiligte",
            _l(
                "Menschen, die einen Vorschlag oder Kommentar geschrieben oder einen Vorschlag "
                "unterstützt haben (jede Person einmal; ohne die Verwaltung)."
            ),
        ),
        Column("proposals", "Vorschläge", _l("Zahl der sichtbaren Vorschläge.")),
        Column("comments", "Kommentare", _l("Zahl der sichtbaren Kommentare.")),
        Column("supports", "Unterstützungen", _l("Zahl der Unterstützungen.")),
        Column("answered", "Beantwortet", _l("Vorschläge mit einer Antwort der Verwaltung.")),
        Column(
            "report_published_at",
            "Bericht veröffentlicht am",
            _l("Zeitpunkt, zu dem der Ergebnisbericht erschien (UTC)."),
        ),
        Column("url", "Adresse", _l("Der Ergebnisbericht im Portal.")),
    ),
    rows=result_rows,
)


# -- accountability per district ---------------------------------------------------------


def accountability_rows(links: Links) -> Iterator[tuple]:
    """The public page "Wie die Verwaltung antwortet", one row per district and one for
    the city-wide processes (three queries)."""
    rows, _city = accountability.by_district()
    for row in rows:
        record = row.record
        yield (
            row.district.code if row.district else "stadtweit",
            row.district.name if row.district else "Stadtweite Verfahren",
            record.proposals,
            record.answered,
            record.overdue,
            record.median_days,
        )


ACCOUNTABILITY = Dataset(
    slug="antworten-nach-bezirk",
    title=_l("Antworten der Verwaltung nach Stadtbezirk"),
    description=_l(
        "Für jeden Stadtbezirk und für die stadtweiten Verfahren: wie viele Vorschläge eine "
        "Antwort der Verwaltung bekommen, wie viele schon beantwortet sind, wie viele "
        "Antworten überfällig sind und wie viele Tage nach dem Ende des Dialogs die Antworten "
        "kamen (Median)."
    ),
    keywords=("Bürgerbeteiligung", "Rechenschaft", "Stadtbezirke"),
    columns=(
        Column(
            "district_code",
            "Stadtbezirk Nr.",
            _l("01 bis 13, oder „stadtweit“ für die stadtweiten Verfahren."),
        ),
        Column("district", "Stadtbezirk", _l("Der Name des Stadtbezirks.")),
        Column("proposals", "Vorschläge", _l("Vorschläge, die eine Antwort bekommen.")),
        Column("answered", "Beantwortet", _l("Davon beantwortet.")),
        Column(
            "overdue",
            "Überfällig",
            _l("Noch ohne Antwort, obwohl das Rückmeldedatum vorbei ist."),
        ),
        Column(
            "median_days",
            "Tage bis zur Antwort (Median)",
            _l("Tage vom Ende des Dialogs bis zur Antwort; leer, solange keine Antwort da ist."),
        ),
    ),
    rows=accountability_rows,
)


# -- partner directory -------------------------------------------------------------------


def partner_rows(links: Links) -> Iterator[tuple]:
    """The active partner organisations with the public fields of their page, without
    e-mail address, telephone number and contact person: three queries."""
    active = PartnerOrganisation.status == "active"
    districts: dict[int, list[str]] = defaultdict(list)
    for organisation_id, code in db.session.execute(
        select(partner_district.c.organisation_id, District.code)
        .join(District, District.id == partner_district.c.district_id)
        .order_by(partner_district.c.organisation_id, District.code)
    ):
        districts[organisation_id].append(code)
    fields: dict[int, list[str]] = defaultdict(list)
    for organisation_id, name in db.session.execute(
        select(partner_action_field.c.organisation_id, ActionField.name)
        .join(ActionField, ActionField.id == partner_action_field.c.action_field_id)
        .order_by(partner_action_field.c.organisation_id, ActionField.name)
    ):
        fields[organisation_id].append(name)
    statement = (
        select(
            PartnerOrganisation.id,
            PartnerOrganisation.slug,
            PartnerOrganisation.name,
            PartnerOrganisation.kind,
            PartnerOrganisation.description,
            PartnerOrganisation.website,
            PartnerOrganisation.is_coordinating,
            PartnerOrganisation.seal_granted_at,
            PartnerOrganisation.decided_at,
        )
        .where(active)
        .order_by(func.lower(PartnerOrganisation.name), PartnerOrganisation.id)
    )
    for organisation_id, slug, *middle, seal, since in _stream(statement):
        yield (
            slug,
            *middle,
            seal.date() if seal else None,
            since.date() if since else None,
            _joined(districts.get(organisation_id, ())),
            _joined(fields.get(organisation_id, ())),
            links("partners.detail", slug=slug),
        )


PARTNERS = Dataset(
    slug="partnerorganisationen",
    title=_l("Partnerorganisationen im Netzwerk Bürgermitwirkung"),
    description=_l(
        "Die aktiven Partnerorganisationen des Netzwerks mit Art, Beschreibung, Webseite, "
        "Gütesiegel, Stadtbezirken und Handlungsfeldern. Ohne Ansprechpersonen, E-Mail-"
        "Adressen und Telefonnummern."
    ),
    keywords=("Bürgerbeteiligung", "Netzwerk", "Organisationen", "Ehrenamt"),
    theme="SOCI",
    columns=(
        Column("slug", "Kennung", _l("Der Teil der Adresse, der die Organisation bezeichnet.")),
        Column("name", "Name", _l("Der Name der Organisation.")),
        Column(
            "kind",
            "Art",
            _l(
                "welfare_association (Wohlfahrtsverband), migrant_organisation "
                "(Migrant*innenorganisation), self_help (Selbsthilfe), municipal_office "
                "(städtische Stelle), initiative (Initiative), media (Medien) oder other."
            ),
        ),
        Column("description", "Beschreibung", _l("Wie sich die Organisation vorstellt.")),
        Column("website", "Webseite", _l("Die Webseite der Organisation.")),
        Column(
            "coordinating",
            "Koordiniert das Netzwerk",
            _l("true, wenn die Organisation das Netzwerk mit koordiniert."),
        ),
        Column(
            "seal_granted_on", "Gütesiegel seit", _l("Tag, an dem das Gütesiegel verliehen wurde.")
        ),
        Column("partner_since", "Partner seit", _l("Tag der Aufnahme ins Netzwerk.")),
        Column(
            "district_codes",
            "Stadtbezirke",
            _l("Nummern der Stadtbezirke, in denen sie aktiv ist."),
        ),
        Column(
            "action_fields",
            "Handlungsfelder",
            _l("Ihre Handlungsfelder, durch Semikolon getrennt."),
        ),
        Column("url", "Adresse", _l("Die Seite der Organisation im Portal.")),
    ),
    rows=partner_rows,
)


DATASETS: dict[str, Dataset] = {
    dataset.slug: dataset for dataset in (PROCESSES, PROPOSALS, RESULTS, ACCOUNTABILITY, PARTNERS)
}
