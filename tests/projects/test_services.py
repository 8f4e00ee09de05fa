"""Creating, publishing, finding and listing processes; search on both engines."""

from datetime import timedelta

import pytest

from participation.core.clock import local_today
from participation.core.errors import Forbidden, Invalid, NotFound
from participation.projects import listing, services, stages
from participation.projects.services import PhaseInput

# For parameters only (built at collection): tests read the date when they run, so a run
# that crosses midnight in Hannover compares against the factories' own today.
TODAY = local_today()


@pytest.mark.parametrize(
    "role, district, allowed",
    [
        ("district_manager", "10", True),
        ("district_manager", "01", False),
        ("coordinator", "01", True),
        ("coordinator", None, True),
        ("district_manager", None, False),
        ("resident", "10", False),
        ("partner_member", "10", False),
        ("admin", None, True),
    ],
)
def test_who_may_create(make_user, role, district, allowed):
    actor = make_user(role, district="10") if role == "district_manager" else make_user(role)

    def create():
        return services.create_process(
            actor=actor,
            title="Neuer Platz",
            summary="s",
            action_field_slug="wohnen",
            district_code=district,
        )

    if allowed:
        assert create().status == "draft"
    else:
        with pytest.raises(Forbidden):
            create()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"council_documents": ("123/2026",)}, "council_documents"),
        ({"links": (("Plan", "javascript:alert(1)"),)}, "links"),
        ({"phases": (PhaseInput("dialogue", TODAY, TODAY - timedelta(days=1)),)}, "phases"),
        ({"phases": (PhaseInput("party", TODAY, TODAY),)}, "phases"),
        ({"phase_overrides": {"information": ["delete"]}}, "phase_overrides"),
        ({"title": "x"}, "title"),
        ({"action_field_slug": "gibt-es-nicht"}, "action_field"),
    ],
)
def test_invalid_input_is_refused_with_the_field(make_user, kwargs, field):
    actor = make_user("coordinator")
    arguments = {"title": "Neuer Platz", "summary": "s", "action_field_slug": "wohnen", **kwargs}
    with pytest.raises(Invalid) as refusal:
        services.create_process(actor=actor, **arguments)
    assert refusal.value.field == field


def test_slugs_are_unique_and_readable(make_process):
    first = make_process("Neue Spielplätze in Linden-Süd")
    second = make_process("Neue Spielplätze in Linden-Süd")
    assert first.slug == "neue-spielplatze-in-linden-sud"
    assert second.slug == "neue-spielplatze-in-linden-sud-2"


def test_description_is_sanitised_on_write(make_process):
    process = make_process(description_markdown="**Wichtig** <script>alert(1)</script>")
    assert "<strong>Wichtig</strong>" in process.description_html
    assert "<script" not in process.description_html


def test_drafts_are_hidden_from_the_public(make_process, make_user):
    from flask_login import AnonymousUserMixin

    draft = make_process(publish=False)
    with pytest.raises(NotFound):
        services.get_process(actor=AnonymousUserMixin(), slug=draft.slug)
    with pytest.raises(NotFound):
        services.get_process(actor=make_user("district_manager", district="01"), slug=draft.slug)
    manager = make_user("district_manager", district="10")
    assert services.get_process(actor=manager, slug=draft.slug) == draft


@pytest.mark.parametrize(
    "plan, action, expected",
    [
        ("dialogue", "propose", True),
        ("dialogue", "support", True),
        ("information", "propose", False),
        ("evaluation", "comment", False),
        ("upcoming", "comment", False),
    ],
)
def test_what_is_open_follows_the_current_phase(make_process, plan, action, expected):
    assert stages.is_open(make_process(plan=plan), action, local_today()) is expected


def test_overrides_open_comments_in_the_information_phase(make_process):
    process = make_process(plan="information", phase_overrides={"information": ["comment"]})
    assert stages.is_open(process, "comment", local_today())
    assert not stages.is_open(process, "propose", local_today())


def test_unpublished_processes_are_never_open(make_process):
    assert not stages.is_open(
        make_process(plan="dialogue", publish=False), "propose", local_today()
    )


def test_list_filters(make_process):
    linden_open = make_process("Linden offen", district="10", plan="dialogue")
    mitte_soon = make_process("Mitte bald", district="01", plan="upcoming", field="bildung")
    city_eval = make_process("Stadtweit Auswertung", district=None, plan="evaluation")
    make_process("Entwurf", publish=False)

    def titles(**filters):
        return [p.title for p in listing.list_processes(today=local_today(), **filters).items]

    assert sorted(titles()) == sorted([linden_open.title, mitte_soon.title, city_eval.title])
    assert titles(district_code="10") == [linden_open.title]
    assert titles(district_code="stadtweit") == [city_eval.title]
    assert titles(action_field_slug="bildung") == [mitte_soon.title]
    assert titles(phase="offen") == [linden_open.title]
    assert titles(phase="bald") == [mitte_soon.title]
    assert titles(phase="auswertung") == [city_eval.title]
    assert titles(sort="titel") == sorted(titles())


@pytest.mark.parametrize(
    "query, found",
    [
        ("spielplatz", True),
        ("Spielplätze", True),
        ("SPIELPL", True),
        ("linden spielplatz", True),
        ("radweg", False),
        ("spielplatz radweg", False),
    ],
)
def test_search_in_title_and_summary(make_process, query, found):
    make_process("Neue Spielplätze in Linden", summary="Wo sollen Kinder in Linden spielen?")
    make_process("Ein anderes Verfahren", summary="Es geht um Bänke.")
    titles = [p.title for p in listing.list_processes(today=local_today(), query=query).items]
    assert ("Neue Spielplätze in Linden" in titles) is found


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        '"',
        "*",
        "NEAR(",
        "a AND",
        "%_",
        "\\",
        "ü" * 200,
        "title:x",
        "-x",
        "^x",
        "(x)",
        "x:*",
        "&|!",
    ],
)
def test_search_syntax_cannot_break_the_query(make_process, query):
    make_process("Neue Spielplätze in Linden")
    result = listing.list_processes(today=local_today(), query=query)
    assert result.total >= 0


def test_search_follows_title_changes(make_process, db):
    process = make_process("Alter Titel")
    process.title = "Neuer Marktplatz"
    db.session.commit()
    assert [
        p.title for p in listing.list_processes(today=local_today(), query="marktplatz").items
    ] == ["Neuer Marktplatz"]
    assert listing.list_processes(today=local_today(), query="alter").total == 0


def test_list_has_a_fixed_number_of_queries(app, make_process):
    from tests.conftest import count_queries

    def queries(count):
        for _ in range(count):
            make_process()
        with count_queries(app) as counter:
            result = listing.list_processes(today=local_today())
            assert result.items and all(p.phases is not None for p in result.items)
            assert all(p.district is None or p.district.name for p in result.items)
        return counter.count

    assert queries(3) == queries(40)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"links": (("x" * 201, "https://example.org"),)}, "links"),
        ({"links": (("Plan", "https://example.org/" + "x" * 500),)}, "links"),
        ({"categories": ("x" * 81,)}, "categories"),
        ({"summary": "x" * 601}, "summary"),
    ],
)
def test_overlong_items_are_refused_not_truncated(make_user, kwargs, field):
    arguments = {"title": "Neuer Platz", "summary": "s", "action_field_slug": "wohnen", **kwargs}
    with pytest.raises(Invalid) as refusal:
        services.create_process(actor=make_user("coordinator"), **arguments)
    assert refusal.value.field == field


def test_duplicate_categories_are_merged(make_user):
    process = services.create_process(
        actor=make_user("coordinator"),
        title="Platz",
        summary="s",
        action_field_slug="wohnen",
        categories=("Grün", "Grün ", ""),
    )
    assert [c.name for c in process.categories] == ["Grün"]


def _phases(*spans):
    """PhaseInputs from (kind, first day offset, last day offset) relative to today."""
    return tuple(
        PhaseInput(kind, local_today() + timedelta(days=a), local_today() + timedelta(days=b))
        for kind, a, b in spans
    )


@pytest.mark.parametrize(
    "spans, allowed",
    [
        ((("information", 0, 9), ("dialogue", 10, 20)), True),
        ((("dialogue", 10, 20), ("information", 0, 9)), True),  # order of input is free
        ((("information", 0, 10), ("dialogue", 10, 20)), False),  # sharing a day
        ((("information", 0, 15), ("dialogue", 10, 20)), False),
        ((("dialogue", 0, 30), ("evaluation", 10, 20)), False),  # one inside the other
        ((("information", 0, 0), ("dialogue", 1, 1), ("evaluation", 1, 2)), False),
    ],
)
def test_phases_may_not_overlap(make_user, spans, allowed):
    def create():
        return services.create_process(
            actor=make_user("coordinator"),
            title="Platz",
            summary="s",
            action_field_slug="wohnen",
            phases=_phases(*spans),
        )

    if allowed:
        assert len(create().phases) == len(spans)
    else:
        with pytest.raises(Invalid) as refusal:
            create()
        assert refusal.value.field == "phases"
        assert "überschneiden sich" in refusal.value.message


@pytest.mark.parametrize(
    "missing, sentence",
    [
        ({"scope_for_influence": ""}, "Was die Einwohner*innen beeinflussen können, fehlt."),
        ({"scope_for_influence": "   "}, "Was die Einwohner*innen beeinflussen können, fehlt."),
        ({"constraints": ""}, "Die Grenzen des Gestaltungsspielraums fehlen."),
        ({"use_of_results": ""}, "Was mit den Ergebnissen passiert, fehlt."),
        ({"feedback_due": None}, "Das Datum, bis zu dem die Verwaltung antwortet, fehlt."),
        ({"contact_email": ""}, "Eine Ansprechperson oder Stelle mit E-Mail-Adresse fehlt."),
        (
            {"phases": _phases(("information", 1, 5), ("evaluation", 6, 9))},
            "Eine Dialogphase mit Beginn und Ende fehlt.",
        ),
    ],
)
def test_submitting_needs_what_residents_must_know(make_process, make_user, missing, sentence):
    from participation.coordination.services import transition

    draft = make_process(publish=False, **missing)
    with pytest.raises(Invalid) as refusal:
        transition(actor=make_user("coordinator"), process=draft, action="submit")
    assert refusal.value.message == sentence
    assert draft.status == "draft" and draft.published_at is None


def test_publishing_a_complete_draft_works(make_process):
    process = make_process(publish=True)
    assert process.status == "published" and process.published_at is not None


def test_soon_lists_only_processes_with_a_phase_to_come(make_process, db):
    upcoming = make_process("Bald", plan="upcoming")
    running = make_process("Läuft", plan="dialogue")
    without_phases = make_process("Ohne Phasen", plan="upcoming")
    without_phases.phases = []  # e.g. published before phases were required
    db.session.commit()
    titles = [p.title for p in listing.list_processes(today=local_today(), phase="bald").items]
    assert titles == [upcoming.title]
    assert stages.phase_state(without_phases, local_today()).code == "none"
    assert stages.phase_state(running, local_today()).code == "dialogue"


@pytest.mark.parametrize(
    "plan, status, code, label",
    [
        ("dialogue", "published", "dialogue", "Dialog"),
        ("information", "published", "information", "Information"),
        ("evaluation", "published", "evaluation", "Auswertung"),
        ("upcoming", "published", "upcoming", "Demnächst"),
        ("evaluation", "closed", "closed", "Abgeschlossen"),
        ("results", "results_published", "results_published", "Ergebnisse veröffentlicht"),
        ("results", "archived", "archived", "Abgeschlossen"),
    ],
)
def test_phase_state_says_where_a_process_stands(make_process, db, plan, status, code, label):
    process = make_process(plan=plan)
    process.status = status
    db.session.commit()
    state = stages.phase_state(process, local_today())
    assert (state.code, state.label) == (code, label)


def test_list_filters_agree_with_phase_state(make_process, db):
    """The SQL filters and phase_state() answer the same question the same way."""
    processes = []
    for plan in ("information", "dialogue", "evaluation", "upcoming", "results"):
        for status in ("published", "closed", "results_published", "archived"):
            process = make_process(f"{plan} {status}", plan=plan)
            process.status = status
            processes.append(process)
    gap = make_process("Zwischen den Phasen", phases=_phases(("dialogue", -20, -10)))
    processes.append(gap)
    db.session.commit()
    for name, codes in stages.FILTER_STATES.items():
        listed = {p.title for p in listing.list_processes(today=local_today(), phase=name).items}
        expected = {
            p.title for p in processes if stages.phase_state(p, local_today()).code in codes
        }
        assert listed == expected, name
        assert listed, f"the data set covers the filter {name}"
