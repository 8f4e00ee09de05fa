"""The exchange format: export, import round trip, and broken or hostile files."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from participation.core.errors import Invalid
from participation.extensions import db
from participation.practice import exchange
from participation.practice.models import PracticeExample
from tests.harness.xss import dangerous_features
from tests.projects.images import multipart

OTHER = "https://beteiligung.koeln.example"


def _document(**entry) -> dict:
    example = {
        "id": "k-1",
        "url": f"{OTHER}/praxisbeispiele/k-1",
        "title": "Veedelsdialog Ehrenfeld",
        "summary": "Ein Dialog über den Platz vor dem Bahnhof.",
        "format": "online_dialogue",
        "format_other": "",
        "scope": "district",
        "district": "Ehrenfeld",
        "place": "",
        "action_fields": [{"slug": "wohnen", "name": "Wohnen"}, {"slug": "karneval", "name": "K"}],
        "target_groups": ["neighbours"],
        "texts": {"worked": "Viele **Ideen**", "not_worked": "Zu kurz."},
        "resources": {"staff_days": 20, "budget_euros": 8000, "duration_weeks": 6},
        "figures": {"participants": 312, "proposals": 58, "comments": 140, "answers": 58},
        "contact": {"office": "Bürgeramt Ehrenfeld", "email": "buergeramt@koeln.example"},
        "source": {
            "portal": "Beteiligung Köln",
            "municipality": "Stadt Köln",
            "url": OTHER,
            "id": "k-1",
            "link": f"{OTHER}/praxisbeispiele/k-1",
        },
        "published_at": "2026-05-01T10:00:00Z",
        "updated_at": "2026-05-02T10:00:00Z",
    }
    example.update(entry)
    return {
        "format": "praxisbeispiele",
        "version": 1,
        "publisher": {"portal": "Beteiligung Köln", "municipality": "Stadt Köln", "url": OTHER},
        "exported_at": "2026-06-01T00:00:00Z",
        "examples": [example],
    }


def _raw(document) -> bytes:
    return json.dumps(document).encode()


def _count() -> int:
    number = db.session.scalar(select(func.count(PracticeExample.id)))
    db.session.rollback()
    return number


def test_export_is_the_documented_format(client, make_example, app):
    example = make_example(
        "Exportiert", scope="district", district_code="10", action_field_slugs=("wohnen",)
    )
    make_example("Nicht fertig", publish=False)
    response = client.get("/praxisbeispiele.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = response.get_json()
    assert document["format"] == "praxisbeispiele" and document["version"] == 1
    assert document["publisher"]["portal"] == app.config["SITE_NAME"]
    [entry] = document["examples"]
    assert entry["id"] == str(example.id) and entry["district"] == "Linden-Limmer"
    assert entry["source"]["url"] == app.config["BASE_URL"] and entry["source"]["id"] == entry["id"]
    assert entry["action_fields"] == [{"slug": "wohnen", "name": example.action_fields[0].name}]
    # What we export, our own schema accepts.
    assert exchange.read_document(response.get_data())["examples"][0]["title"] == "Exportiert"


def test_import_round_trip_as_drafts_and_again_updates(office):
    summary = exchange.import_document(actor=office, raw=_raw(_document()))
    assert summary.count("created") == 1 and "karneval" in summary.lines[0].note
    example = db.session.scalar(select(PracticeExample))
    assert example.status == "draft" and example.source == "external"
    assert example.source_name == "Stadt Köln" and example.origin_id == "k-1"
    assert example.origin_url == OTHER and example.place == "Stadt Köln – Ehrenfeld"
    assert [f.slug for f in example.action_fields] == ["wohnen"]
    assert example.participants == 312 and "<strong>Ideen</strong>" in example.worked_html
    again = exchange.import_document(
        actor=office, raw=_raw(_document(title="Veedelsdialog Ehrenfeld (neu)"))
    )
    assert again.count("updated") == 1 and _count() == 1
    example = db.session.scalar(select(PracticeExample))
    assert example.title == "Veedelsdialog Ehrenfeld (neu)"


def test_published_imports_are_not_overwritten(office):
    from participation.practice import services

    exchange.import_document(actor=office, raw=_raw(_document()))
    services.publish(actor=office, example=db.session.scalar(select(PracticeExample)))
    summary = exchange.import_document(actor=office, raw=_raw(_document(title="Anders")))
    assert summary.count("skipped") == 1
    assert db.session.scalar(select(PracticeExample.title)) == "Veedelsdialog Ehrenfeld"


def test_own_export_reimported_is_skipped(client, office, make_example):
    make_example("Eigenes")
    raw = client.get("/praxisbeispiele.json").get_data()
    summary = exchange.import_document(actor=office, raw=raw)
    assert summary.count("skipped") == 1 and _count() == 1


def test_round_trip_between_two_portals(client, office, make_example, app):
    make_example(
        "Aus Hannover",
        target_groups=("seniors",),
        texts={"worked": "Gut"},
        numbers={"staff_days": 3},
    )
    raw = client.get("/praxisbeispiele.json").get_data()
    app.config["BASE_URL"] = "https://andere-kommune.example"
    try:
        summary = exchange.import_document(actor=office, raw=raw)
    finally:
        app.config["BASE_URL"] = "http://127.0.0.1:5000"
    assert summary.count("created") == 1
    imported = db.session.scalar(select(PracticeExample).where(PracticeExample.status == "draft"))
    assert imported.title == "Aus Hannover" and imported.staff_days == 3
    assert (
        imported.target_groups == ["seniors"]
        and imported.source_name == app.config["MUNICIPALITY_NAME"]
    )


def _nested(depth: int) -> bytes:
    return b'{"format": "praxisbeispiele", "version": 1, "x": ' + b"[" * depth + b"]" * depth + b"}"


HOSTILE = {
    "empty": b"",
    "not json": b"{nope",
    "not utf-8": b'{"format": "\xff"}',
    "a list": b"[1, 2]",
    "wrong format": _raw({"format": "andere", "version": 1}),
    "wrong version": _raw({**_document(), "version": 2}),
    "deep nesting": _nested(100_000),
    "moderately deep": _nested(500),
    "huge integer text": b'{"format": "praxisbeispiele", "version": ' + b"9" * 5000 + b"}",
    "NaN": b'{"format": "praxisbeispiele", "version": NaN}',
    "too big": b" " * (exchange.MAX_BYTES + 1) + b"{}",
}


def _with(path: list, value):
    document = _document()
    target = document["examples"][0]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return _raw(document)


HOSTILE_ENTRIES = {
    "huge figure": (["figures", "participants"], 10**30),
    "negative figure": (["resources", "budget_euros"], -5),
    "float figure": (["figures", "answers"], 1.5),
    "bool figure": (["figures", "answers"], True),
    "string figure": (["figures", "answers"], "12"),
    "unknown field": (["role"], "admin"),
    "unknown format": (["format"], "zauberei"),
    "title as list": (["title"], ["a"]),
    "empty title": (["title"], ""),
    "long title": (["title"], "x" * 201),
    "control characters": (["summary"], "a\x00b"),
    "javascript link": (["source", "link"], "javascript:alert(1)"),
    "source without url": (["source", "url"], None),
    "target group": (["target_groups"], ["aliens"]),
    "bad slug": (["action_fields"], [{"slug": "<b>", "name": "x"}]),
    "texts as string": (["texts"], "x"),
    "long text": (["texts", "worked"], "x" * 20001),
}


@pytest.mark.parametrize("name", list(HOSTILE) + list(HOSTILE_ENTRIES))
def test_broken_and_hostile_files_are_refused_without_writing(office, name):
    raw = HOSTILE[name] if name in HOSTILE else _with(*HOSTILE_ENTRIES[name])
    with pytest.raises(Invalid) as error:
        exchange.import_document(actor=office, raw=raw)
    assert error.value.field == "document" and error.value.message
    assert _count() == 0


def test_duplicate_ids_in_one_file_are_refused(office):
    document = _document()
    document["examples"].append(copy.deepcopy(document["examples"][0]))
    with pytest.raises(Invalid):
        exchange.import_document(actor=office, raw=_raw(document))


def test_markup_in_imported_texts_is_sanitised(client, office):
    raw = _with(
        ["texts", "worked"],
        "<script>alert(1)</script>[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    exchange.import_document(actor=office, raw=raw)
    example = db.session.scalar(select(PracticeExample))
    assert not dangerous_features(example.worked_html)
    assert "<img" not in example.worked_html and 'href="javascript' not in example.worked_html


def _upload(client, raw: bytes, name: str = "export.json"):
    # A body built by hand: the test client would spool a large one into a file it leaves open.
    body, content_type = multipart(
        {"csrf_token": client.csrf_token()}, {"document": (raw, name, "application/json")}
    )
    return client.post("/verwaltung/praxisbeispiele/import", data=body, content_type=content_type)


def test_upload_form_shows_a_summary_and_errors_next_to_the_field(client, office):
    client.login(office)
    response = _upload(client, _raw(_document()))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Neu: 1" in page and "Veedelsdialog" in page
    response = _upload(client, b"{kaputt")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="document-error"' in page
    assert "kein gültiges JSON" in page
    response = _upload(client, _with(["figures", "participants"], 10**30))
    assert response.status_code == 422 and "figures.participants" in response.get_data(as_text=True)
    response = client.post_form("/verwaltung/praxisbeispiele/import", {})
    assert response.status_code == 422 and 'id="document-error"' in response.get_data(as_text=True)


def test_district_managers_may_not_import(client, make_user):
    client.login(make_user("district_manager", district="10"))
    assert _upload(client, _raw(_document())).status_code == 403
    assert _count() == 0


def test_hostile_uploads_never_answer_5xx(client, office):
    client.login(office)
    for name, raw in HOSTILE.items():
        response = _upload(client, raw)
        assert 400 <= response.status_code < 500, name
    for name, args in HOSTILE_ENTRIES.items():
        response = _upload(client, _with(*args))
        assert response.status_code == 422, name
    assert _count() == 0
