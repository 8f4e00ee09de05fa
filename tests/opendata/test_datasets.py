"""What each dataset holds, and what none of them may hold: drafts, hidden, withdrawn,
pending and refused content, answers to hidden proposals, and personal data."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from participation.accounts.models import User
from participation.extensions import db
from participation.opendata import generate
from participation.opendata.datasets import DATASETS
from tests.feeds.conftest import ANSWER_TEXT
from tests.opendata.conftest import NEVER, fetch, read_csv, read_json

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
FORMULA = '=HYPERLINK("http://x.example","Bänke")'


def _all_files(client, manifest) -> dict[str, str]:
    return {
        name: fetch(client, f"/opendata/{name}").get_data().decode("utf-8")
        for name in manifest["files"]
    }


def test_nothing_hidden_pending_or_personal_in_any_file(
    app, client, world, make_proposal, make_comment
):
    make_comment(world.process, body="Ein öffentlicher Kommentar")
    pending_process = db.session.scalar(
        select(type(world.process)).where(type(world.process).pre_moderation.is_(True))
    )
    make_comment(pending_process, body="Wartender Kommentar zur Prüfung")
    manifest = generate.generate()
    files = _all_files(client, manifest)
    never = NEVER | {
        "Wartender Kommentar zur Prüfung",
        "Das ist keine Idee für den Markt.",  # the answer to the hidden proposal
    }
    people = db.session.scalars(select(User)).all()
    for name, text in files.items():
        for title in never:
            assert title not in text, (name, title)
        for person in people:
            assert person.pseudonym not in text, (name, person.pseudonym)
            assert person.email not in text, (name, person.email)
        assert "Frau Beispiel" not in text  # the process's contact person
        if not name.startswith("catalog."):
            assert not EMAIL.search(text), (name, EMAIL.search(text))


def test_processes_are_the_public_ones(client, world, generated):
    table = read_csv(client, "verfahren")
    header, rows = table[0], table[1:]
    assert header == [column.label for column in DATASETS["verfahren"].columns]
    titles = {row[header.index("Titel")] for row in rows}
    assert {"Spielplatz am Lindener Markt", "Klimaschutzprogramm der Stadt"} <= titles
    assert "Geheimer Entwurf für Linden" not in titles
    linden = next(row for row in rows if row[header.index("Titel")] == world.process.title)
    assert linden[header.index("Stadtbezirk Nr.")] == "10"
    assert linden[header.index("Stand")] == "published"
    assert linden[header.index("Adresse")].endswith(f"/verfahren/{world.process.slug}")
    assert linden[header.index("Dialog von")]  # the dialogue's dates, ISO 8601
    city_wide = next(row for row in rows if row[header.index("Titel")] == world.city_wide.title)
    assert city_wide[header.index("Stadtbezirk Nr.")] == ""


def test_proposals_carry_their_answers(client, world, generated):
    data = read_json(client, "vorschlaege")
    records = {record["title"]: record for record in data["records"]}
    assert data["record_count"] == len(data["records"])
    answered = records["Schatten für den Sandkasten"]
    assert answered["response_status"] == "accepted"
    assert answered["response"] == ANSWER_TEXT
    assert answered["answered_at"].endswith("+00:00")
    open_one = records["Mehr Bänke am Markt"]
    assert open_one["response_status"] == "open" and open_one["response"] is None
    assert open_one["body"] == "Bänke **im Schatten**."
    assert "author" not in open_one and "pseudonym" not in json.dumps(data)


def test_formula_cells_are_neutralised_and_text_is_utf8(client, world, make_proposal):
    make_proposal(world.process, title=FORMULA, body="+49 und -1 und @all")
    generate.generate()
    table = read_csv(client, "vorschlaege")
    header = table[0]
    row = next(r for r in table[1:] if "HYPERLINK" in r[header.index("Titel")])
    assert row[header.index("Titel")] == "'" + FORMULA
    assert row[header.index("Text")] == "'+49 und -1 und @all"
    # JSON keeps the text as written: no spreadsheet reads it.
    titles = [record["title"] for record in read_json(client, "vorschlaege")["records"]]
    assert FORMULA in titles


def test_results_figures_of_published_reports_only(client, world, generated):
    data = read_json(client, "ergebniszahlen")
    assert [record["process_slug"] for record in data["records"]] == [world.reported.slug]
    figures = data["records"][0]
    # closed_dialogue: three proposals from three residents; two supports on the first.
    assert figures["proposals"] == 3
    assert figures["supports"] == 2
    assert figures["participants"] >= 3
    assert figures["report_published_at"]


def test_accountability_has_every_district_and_the_city_wide_row(client, world, generated):
    table = read_csv(client, "antworten-nach-bezirk")
    codes = [row[0] for row in table[1:]]
    assert codes == [f"{n:02d}" for n in range(1, 14)] + ["stadtweit"]
    linden = table[1:][9]
    assert int(linden[2]) >= 2 and int(linden[3]) >= 1  # owed, answered


def test_partners_active_only_without_contacts(client, world, make_organisation, generated):
    make_organisation(name="Wartet noch e. V.", status="applied")
    generate.generate()
    data = read_json(client, "partnerorganisationen")
    names = [record["name"] for record in data["records"]]
    assert "Nachbarschaftsladen e. V." in names
    assert "Wartet noch e. V." not in names
    assert set(data["records"][0]) == {c.key for c in DATASETS["partnerorganisationen"].columns}


def test_json_files_state_licence_and_date(client, generated):
    for slug in DATASETS:
        data = read_json(client, slug)
        assert data["license"]["name"] == generate.LICENSE_NAME
        assert data["license"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
        assert data["generated_at"] == generated["generated_at"]
        assert [c["key"] for c in data["columns"]] == [c.key for c in DATASETS[slug].columns]
