"""Staff link council papers to a process: by number, or from a search of the local copy."""

from __future__ import annotations

from sqlalchemy import select

from participation.council import sync
from participation.projects.models import CouncilDocument


def numbers(db, process) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(CouncilDocument.number).where(CouncilDocument.process_id == process.id)
        )
    )


def test_a_district_manager_links_and_unlinks_a_paper(db, client, make_user, make_process):
    process = make_process("Platz am Küchengarten", publish=False)
    client.login(make_user("district_manager", district="10"))
    page = f"/verwaltung/verfahren/{process.slug}/rat"
    assert client.get(page).status_code == 200
    response = client.post_form(page, {"reference": "0003/2026"})
    assert response.status_code == 303
    response = client.post_form(page, {"reference": "0003/2026"})  # again: nothing new
    assert numbers(db, process) == ["0003/2026"]
    html = client.get(page).get_data(as_text=True)
    assert "Drucksache 0003/2026" in html and "noch nicht abgerufen" in html
    document = db.session.scalar(select(CouncilDocument))
    response = client.post_form(f"{page}/{document.id}/entfernen")
    assert response.status_code == 303
    assert numbers(db, process) == []


def test_a_wrong_number_is_refused_next_to_the_field(db, client, make_user, make_process):
    process = make_process(publish=False)
    client.login(make_user("coordinator"))
    response = client.post_form(f"/verwaltung/verfahren/{process.slug}/rat", {"reference": "12/3"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Drucksachen-Nummern haben die Form 1234/2026." in html
    assert 'value="12/3"' in html
    assert numbers(db, process) == []


def test_the_search_finds_papers_of_the_local_copy_and_links_them(
    db, client, make_user, make_process, oparl
):
    assert sync.sync().ok
    process = make_process(publish=False)
    client.login(make_user("coordinator"))
    page = f"/verwaltung/verfahren/{process.slug}/rat"
    html = client.get(page, query_string={"q": "platz 4"}).get_data(as_text=True)
    assert "Umgestaltung Platz 4" in html and "Umgestaltung Platz 3" not in html
    assert 'name="reference" value="0004/2026"' in html
    assert "Keine Drucksache gefunden" in client.get(page, query_string={"q": "%_"}).get_data(
        as_text=True
    )
    assert client.post_form(page, {"reference": "0004/2026"}).status_code == 303
    assert numbers(db, process) == ["0004/2026"]
    html = client.get(page).get_data(as_text=True)
    assert "Drucksache 0004/2026</strong>: Umgestaltung Platz 4" in html


def test_other_districts_and_residents_cannot_link(db, client, make_user, make_process):
    process = make_process(publish=False)
    page = f"/verwaltung/verfahren/{process.slug}/rat"
    client.login(make_user("district_manager", district="01"))
    assert client.get(page).status_code == 404
    assert client.post_form(page, {"reference": "0003/2026"}).status_code == 404
    client.logout()
    client.login(make_user("resident"))
    assert client.get(page).status_code == 403
    assert numbers(db, process) == []


def test_the_process_page_leads_its_staff_to_the_council_page(client, make_user, make_process):
    process = make_process()
    link = f'href="/verwaltung/verfahren/{process.slug}/rat"'
    assert link not in client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    client.login(make_user("district_manager", district="10"))
    assert link in client.get(f"/verfahren/{process.slug}").get_data(as_text=True)


def test_the_results_report_lists_the_papers(db, client, make_user, make_process, oparl):
    from participation.coordination.services import advance_to
    from participation.council.services import link_paper
    from participation.results import services as results

    coordinator = make_user("coordinator")
    process = make_process("Bericht mit Drucksache", plan="results")
    link_paper(actor=coordinator, process=process, reference="0003/2026")
    assert sync.sync().ok
    advance_to(actor=coordinator, process=process, status="closed")
    results.save(
        actor=coordinator,
        process=process,
        summary="Die Beteiligten wünschen sich mehr Grün und mehr Bänke am Platz.",
        next_steps="",
    )
    results.publish(actor=coordinator, process=process, override_reason="")
    html = client.get(f"/verfahren/{process.slug}/ergebnisse").get_data(as_text=True)
    assert "Umgestaltung Platz 3" in html and "Stadtbezirksrat Linden-Limmer" in html
    document = client.get(f"/verfahren/{process.slug}/ergebnisse.json").get_json()
    assert document["council_papers"][0]["reference"] == "0003/2026"
    assert document["council_papers"][0]["consultations"][1]["authoritative"] is True
    pdf = client.get(f"/verfahren/{process.slug}/ergebnisse.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
