"""The results report: figures equal the database, publishing needs every answer or a
reason, participants and followers hear once, and the downloads hold what the page holds."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select, text

from participation.answers import services as answers
from participation.core.errors import Forbidden, Invalid
from participation.extensions import db
from participation.results import services as results
from participation.results.figures import figures
from tests.accounts.helpers import mails_to
from tests.notifications.helpers import want_at_once

SUMMARY = "Viele Einwohner*innen wünschen sich mehr Grün und Bänke am Lindener Markt."
ANSWER = "Die Verwaltung setzt den Vorschlag im nächsten Jahr um."


def _count(sql: str, **params) -> int:
    return db.session.execute(text(sql), params).scalar_one()


def test_figures_equal_the_counts_in_the_database(closed_dialogue):
    dialogue = closed_dialogue()
    process_id = dialogue.process.id
    got = figures(dialogue.process)
    assert got.totals.proposals == _count(
        "SELECT count(*) FROM proposal WHERE process_id = :p AND status = 'published'",
        p=process_id,
    )
    assert got.totals.comments == _count(
        "SELECT count(*) FROM comment WHERE process_id = :p AND status = 'published'",
        p=process_id,
    )
    assert got.totals.supports == _count(
        "SELECT count(*) FROM support s JOIN proposal p ON p.id = s.proposal_id "
        "WHERE p.process_id = :p AND p.status = 'published'",
        p=process_id,
    )
    assert got.totals.participants == _count(
        "SELECT count(*) FROM (SELECT author_id AS u FROM proposal WHERE process_id = :p "
        "AND status = 'published' UNION SELECT author_id FROM comment WHERE process_id = :p "
        "AND status = 'published' AND NOT is_official UNION SELECT s.user_id FROM support s "
        "JOIN proposal p ON p.id = s.proposal_id WHERE p.process_id = :p "
        "AND p.status = 'published') AS people",
        p=process_id,
    )
    # The numbers themselves: 3 proposals, 2 comments, 2 supports; 3 authors, a commenter
    # and the follower who supports: 5 people. The hidden proposal counts nowhere.
    assert (got.totals.proposals, got.totals.comments, got.totals.supports) == (3, 2, 2)
    assert got.totals.participants == 5
    assert sum(count for _q, _d, count in got.by_quarter) == 3
    assert sorted(count for _q, _d, count in got.by_quarter) == [1, 2]
    assert sum(p for _w, p, _c in got.by_week) == 3
    assert sum(c for _w, _p, c in got.by_week) == 2


def test_publishing_needs_a_report_and_every_answer_or_a_reason(closed_dialogue, mails):
    dialogue = closed_dialogue()
    process, office = dialogue.process, dialogue.office
    with pytest.raises(Invalid) as refusal:
        results.publish(actor=office, process=process)
    assert refusal.value.field == "summary"
    with pytest.raises(Invalid):
        results.save(actor=office, process=process, summary="Kurz", next_steps="")
    results.save(actor=dialogue.manager, process=process, summary=SUMMARY, next_steps="")
    with pytest.raises(Forbidden):
        results.publish(actor=dialogue.manager, process=process)
    with pytest.raises(Invalid) as refusal:
        results.publish(actor=office, process=process, override_reason="")
    assert refusal.value.field == "override_reason" and "3 Vorschläge" in refusal.value.message
    assert process.status == "closed" and results.report_of(process).published_at is None
    audience = [*dialogue.residents, dialogue.follower]
    for person in audience:
        want_at_once(person, "results_published")
    before = len(mails)
    assert before == len(mails)
    report = results.publish(
        actor=office,
        process=process,
        override_reason="Der Rat entscheidet vorher; die Antworten folgen im Bericht.",
    )
    assert process.status == "results_published" and report.published_at is not None
    assert report.override_reason.startswith("Der Rat")
    # Every participant and the follower once (at once, as they asked); no staff.
    for person in audience:
        subjects = [m["Subject"] for m in mails_to(mails, person.email)]
        assert subjects.count(f"Die Ergebnisse von „{process.title}“ sind veröffentlicht.") == 1
    assert not any("Ergebnisse" in m["Subject"] for m in mails_to(mails, office.email))


def test_with_every_answer_no_reason_is_needed(closed_dialogue):
    dialogue = closed_dialogue(proposals=2)
    for proposal in dialogue.proposals:
        answers.answer(actor=dialogue.manager, proposal=proposal, status="accepted", text=ANSWER)
    results.save(actor=dialogue.office, process=dialogue.process, summary=SUMMARY, next_steps="")
    report = results.publish(actor=dialogue.office, process=dialogue.process)
    assert report.override_reason == "" and dialogue.process.status == "results_published"


def _published(dialogue, title_of_first: str | None = None):
    if title_of_first:
        db.session.execute(
            text("UPDATE proposal SET title = :t WHERE id = :i"),
            {"t": title_of_first, "i": dialogue.proposals[0].id},
        )
        db.session.commit()
    for proposal in dialogue.proposals:
        answers.answer(actor=dialogue.manager, proposal=proposal, status="rejected", text=ANSWER)
    results.save(
        actor=dialogue.office,
        process=dialogue.process,
        summary=SUMMARY,
        next_steps="Der Bezirksrat berät im Mai.",
    )
    results.publish(actor=dialogue.office, process=dialogue.process)


def test_csv_cells_cannot_start_a_formula(client, closed_dialogue):
    dialogue = closed_dialogue(proposals=1)
    _published(dialogue, title_of_first='=HYPERLINK("http://x.example","klick")')
    response = client.get(f"/verfahren/{dialogue.process.slug}/ergebnisse.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][1] == "Titel" and len(rows) == 2
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert rows[1][1] == "'" + '=HYPERLINK("http://x.example","klick")'


def test_json_holds_the_figures_and_every_answer(client, closed_dialogue):
    dialogue = closed_dialogue()
    _published(dialogue)
    response = client.get(f"/verfahren/{dialogue.process.slug}/ergebnisse.json")
    document = json.loads(response.get_data(as_text=True))
    assert document["figures"]["proposals"] == 3
    assert document["figures"]["participants"] == figures(dialogue.process).totals.participants
    assert {p["id"] for p in document["proposals"]} == {p.id for p in dialogue.proposals}
    assert all(p["response"]["text"] == ANSWER for p in document["proposals"])
    assert "@" not in json.dumps(document), "no mail addresses in open data"


def test_the_pdf_holds_every_title_and_answer(client, closed_dialogue):
    from pypdf import PdfReader

    dialogue = closed_dialogue()
    _published(dialogue)
    response = client.get(f"/verfahren/{dialogue.process.slug}/ergebnisse.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for proposal in dialogue.proposals:
        assert proposal.title in words
    assert words.count(ANSWER) == 3
    assert "Werbung für einen Laden" not in words
    fonts = _embedded_fonts(reader)
    assert fonts and all("DejaVu" in name for name in fonts), fonts
    assert all(fonts.values()), "every font's file is inside the PDF"


def test_making_a_pdf_keeps_uploads_strict(client, closed_dialogue):
    from PIL import ImageFile

    dialogue = closed_dialogue(proposals=1)
    _published(dialogue)
    assert client.get(f"/verfahren/{dialogue.process.slug}/ergebnisse.pdf").status_code == 200
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def _embedded_fonts(reader) -> dict[str, bool]:
    """Base font name -> whether its font file is embedded."""
    found = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            found[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return found


def test_the_report_is_public_only_once_published(client, make_user, closed_dialogue):
    dialogue = closed_dialogue(proposals=1)
    path = f"/verfahren/{dialogue.process.slug}/ergebnisse"
    assert client.get(path).status_code == 404
    results.save(actor=dialogue.office, process=dialogue.process, summary=SUMMARY, next_steps="")
    assert client.get(path).status_code == 404
    assert client.get(path + ".csv").status_code == 404
    staff = dialogue.process  # the draft is a preview for the process's staff
    manager = make_user("district_manager", district="10")
    other = make_user("district_manager", district="01")
    staff_client = client.application.test_client()
    staff_client.login(manager)
    assert "Entwurf" in staff_client.get(path).get_data(as_text=True)
    other_client = client.application.test_client()
    other_client.login(other)
    assert other_client.get(path).status_code == 404
    answers.answer(
        actor=dialogue.manager, proposal=dialogue.proposals[0], status="accepted", text=ANSWER
    )
    results.publish(actor=dialogue.office, process=staff)
    html = client.get(path).get_data(as_text=True)
    assert SUMMARY.replace("*", "*") in html and ANSWER in html
    assert "Werbung für einen Laden" not in html
    assert f'href="{path}"' in client.get(f"/verfahren/{staff.slug}").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(text("results_report"))) == 1
