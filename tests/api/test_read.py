"""The public read API (participation/api): what it shows, what it never shows, how it
paginates, caches, refuses and limits."""

from __future__ import annotations

import json

import pytest

from participation.answers import services as answers
from participation.moderation import services as moderation
from tests.conftest import count_queries

API = "/api/v1"


def get_json(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code, response.data[:500])
    assert response.mimetype == "application/json"
    return response.get_json()


@pytest.fixture
def dialogue(make_process, make_proposal, make_comment, make_user):
    process = make_process("Spielplätze in Linden", district="10")
    first = make_proposal(process, title="Schaukel am Küchengarten")
    second = make_proposal(process, title="Wasserspiel im Park")
    top = make_comment(process, proposal=first, body="Gute Idee für Familien.")
    make_comment(process, proposal=first, parent=top, body="Finde ich auch.")
    manager = make_user("district_manager", district="10")
    answers.answer(
        actor=manager,
        proposal=first,
        status="accepted",
        text="Wird gebaut, im Frühjahr geht es los.",
    )
    return {"process": process, "first": first, "second": second, "manager": manager}


def test_index_links_every_entry_point(client):
    body = get_json(client, f"{API}/")
    assert body["links"]["processes"].endswith("/api/v1/processes")
    for link in body["links"].values():
        assert client.get(link).status_code == 200, link


def test_districts_with_quarters_and_action_fields(client):
    districts = get_json(client, f"{API}/districts")["data"]
    assert [d["code"] for d in districts] == [f"{n:02d}" for n in range(1, 14)]
    linden = get_json(client, f"{API}/districts/10")["data"]
    assert linden["name"] == "Linden-Limmer"
    assert "Linden-Nord" in {q["name"] for q in linden["quarters"]}
    fields = get_json(client, f"{API}/action-fields")["data"]
    assert "wohnen" in {f["slug"] for f in fields}
    assert client.get(f"{API}/districts/99").status_code == 404


def test_processes_filter_as_the_page_does(client, make_process):
    linden = make_process("Linden baut", district="10")
    mitte = make_process("Mitte plant", district="01", field="bildung")
    draft = make_process("Noch ein Entwurf", district="10", publish=False)

    def slugs(query=""):
        return {p["slug"] for p in get_json(client, f"{API}/processes{query}")["data"]}

    assert {linden.slug, mitte.slug} <= slugs() and draft.slug not in slugs()
    assert slugs("?district=10") == {linden.slug}
    assert slugs("?action_field=bildung") == {mitte.slug}
    assert slugs("?q=plant") == {mitte.slug}
    assert slugs("?phase=offen") == {linden.slug, mitte.slug}
    assert slugs("?phase=ergebnisse") == set()
    detail = get_json(client, f"{API}/processes/{linden.slug}")["data"]
    assert detail["district"] == {"code": "10", "name": "Linden-Limmer"}
    assert detail["phases"] and detail["stage"] == "dialogue"
    assert client.get(f"{API}/processes/{draft.slug}").status_code == 404


def test_pagination_links_and_hard_page_size(client, make_process):
    for number in range(5):
        make_process(f"Verfahren {number}")
    first = get_json(client, f"{API}/processes?per_page=2&district=10")
    assert first["meta"] == {"page": 1, "per_page": 2, "pages": 3, "total": 5}
    assert first["links"]["prev"] is None
    second = get_json(client, first["links"]["next"])
    assert second["meta"]["page"] == 2 and "district=10" in first["links"]["next"]
    last = get_json(client, second["links"]["next"])
    assert last["links"]["next"] is None and len(last["data"]) == 1
    seen = [p["id"] for page in (first, second, last) for p in page["data"]]
    assert len(set(seen)) == 5
    refused = client.get(f"{API}/processes?per_page=101")
    assert refused.status_code == 400
    assert refused.mimetype == "application/problem+json"
    problem = refused.get_json()
    assert problem["status"] == 400 and "per_page" in problem["errors"]
    assert problem["type"] == "about:blank" and problem["instance"] == f"{API}/processes"


def test_proposals_with_counters_answer_and_filters(client, dialogue):
    slug = dialogue["process"].slug
    body = get_json(client, f"{API}/processes/{slug}/proposals?sort=diskutiert")
    first, second = body["data"]
    assert first["id"] == dialogue["first"].id and first["comment_count"] == 2
    assert first["answer"]["status"] == "accepted" and "Wird gebaut" in first["answer"]["text_html"]
    assert second["answer"] is None and second["response_status"] == "open"
    answered = get_json(client, f"{API}/processes/{slug}/proposals?answer=beantwortet")
    assert [p["id"] for p in answered["data"]] == [dialogue["first"].id]
    random = get_json(client, f"{API}/processes/{slug}/proposals?sort=zufall")
    assert "seed=" in random["links"]["self"]
    one = get_json(client, f"{API}/proposals/{dialogue['first'].id}")["data"]
    assert one["links"]["comments"].endswith(f"/proposals/{dialogue['first'].id}/comments")


def test_comment_threads_are_paginated_with_replies(client, dialogue, make_comment):
    process, first = dialogue["process"], dialogue["first"]
    for number in range(3):
        make_comment(process, proposal=first, body=f"Weiterer Kommentar {number}")
    page = get_json(client, f"{API}/proposals/{first.id}/comments?per_page=2")
    assert page["meta"]["total"] == 4 and page["meta"]["pages"] == 2
    top = page["data"][0]
    assert "Gute Idee" in top["body_html"]
    assert [r["body_html"] for r in top["replies"]] == ["<p>Finde ich auch.</p>"]


def test_results_only_once_published(client, closed_dialogue):
    from participation.results import services as results

    dialogue = closed_dialogue(proposals=2)
    process, office = dialogue.process, dialogue.office
    assert client.get(f"{API}/processes/{process.slug}/results").status_code == 404
    summary = "Viele Ideen kamen zusammen; die meisten betreffen den Markt und seine Wege."
    results.save(actor=office, process=process, summary=summary, next_steps="Bauen.")
    assert client.get(f"{API}/processes/{process.slug}/results").status_code == 404
    results.publish(actor=office, process=process, override_reason="Rest folgt im Herbst.")
    data = get_json(client, f"{API}/processes/{process.slug}/results")["data"]
    assert "Viele Ideen" in data["summary_html"]
    assert data["totals"]["proposals"] == 2
    assert data["answers"]["proposals"] == 2 and data["answers"]["answered"] == 0
    assert "Werbung" not in client.get(f"{API}/processes/{process.slug}/results").text


def test_register_partners_contributions_and_accountability(client, make_partner, dialogue):
    partner = make_partner("Stadtteiltreff Linden")
    register = get_json(client, f"{API}/register?district=10")["data"]
    assert dialogue["process"].slug in {p["slug"] for p in register}
    partners = get_json(client, f"{API}/partners?q=Stadtteiltreff")["data"]
    assert [p["slug"] for p in partners] == [partner.organisation.slug]
    assert get_json(client, f"{API}/partners/{partner.organisation.slug}")["data"]["name"]
    assert get_json(client, f"{API}/contributions?kind=offer")["meta"]["total"] == 0
    record = get_json(client, f"{API}/accountability")["data"]
    linden = next(r for r in record["districts"] if r["district"] and r["district"]["code"] == "10")
    assert linden["record"]["proposals"] == 2 and linden["record"]["answered"] == 1


def test_etag_answers_304_until_something_changes(client, dialogue, make_proposal):
    path = f"{API}/processes/{dialogue['process'].slug}/proposals"
    first = client.get(path)
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    make_proposal(dialogue["process"], title="Noch ein Vorschlag dazu")
    changed = client.get(path, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag


def test_cors_and_no_session(app, client, make_user, make_process):
    draft = make_process("Geheimer Entwurf", publish=False)
    response = client.get(f"{API}/processes")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers
    preflight = client.options(
        f"{API}/processes",
        headers={"Origin": "https://rat.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    # Staff who are signed in still see what a visitor sees, and get no cookie back.
    staff = app.test_client()
    staff.sign_in(make_user("coordinator"))
    listed = staff.get(f"{API}/processes")
    assert draft.slug not in listed.get_data(as_text=True)
    assert "Set-Cookie" not in listed.headers
    assert staff.get(f"{API}/processes/{draft.slug}").status_code == 404


def test_rate_limit_per_address_answers_a_problem(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_API="3 per minute")
    client = app.test_client()
    statuses = [client.get(f"{API}/districts").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"{API}/districts")
    assert refused.mimetype == "application/problem+json"
    assert refused.get_json()["status"] == 429
    other = app.test_client()
    response = other.get(f"{API}/districts", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 200


def test_unknown_route_and_method_are_problems(client):
    missing = client.get(f"{API}/gibt-es-nicht")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    wrong = client.post(f"{API}/processes")
    assert wrong.status_code == 405 and "GET" in wrong.headers["Allow"]
    assert wrong.mimetype == "application/problem+json"


def test_hidden_pending_withdrawn_and_personal_data_never_appear(
    client, dialogue, make_proposal, make_comment, make_user
):
    process, first, manager = dialogue["process"], dialogue["first"], dialogue["manager"]
    hidden = make_proposal(process, title="Versteckter Werbetitel")
    # Answered before it was hidden: the answer may quote it, so it goes with it.
    answers.answer(
        actor=manager,
        proposal=hidden,
        status="rejected",
        text="Die Antwort nennt den Versteckten Werbetitel ausdrücklich.",
    )
    moderation.hide(
        actor=manager,
        target=moderation.target_of(proposal_id=hidden.id),
        reason="spam",
        explanation="Werbung ist hier fehl am Platz.",
    )
    withdrawn = make_proposal(process, title="Zurückgezogener Titel")
    from participation.proposals import services as proposals

    proposals.withdraw_proposal(actor=withdrawn.author, proposal=withdrawn)
    comment = make_comment(process, proposal=first, body="Beleidigender Kommentartext")
    moderation.hide(
        actor=manager,
        target=moderation.target_of(comment_id=comment.id),
        reason="insult",
        explanation="Verstoß gegen die Netiquette.",
    )
    paths = [
        f"{API}/processes",
        f"{API}/processes/{process.slug}",
        f"{API}/processes/{process.slug}/proposals",
        f"{API}/processes/{process.slug}/proposals?q=Werbetitel",
        f"{API}/proposals/{first.id}",
        f"{API}/proposals/{first.id}/comments",
        f"{API}/proposals/{hidden.id}",
        f"{API}/proposals/{hidden.id}/comments",
        f"{API}/proposals/{withdrawn.id}",
        f"{API}/register",
        f"{API}/accountability",
    ]
    secrets = [
        "Versteckter Werbetitel",
        "Versteckten Werbetitel",
        "Zurückgezogener Titel",
        "Beleidigender Kommentartext",
        "Werbung ist hier fehl am Platz",
        "Netiquette",
        "@example",
        "beteiligung@",
        "Frau Beispiel",
        first.author.pseudonym,
        manager.pseudonym,
    ]
    for path in paths:
        text = client.get(path).get_data(as_text=True)
        for secret in secrets:
            assert secret not in text, (path, secret)
    shown = get_json(client, f"{API}/proposals/{withdrawn.id}")["data"]
    assert shown["status"] == "withdrawn" and shown["title"] is None and shown["body_html"] is None
    thread = get_json(client, f"{API}/proposals/{first.id}/comments")["data"]
    assert {c["status"] for c in thread} == {"published", "hidden"}


def test_pending_proposals_do_not_exist(client, make_process, make_proposal):
    process = make_process("Vorab geprüft", pre_moderation=True)
    waiting = make_proposal(process, title="Wartet auf Freigabe")
    assert client.get(f"{API}/proposals/{waiting.id}").status_code == 404
    listed = get_json(client, f"{API}/processes/{process.slug}/proposals")
    assert listed["data"] == []


@pytest.mark.parametrize("signed_in", [False, True])
def test_lists_take_a_fixed_number_of_queries(
    app, make_user, make_process, make_proposal, make_comment, make_partner, signed_in
):
    client = app.test_client()
    if signed_in:
        client.sign_in(make_user("resident"))
    process = make_process("Viele Beiträge")
    proposals = []

    def grow(count):
        for _ in range(count):
            proposal = make_proposal(process)
            proposals.append(proposal)
            top = make_comment(process, proposal=proposals[0])
            make_comment(process, proposal=proposals[0], parent=top)
            make_process()
            make_partner()

    def queries(path):
        client.get(path)
        with count_queries(app) as counter:
            assert client.get(path).status_code == 200
        return counter.count

    lists = lambda: [  # noqa: E731 - the paths depend on the first proposal
        f"{API}/processes?per_page=100",
        f"{API}/processes/{process.slug}/proposals?per_page=100",
        f"{API}/proposals/{proposals[0].id}/comments?per_page=100",
        f"{API}/register?per_page=100",
        f"{API}/partners?per_page=100",
        f"{API}/contributions?kind=offer",
        f"{API}/accountability",
        f"{API}/districts",
    ]
    grow(2)
    small = [queries(path) for path in lists()]
    grow(8)
    large = [queries(path) for path in lists()]
    assert small == large, list(zip(lists(), small, large, strict=True))


def test_openapi_document_is_valid_and_complete(app, client):
    from openapi_spec_validator import validate

    document = get_json(client, f"{API}/openapi.json")
    validate(document)
    assert document["openapi"] == "3.1.0"
    documented = {path for path in document["paths"]}
    routes = {
        rule.rule.removeprefix(API).replace("<id:", "<").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert routes == documented
    for path, item in document["paths"].items():
        op = item["get"]
        assert " / " in op["description"] or "\n\n" in op["description"], path
        assert "200" in op["responses"], path
        for parameter in op.get("parameters", []):
            assert " / " in parameter["description"], (path, parameter["name"])
    json.dumps(document)  # serialisable as it is served


def test_reference_page_lists_every_endpoint(client):
    page = client.get("/api")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    document = get_json(client, f"{API}/openapi.json")
    for path in document["paths"]:
        assert f"/api/v1{path}" in html
    assert 'href="/api/v1/openapi.json"' in html


def test_process_shows_council_papers_from_the_local_oparl_copy(client, make_process):
    from datetime import UTC, datetime

    from participation.council.models import CouncilConsultation, CouncilPaper, CouncilSyncState
    from participation.extensions import db

    process = make_process("Mit Drucksache", council_documents=("1234/2026", "0042/2026"))
    paper = CouncilPaper(
        oparl_id="https://rat.example/oparl/paper/1",
        reference="1234/2026",
        name="Umgestaltung des Lindener Marktplatzes",
        paper_type="Beschlussdrucksache",
        web_url="https://rat.example/vo/1234",
        main_file={"name": "Vorlage.pdf", "url": "https://rat.example/f/1.pdf"},
        fetched_at=datetime(2026, 11, 30, 8, 0, tzinfo=UTC),
    )
    paper.consultations = [
        CouncilConsultation(
            organization="Stadtbezirksrat Linden-Limmer",
            meeting_name="12. Sitzung",
            meeting_start=datetime(2026, 11, 20, 18, 0, tzinfo=UTC),
            role="Entscheidung",
            authoritative=True,
            result="Beschlossen",
        )
    ]
    db.session.add_all(
        [paper, CouncilSyncState(id=1, last_success_at=datetime(2026, 12, 1, tzinfo=UTC))]
    )
    db.session.commit()
    data = get_json(client, f"{API}/processes/{process.slug}")["data"]
    by_number = {d["number"]: d for d in data["council_documents"]}
    assert by_number["0042/2026"]["papers"] == []  # linked by hand, not fetched (yet)
    (fetched,) = by_number["1234/2026"]["papers"]
    assert fetched["name"] == "Umgestaltung des Lindener Marktplatzes"
    assert fetched["main_file"]["url"] == "https://rat.example/f/1.pdf"
    (consultation,) = fetched["consultations"]
    assert consultation["decided"] is True
    assert consultation["organization"] == "Stadtbezirksrat Linden-Limmer"
    assert data["council_as_of"].startswith("2026-12-01")
