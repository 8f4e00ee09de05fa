"""The API's shapes: marshmallow schemas that both serialise the answers and describe them in
the OpenAPI document, so the two cannot drift apart. Descriptions are German, then English.

Only public fields appear here: no e-mail address, no author, reporter, moderation note or
staff name; withdrawn and hidden proposals and comments keep their place without content."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from participation.answers.models import ANSWER_STATUSES
from participation.api.http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from participation.contributions.models import KINDS
from participation.core.clock import local_today
from participation.core.links import external_url
from participation.partners.models import ORGANISATION_KINDS
from participation.projects.listing import PHASE_FILTERS
from participation.projects.listing import SORTS as PROCESS_SORTS
from participation.projects.stages import phase_state
from participation.proposals.models import RESPONSE_STATUSES
from participation.proposals.services import SORTS as PROPOSAL_SORTS


def doc(de: str, en: str) -> dict:
    """Field metadata: a description in German and English."""
    return {"description": f"{de} / {en}"}


def url(endpoint: str, **values) -> str:
    """An absolute link built from BASE_URL, never from the request's Host header (answers
    are cached by shared caches)."""
    return external_url(endpoint, **values)


def _links(properties: dict[str, str], nullable: tuple[str, ...] = ()) -> dict:
    """Metadata for a computed `links` object: each member a URL (or null)."""
    return {
        "type": "object",
        "description": "Verweise auf verwandte Ressourcen / Links to related resources",
        "properties": {
            name: {
                "type": ["string", "null"] if name in nullable else "string",
                "format": "uri",
                "description": text,
            }
            for name, text in properties.items()
        },
        "required": list(properties),
        "additionalProperties": False,
    }


class Strict(Schema):
    class Meta:
        ordered = True


# --- query parameters --------------------------------------------------------------------


class PageQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=1_000_000),
        metadata=doc("Seitennummer, ab 1", "Page number, from 1"),
    )
    per_page = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE,
        validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
        metadata=doc(
            f"Einträge je Seite, höchstens {MAX_PAGE_SIZE}",
            f"Items per page, at most {MAX_PAGE_SIZE}",
        ),
    )


_DISTRICT = validate.Regexp(r"^(0[1-9]|1[0-3]|stadtweit)$")
_SLUG = validate.Regexp(r"^[a-z0-9-]{1,80}$")
_TEXT = validate.Length(max=200)


class ProcessQuery(PageQuery):
    district = fields.String(
        validate=_DISTRICT,
        metadata=doc(
            "Bezirksnummer 01–13 oder „stadtweit“",
            'District code 01–13 or "stadtweit" (city-wide)',
        ),
    )
    action_field = fields.String(
        validate=_SLUG, metadata=doc("Handlungsfeld (Kürzel)", "Action field (slug)")
    )
    phase = fields.String(
        validate=validate.OneOf(PHASE_FILTERS),
        metadata=doc(
            "offen: Dialog läuft; bald: beginnt demnächst; auswertung; ergebnisse",
            "offen: dialogue open; bald: starting soon; auswertung: evaluation; "
            "ergebnisse: results",
        ),
    )
    q = fields.String(validate=_TEXT, metadata=doc("Suchbegriffe", "Search terms"))
    sort = fields.String(
        load_default="neu",
        validate=validate.OneOf(PROCESS_SORTS),
        metadata=doc(
            "neu: zuletzt veröffentlicht; titel; vorschlaege: meiste Vorschläge",
            "neu: newest; titel: by title; vorschlaege: most proposals",
        ),
    )


class ProposalQuery(PageQuery):
    category = fields.Integer(
        validate=validate.Range(min=1, max=2_147_483_647),
        metadata=doc("Kategorie (id)", "Category (id)"),
    )
    answer = fields.String(
        validate=validate.OneOf(("offen", "beantwortet", *ANSWER_STATUSES)),
        metadata=doc(
            "offen, beantwortet oder ein Antwortstatus",
            "offen (unanswered), beantwortet (answered) or one answer status",
        ),
    )
    q = fields.String(validate=_TEXT, metadata=doc("Suchbegriffe", "Search terms"))
    sort = fields.String(
        load_default="neu",
        validate=validate.OneOf(PROPOSAL_SORTS),
        metadata=doc(
            "neu, unterstuetzt, diskutiert oder zufall (mit seed)",
            "neu (newest), unterstuetzt (most supported), diskutiert (most discussed) or "
            "zufall (random, stable with seed)",
        ),
    )
    seed = fields.Integer(
        validate=validate.Range(min=1, max=2_000_000_000),
        metadata=doc("Startwert der zufälligen Reihenfolge", "Seed of the random order"),
    )


class RegisterQuery(PageQuery):
    district = fields.String(
        validate=validate.Regexp(r"^(0[1-9]|1[0-3])$"),
        metadata=doc(
            "Bezirksnummer 01–13 (stadtweite Vorhaben stehen bei jedem Bezirk)",
            "District code 01–13 (city-wide projects are listed under every district)",
        ),
    )


class PartnerQuery(PageQuery):
    kind = fields.String(
        validate=validate.OneOf(ORGANISATION_KINDS),
        metadata=doc("Art der Organisation", "Kind of organisation"),
    )
    district = fields.String(
        validate=validate.Regexp(r"^(0[1-9]|1[0-3])$"),
        metadata=doc("Bezirksnummer 01–13", "District code 01–13"),
    )
    action_field = fields.String(
        validate=_SLUG, metadata=doc("Handlungsfeld (Kürzel)", "Action field (slug)")
    )
    q = fields.String(validate=_TEXT, metadata=doc("Suchbegriffe", "Search terms"))


class ContributionQuery(PageQuery):
    kind = fields.String(
        load_default="event",
        validate=validate.OneOf(KINDS),
        metadata=doc(
            "event: Veranstaltungen (kommende); offer: Angebote; statement: Stellungnahmen",
            "event: upcoming events; offer: offers; statement: statements on processes",
        ),
    )
    district = fields.String(
        validate=validate.Regexp(r"^(0[1-9]|1[0-3])$"),
        metadata=doc("Bezirksnummer 01–13", "District code 01–13"),
    )


# --- shared parts -------------------------------------------------------------------------


class PageMeta(Strict):
    page = fields.Integer(required=True, metadata=doc("Diese Seite", "This page"))
    per_page = fields.Integer(required=True, metadata=doc("Einträge je Seite", "Items per page"))
    pages = fields.Integer(required=True, metadata=doc("Seiten insgesamt", "Number of pages"))
    total = fields.Integer(required=True, metadata=doc("Einträge insgesamt", "Number of items"))


PAGE_LINKS = _links(
    {
        "self": "Diese Seite / This page",
        "first": "Erste Seite / First page",
        "last": "Letzte Seite / Last page",
        "prev": "Vorige Seite oder null / Previous page or null",
        "next": "Nächste Seite oder null / Next page or null",
    },
    nullable=("prev", "next"),
)


class Named(Strict):
    """A district or an action field as part of another resource."""

    code = fields.String(required=True, metadata=doc("Kennung", "Identifier"))
    name = fields.String(required=True, metadata=doc("Name", "Name"))


class DistrictRef(Named):
    pass


class ActionFieldRef(Strict):
    slug = fields.String(required=True, metadata=doc("Kürzel", "Slug"))
    name = fields.String(required=True, metadata=doc("Name", "Name"))


class QuarterSchema(Strict):
    id = fields.Integer(required=True, metadata=doc("Kennung", "Identifier"))
    name = fields.String(required=True, metadata=doc("Stadtteil", "Quarter"))


class DistrictSchema(Strict):
    code = fields.String(required=True, metadata=doc("Bezirksnummer", "District code"))
    name = fields.String(required=True, metadata=doc("Name des Stadtbezirks", "District name"))
    quarters = fields.List(
        fields.Nested(QuarterSchema), required=True, metadata=doc("Stadtteile", "Quarters")
    )
    links = fields.Function(
        lambda d: {
            "self": url("api.district", code=d.code),
            "html": url("districts.detail", code=d.code),
            "processes": url("api.processes", district=d.code),
        },
        required=True,
        metadata=_links(
            {
                "self": "Diese Ressource / This resource",
                "html": "Seite des Bezirks / The district's page",
                "processes": "Verfahren im Bezirk / Processes of the district",
            }
        ),
    )


class ActionFieldSchema(Strict):
    slug = fields.String(required=True, metadata=doc("Kürzel", "Slug"))
    name = fields.String(required=True, metadata=doc("Name", "Name"))
    guiding_question = fields.String(
        required=True, allow_none=True, metadata=doc("Leitfrage", "Guiding question")
    )
    links = fields.Function(
        lambda a: {"processes": url("api.processes", action_field=a.slug)},
        required=True,
        metadata=_links({"processes": "Verfahren dazu / Its processes"}),
    )


class PhaseSchema(Strict):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(
            ("information", "dialogue", "evaluation", "results", "implementation")
        ),
        metadata=doc("Art der Phase", "Kind of phase"),
    )
    starts_on = fields.Date(required=True, metadata=doc("Beginn", "First day"))
    ends_on = fields.Date(required=True, metadata=doc("Ende", "Last day"))
    description = fields.String(required=True, metadata=doc("Beschreibung", "Description"))


class CouncilFileSchema(Strict):
    name = fields.String(required=True, metadata=doc("Dateiname", "File name"))
    url = fields.String(required=True, metadata=doc("Adresse beim Rat", "Address at the council"))


class CouncilConsultationSchema(Strict):
    organization = fields.String(
        required=True, metadata=doc("Gremium (Rat, Ausschuss, Bezirksrat)", "Body")
    )
    meeting_name = fields.String(required=True, metadata=doc("Sitzung", "Meeting"))
    meeting_start = fields.DateTime(
        required=True, allow_none=True, metadata=doc("Sitzungsbeginn", "Meeting start")
    )
    meeting_cancelled = fields.Boolean(
        required=True, metadata=doc("Sitzung abgesagt", "Meeting cancelled")
    )
    meeting_url = fields.String(required=True, metadata=doc("Seite der Sitzung", "Meeting page"))
    role = fields.String(required=True, metadata=doc("Rolle der Beratung", "Role"))
    authoritative = fields.Boolean(
        required=True,
        allow_none=True,
        metadata=doc("Das Gremium entscheidet hier", "The body decides here"),
    )
    result = fields.String(required=True, metadata=doc("Ergebnis", "Result"))
    decided = fields.Boolean(
        required=True, metadata=doc("Entschieden (mit Ergebnis)", "Decided, with a result")
    )


class CouncilPaperSchema(Strict):
    reference = fields.String(required=True, metadata=doc("Nummer", "Reference"))
    name = fields.String(required=True, metadata=doc("Titel der Drucksache", "Title"))
    paper_type = fields.String(required=True, metadata=doc("Art", "Kind of paper"))
    date = fields.Date(required=True, allow_none=True, metadata=doc("Datum", "Date"))
    web_url = fields.String(
        required=True, metadata=doc("Seite im Ratsinformationssystem", "Page at the council")
    )
    main_file = fields.Nested(
        CouncilFileSchema, required=True, allow_none=True, metadata=doc("Hauptdatei", "Main file")
    )
    auxiliary_files = fields.List(
        fields.Nested(CouncilFileSchema), required=True, metadata=doc("Anlagen", "Attachments")
    )
    modified = fields.DateTime(
        required=True, allow_none=True, metadata=doc("Zuletzt geändert", "Last modified")
    )
    deleted = fields.Boolean(
        required=True,
        metadata=doc("Beim Rat gelöscht (letzter Stand)", "Deleted at the council (last state)"),
    )
    consultations = fields.List(
        fields.Nested(CouncilConsultationSchema),
        required=True,
        metadata=doc("Beratungen", "Consultations"),
    )


class CouncilDocumentSchema(Strict):
    number = fields.String(
        required=True, metadata=doc("Drucksachen-Nummer (NNNN/JJJJ)", "Council paper number")
    )
    title = fields.String(required=True, metadata=doc("Titel", "Title"))
    papers = fields.List(
        fields.Nested(CouncilPaperSchema),
        required=True,
        metadata=doc(
            "Die Drucksache aus dem Ratsinformationssystem (OParl), sobald abgerufen",
            "The paper from the council information system (OParl), once fetched",
        ),
    )


def _process_links(p) -> dict:
    return {
        "self": url("api.process", slug=p.slug),
        "html": url("projects.detail", slug=p.slug),
        "proposals": url("api.proposals", slug=p.slug),
        "results": url("api.results", slug=p.slug),
    }


PROCESS_LINKS = _links(
    {
        "self": "Diese Ressource / This resource",
        "html": "Seite des Verfahrens / The process's page",
        "proposals": "Vorschläge / Proposals",
        "results": "Ergebnisbericht (404, solange keiner veröffentlicht ist) / Results report "
        "(404 until published)",
    }
)


class ProcessSummary(Strict):
    id = fields.Integer(required=True, metadata=doc("Kennung", "Identifier"))
    slug = fields.String(required=True, metadata=doc("Kürzel in der Adresse", "Slug"))
    title = fields.String(required=True, metadata=doc("Titel", "Title"))
    summary = fields.String(required=True, metadata=doc("Kurzbeschreibung", "Summary"))
    status = fields.String(
        required=True,
        validate=validate.OneOf(("published", "closed", "results_published", "archived")),
        metadata=doc("Stand im Ablauf", "Lifecycle status"),
    )
    stage = fields.Function(
        lambda p: phase_state(p, local_today()).code,
        required=True,
        metadata={
            "type": "string",
            **doc(
                "Wo das Verfahren heute steht: laufende Phase, upcoming, none oder der Status",
                "Where the process stands today: the running phase, upcoming, none or the status",
            ),
        },
    )
    district = fields.Nested(
        DistrictRef,
        required=True,
        allow_none=True,
        metadata=doc("Stadtbezirk; null: stadtweit", "District; null: city-wide"),
    )
    action_field = fields.Nested(
        ActionFieldRef, required=True, metadata=doc("Handlungsfeld", "Action field")
    )
    published_at = fields.DateTime(
        required=True, allow_none=True, metadata=doc("Veröffentlicht am", "Published at")
    )
    proposal_count = fields.Integer(
        required=True, metadata=doc("Veröffentlichte Vorschläge", "Published proposals")
    )
    comment_count = fields.Integer(
        required=True, metadata=doc("Veröffentlichte Kommentare", "Published comments")
    )
    links = fields.Function(_process_links, required=True, metadata=PROCESS_LINKS)


class ProcessDetail(ProcessSummary):
    description_html = fields.String(
        required=True, metadata=doc("Beschreibung (bereinigtes HTML)", "Description (safe HTML)")
    )
    easy_summary = fields.String(
        required=True, metadata=doc("In Leichter Sprache", "In Easy German")
    )
    decided_by = fields.String(required=True, metadata=doc("Wer entscheidet", "Who decides"))
    scope_for_influence = fields.String(
        required=True, metadata=doc("Was beeinflusst werden kann", "What can be influenced")
    )
    constraints = fields.String(
        required=True, metadata=doc("Was feststeht", "What is fixed already")
    )
    use_of_results = fields.String(
        required=True, metadata=doc("Was mit den Ergebnissen geschieht", "Use of the results")
    )
    feedback_due = fields.Date(
        required=True,
        allow_none=True,
        metadata=doc("Antworten zugesagt bis", "Answers promised by"),
    )
    contact_office = fields.String(
        required=True, metadata=doc("Zuständige Dienststelle", "Responsible office")
    )
    phases = fields.List(
        fields.Nested(PhaseSchema), required=True, metadata=doc("Phasen", "Phases")
    )
    council_documents = fields.List(
        fields.Nested(CouncilDocumentSchema),
        required=True,
        metadata=doc("Drucksachen des Rats", "Council papers"),
    )
    council_as_of = fields.DateTime(
        required=True,
        allow_none=True,
        metadata=doc(
            "Stand der Kopie aus dem Ratsinformationssystem", "When the council copy was fetched"
        ),
    )


class AnswerSchema(Strict):
    status = fields.String(
        required=True,
        validate=validate.OneOf(ANSWER_STATUSES),
        metadata=doc("Antwortstatus", "Answer status"),
    )
    text_html = fields.String(
        required=True, metadata=doc("Begründung (bereinigtes HTML)", "Justification (safe HTML)")
    )
    answered_at = fields.DateTime(required=True, metadata=doc("Beantwortet am", "Answered at"))
    updated_at = fields.DateTime(required=True, metadata=doc("Geändert am", "Changed at"))
    duplicate_of = fields.Integer(
        required=True,
        allow_none=True,
        metadata=doc(
            "Gleicher Vorschlag, dessen Antwort gilt",
            "The proposal whose answer applies (duplicates)",
        ),
    )


class CategoryRef(Strict):
    id = fields.Integer(required=True, metadata=doc("Kennung", "Identifier"))
    name = fields.String(required=True, metadata=doc("Name", "Name"))


class ProposalSchema(Strict):
    id = fields.Integer(required=True, metadata=doc("Kennung", "Identifier"))
    status = fields.String(
        required=True,
        validate=validate.OneOf(("published", "withdrawn", "hidden")),
        metadata=doc(
            "published; withdrawn und hidden ohne Inhalt",
            "published; withdrawn and hidden without content",
        ),
    )
    title = fields.String(required=True, allow_none=True, metadata=doc("Titel", "Title"))
    body_html = fields.String(
        required=True, allow_none=True, metadata=doc("Text (bereinigtes HTML)", "Text (safe HTML)")
    )
    category = fields.Nested(
        CategoryRef, required=True, allow_none=True, metadata=doc("Kategorie", "Category")
    )
    quarter = fields.Nested(
        QuarterSchema, required=True, allow_none=True, metadata=doc("Stadtteil", "Quarter")
    )
    place = fields.String(required=True, allow_none=True, metadata=doc("Ort", "Place"))
    created_at = fields.DateTime(required=True, metadata=doc("Eingereicht am", "Submitted at"))
    edited_at = fields.DateTime(
        required=True, allow_none=True, metadata=doc("Bearbeitet am", "Edited at")
    )
    response_status = fields.String(
        required=True,
        validate=validate.OneOf(RESPONSE_STATUSES),
        metadata=doc("Stand der Antwort (open: keine)", "Answer state (open: none yet)"),
    )
    support_count = fields.Integer(required=True, metadata=doc("Unterstützungen", "Supports"))
    comment_count = fields.Integer(required=True, metadata=doc("Kommentare", "Comments"))
    answer = fields.Nested(
        AnswerSchema,
        required=True,
        allow_none=True,
        metadata=doc("Antwort der Verwaltung", "The administration's answer"),
    )
    links = fields.Raw(
        required=True,
        metadata=_links(
            {
                "self": "Diese Ressource / This resource",
                "html": "Seite des Vorschlags / The proposal's page",
                "comments": "Kommentare / Comments",
                "process": "Das Verfahren / The process",
            }
        ),
    )


class CommentBase(Strict):
    id = fields.Integer(required=True, metadata=doc("Kennung", "Identifier"))
    status = fields.String(
        required=True,
        validate=validate.OneOf(("published", "deleted", "hidden")),
        metadata=doc(
            "published; deleted und hidden ohne Inhalt",
            "published; deleted and hidden without text",
        ),
    )
    body_html = fields.String(
        required=True, allow_none=True, metadata=doc("Text (bereinigtes HTML)", "Text (safe HTML)")
    )
    is_official = fields.Boolean(
        required=True, metadata=doc("Beitrag der Verwaltung", "Posted by the administration")
    )
    created_at = fields.DateTime(required=True, metadata=doc("Geschrieben am", "Posted at"))
    edited_at = fields.DateTime(
        required=True, allow_none=True, metadata=doc("Bearbeitet am", "Edited at")
    )
    up_count = fields.Integer(required=True, metadata=doc("Zustimmungen", "Up votes"))
    down_count = fields.Integer(required=True, metadata=doc("Ablehnungen", "Down votes"))


class CommentSchema(CommentBase):
    replies = fields.List(
        fields.Nested(CommentBase), required=True, metadata=doc("Antworten", "Replies")
    )


def page_of(schema: type[Schema], name: str) -> type[Schema]:
    """{"data": [<schema>], "meta": {page, per_page, pages, total}, "links": {self, first,
    last, prev, next}} for one page of a list."""
    return type(
        name,
        (Strict,),
        {
            "data": fields.List(fields.Nested(schema), required=True),
            "meta": fields.Nested(PageMeta, required=True),
            "links": fields.Raw(required=True, metadata=PAGE_LINKS),
        },
    )


def resource(schema: type[Schema], name: str) -> type[Schema]:
    """{"data": <schema>, "links": {"self": …}} for one resource."""
    return type(
        name,
        (Strict,),
        {
            "data": fields.Nested(schema, required=True),
            "links": fields.Raw(required=True, metadata=_links({"self": "Diese Ressource / Self"})),
        },
    )


def collection(schema: type[Schema], name: str) -> type[Schema]:
    """{"data": [<schema>], "links": {"self": …}} for a short, unpaginated list."""
    return type(
        name,
        (Strict,),
        {
            "data": fields.List(fields.Nested(schema), required=True),
            "links": fields.Raw(required=True, metadata=_links({"self": "Diese Liste / Self"})),
        },
    )


# --- results, register, network, accountability ------------------------------------------


class Totals(Strict):
    participants = fields.Integer(required=True, metadata=doc("Teilnehmende", "Participants"))
    proposals = fields.Integer(required=True, metadata=doc("Vorschläge", "Proposals"))
    comments = fields.Integer(required=True, metadata=doc("Kommentare", "Comments"))
    supports = fields.Integer(required=True, metadata=doc("Unterstützungen", "Supports"))


class QuarterFigure(Strict):
    quarter = fields.String(
        required=True, metadata=doc("Stadtteil (leer: ohne Ortsangabe)", "Quarter (empty: none)")
    )
    district = fields.String(required=True, metadata=doc("Stadtbezirk", "District"))
    proposals = fields.Integer(required=True, metadata=doc("Vorschläge", "Proposals"))


class WeekFigure(Strict):
    week_start = fields.Date(required=True, metadata=doc("Montag der Woche", "Monday"))
    proposals = fields.Integer(required=True, metadata=doc("Vorschläge", "Proposals"))
    comments = fields.Integer(required=True, metadata=doc("Kommentare", "Comments"))


class AnswerRecordSchema(Strict):
    proposals = fields.Integer(
        required=True, metadata=doc("Zu beantwortende Vorschläge", "Proposals owed an answer")
    )
    answered = fields.Integer(required=True, metadata=doc("Beantwortet", "Answered"))
    overdue = fields.Integer(required=True, metadata=doc("Überfällig", "Overdue"))
    median_days = fields.Float(
        required=True,
        allow_none=True,
        metadata=doc(
            "Median der Tage bis zur Antwort nach Ende des Dialogs",
            "Median days to answer after the dialogue ended",
        ),
    )


class ResultsSchema(Strict):
    process = fields.Nested(ProcessSummary, required=True)
    summary_html = fields.String(
        required=True, metadata=doc("Zusammenfassung (bereinigtes HTML)", "Summary (safe HTML)")
    )
    next_steps_html = fields.String(
        required=True, metadata=doc("Nächste Schritte (bereinigtes HTML)", "Next steps")
    )
    published_at = fields.DateTime(required=True, metadata=doc("Veröffentlicht am", "Published"))
    totals = fields.Nested(Totals, required=True)
    by_quarter = fields.List(fields.Nested(QuarterFigure), required=True)
    by_week = fields.List(fields.Nested(WeekFigure), required=True)
    answers = fields.Nested(AnswerRecordSchema, required=True)
    council_documents = fields.List(fields.Nested(CouncilDocumentSchema), required=True)
    council_as_of = fields.DateTime(
        required=True, allow_none=True, metadata=doc("Stand der Ratsdaten", "Council data as of")
    )


class PlannedSchema(Strict):
    slug = fields.String(required=True, metadata=doc("Kürzel", "Slug"))
    title = fields.String(required=True, metadata=doc("Titel", "Title"))
    summary = fields.String(required=True, metadata=doc("Kurzbeschreibung", "Summary"))
    stage = fields.Function(
        lambda p: phase_state(p, local_today()).code,
        required=True,
        metadata={
            "type": "string",
            **doc("planned: noch nicht veröffentlicht; sonst die Phase", "planned or the phase"),
        },
    )
    district = fields.Nested(DistrictRef, required=True, allow_none=True)
    action_field = fields.Nested(ActionFieldRef, required=True)
    expected_start = fields.Date(
        required=True, allow_none=True, metadata=doc("Voraussichtlicher Beginn", "Expected start")
    )
    links = fields.Function(
        lambda p: {
            "html": url("projects.detail", slug=p.slug) if p.status == "published" else None,
            "self": url("api.process", slug=p.slug) if p.status == "published" else None,
        },
        required=True,
        metadata=_links(
            {
                "self": "Das Verfahren, sobald veröffentlicht / The process once published",
                "html": "Seite, sobald veröffentlicht / Its page once published",
            },
            nullable=("self", "html"),
        ),
    )


class PartnerSchema(Strict):
    slug = fields.String(required=True, metadata=doc("Kürzel", "Slug"))
    name = fields.String(required=True, metadata=doc("Name", "Name"))
    kind = fields.String(
        required=True,
        validate=validate.OneOf(ORGANISATION_KINDS),
        metadata=doc("Art der Organisation", "Kind of organisation"),
    )
    description_html = fields.String(
        required=True, metadata=doc("Selbstdarstellung (bereinigtes HTML)", "Description")
    )
    website = fields.String(required=True, metadata=doc("Website", "Website"))
    seal = fields.Function(
        lambda o: o.seal_granted_at is not None,
        required=True,
        metadata={"type": "boolean", **doc("Trägt das Netzwerksiegel", "Holds the network's seal")},
    )
    districts = fields.List(fields.Nested(DistrictRef), required=True)
    action_fields = fields.List(fields.Nested(ActionFieldRef), required=True)
    links = fields.Function(
        lambda o: {
            "self": url("api.partner", slug=o.slug),
            "html": url("partners.detail", slug=o.slug),
        },
        required=True,
        metadata=_links({"self": "Diese Ressource / Self", "html": "Profilseite / Profile page"}),
    )


class OrganisationRef(Strict):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class ContributionSchema(Strict):
    id = fields.Integer(required=True, metadata=doc("Kennung", "Identifier"))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    title = fields.String(required=True, metadata=doc("Titel", "Title"))
    body_html = fields.String(required=True, metadata=doc("Text (bereinigtes HTML)", "Text"))
    organisation = fields.Nested(OrganisationRef, required=True)
    starts_at = fields.DateTime(required=True, allow_none=True, metadata=doc("Beginn", "Start"))
    ends_at = fields.DateTime(required=True, allow_none=True, metadata=doc("Ende", "End"))
    place = fields.String(required=True, metadata=doc("Ort", "Place"))
    accessibility = fields.String(
        required=True, metadata=doc("Hinweise zur Barrierefreiheit", "Accessibility notes")
    )
    external_url = fields.String(required=True, metadata=doc("Weitere Informationen", "More"))
    districts = fields.List(fields.Nested(DistrictRef), required=True)
    created_at = fields.DateTime(required=True, metadata=doc("Veröffentlicht am", "Published"))
    links = fields.Function(
        lambda c: {"html": url("contributions.detail", contribution_id=c.id)},
        required=True,
        metadata=_links({"html": "Seite des Beitrags / Its page"}),
    )


class DistrictAccountability(Strict):
    district = fields.Nested(
        DistrictRef, required=True, allow_none=True, metadata=doc("null: stadtweit", "null: city")
    )
    record = fields.Nested(AnswerRecordSchema, required=True)


class AccountabilitySchema(Strict):
    districts = fields.List(fields.Nested(DistrictAccountability), required=True)
    city = fields.Nested(AnswerRecordSchema, required=True)


class IndexSchema(Strict):
    name = fields.String(required=True)
    version = fields.String(required=True)
    links = fields.Raw(
        required=True,
        metadata={
            "type": "object",
            "additionalProperties": {"type": "string", "format": "uri"},
            "description": "Einstiege der API / Entry points",
        },
    )


class Problem(Strict):
    """RFC 9457 problem details."""

    type = fields.String(required=True, metadata=doc("Art des Problems", "Problem type"))
    title = fields.String(required=True, metadata=doc("Kurz", "Short title"))
    status = fields.Integer(required=True, metadata=doc("HTTP-Status", "HTTP status"))
    detail = fields.String(required=True, metadata=doc("Erklärung", "Explanation"))
    instance = fields.String(required=True, metadata=doc("Angefragter Pfad", "Requested path"))
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata=doc("Fehler je Parameter", "Errors per parameter"),
    )
