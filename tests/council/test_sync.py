"""The sync against the OParl test server, and what the process page shows after it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participation.council import sync
from participation.council.models import CouncilPaper
from participation.council.services import link_paper
from tests.council.oparl_server import stamp

LINKED = "0003/2026"


@pytest.fixture
def process(make_process, make_user):
    process = make_process("Neuer Stadtplatz")
    link_paper(actor=make_user("coordinator"), process=process, reference=LINKED)
    return process


def page(client, process) -> str:
    response = client.get(f"/verfahren/{process.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def im_rat(html: str) -> str:
    """The "Im Rat" section of a process page."""
    match = re.search(r'<section[^>]*id="im-rat".*?</section>', html, re.S)
    assert match, "no Im-Rat section"
    return re.sub(r"\s+", " ", match.group(0))


def paper_list_requests(oparl) -> list[str]:
    return [r for r in oparl.requests if r.startswith("/oparl/v1.1/body/1/papers")]


def test_three_pages_are_read_and_the_page_shows_the_consultations(db, oparl, client, process):
    outcome = sync.sync()
    assert outcome.ok and outcome.papers == 5
    assert len(paper_list_requests(oparl)) == 3
    assert db.session.scalar(select(func.count()).select_from(CouncilPaper)) == 5
    section = im_rat(page(client, process))
    assert "Drucksache 0003/2026: Umgestaltung Platz 3" in section
    assert "Stadtbezirksrat Linden-Limmer" in section
    assert "Anhörung" in section
    assert "Beraten, noch kein Ergebnis veröffentlicht" in section
    assert "Stadtentwicklungs- und Bauausschuss" in section
    assert "Entscheidung – entscheidet" in section
    assert "Beratung geplant" in section
    assert 'href="https://rat.example.org/vorlage/3"' in section
    assert 'href="https://rat.example.org/dateien/2003.pdf"' in section
    assert "Stand:" in section
    # Papers not linked to the process are not on its page.
    assert "0002/2026" not in section


def test_an_update_is_fetched_with_modified_since_and_shown(oparl, client, process):
    assert sync.sync().ok
    oparl.requests.clear()
    # The committee decided: the agenda item carries the result, the paper's `modified`
    # moves (OParl 1.1: changing a sub-object updates its main object's `modified`).
    item = oparl.agenda_item(1, oparl.ahead, "Beschlossen")
    paper = oparl.papers[3]
    paper["consultation"][1]["agendaItem"] = item
    paper["modified"] = stamp()
    outcome = sync.sync()
    assert outcome.ok and outcome.papers == 1
    first = paper_list_requests(oparl)[0]
    assert "modified_since=" in first
    section = im_rat(page(client, process))
    assert "Entschieden: Beschlossen" in section
    assert "Beratung geplant" not in section


def test_a_deleted_paper_keeps_its_last_state_and_says_so(oparl, client, process):
    assert sync.sync().ok
    oparl.delete_paper(3)
    outcome = sync.sync()
    assert outcome.ok and outcome.deleted == 1
    section = im_rat(page(client, process))
    assert "Umgestaltung Platz 3" in section
    assert "Stadtbezirksrat Linden-Limmer" in section
    assert "aus dem Ratsinformationssystem entfernt" in section


@pytest.mark.parametrize("fault", ["slow", "500", "json"])
def test_a_failing_endpoint_leaves_the_last_known_state_with_its_date(
    db, oparl, client, process, fault
):
    assert sync.sync().ok
    before = im_rat(page(client, process))
    # The first page of the next run holds a change; the failure comes on a later page,
    # so nothing of the run may be kept.
    oparl.papers[3]["name"] = "Geänderter Titel"
    oparl.papers[3]["modified"] = stamp()
    oparl.papers[5]["modified"] = stamp()
    oparl.page_size = 1
    oparl.delay = 1.5
    oparl.faults["/oparl/v1.1/body/1/papers?page=2"] = fault
    outcome = sync.sync()
    assert not outcome.ok
    assert {"slow": "timeout", "500": "HTTP 500", "json": "no JSON"}[fault] in outcome.error
    db.session.expire_all()
    assert db.session.scalar(select(CouncilPaper.name).where(CouncilPaper.reference == LINKED)) == (
        "Umgestaltung Platz 3"
    )
    section = im_rat(page(client, process))
    assert "Umgestaltung Platz 3" in section and "Geänderter Titel" not in section
    assert "Stand:" in section
    assert "nicht erreichbar" in section and "nicht erreichbar" not in before
    # The endpoint is back: the next run catches up and the notice goes.
    oparl.faults.clear()
    assert sync.sync().ok
    section = im_rat(page(client, process))
    assert "Geänderter Titel" in section and "nicht erreichbar" not in section


def test_the_system_being_down_before_the_first_run_leaves_a_plain_reference(
    oparl, client, process
):
    oparl.faults["/oparl/v1.1"] = "500"
    assert not sync.sync().ok
    section = im_rat(page(client, process))
    assert "Drucksache 0003/2026" in section
    assert "noch nicht aus dem Ratsinformationssystem abgerufen" in section
    assert "nicht erreichbar" in section


def test_links_that_are_not_http_are_neither_followed_nor_shown(oparl, client, process):
    oparl.papers[3]["web"] = "javascript:alert(1)"
    oparl.papers[3]["mainFile"]["accessUrl"] = "data:text/html,x"
    assert sync.sync().ok
    section = im_rat(page(client, process))
    assert "javascript:" not in section and "data:text" not in section
    oparl.objects[oparl.system_url]["body"] = "file:///etc/passwd"
    outcome = sync.sync()
    assert not outcome.ok and "no body list" in outcome.error


def test_a_next_link_that_loops_is_refused(oparl, process):
    real = oparl._list_page

    def looping(url, items, query):
        page = real(url, items, query)
        page["links"]["next"] = page["links"]["self"]
        return page

    oparl._list_page = looping
    outcome = sync.sync()
    assert not outcome.ok and "loop" in outcome.error


def test_the_scheduler_runs_the_sync_as_a_job(db, oparl, process):
    from participation.jobs.models import Job
    from participation.jobs.services import tick

    tick()
    job = db.session.scalar(select(Job).where(Job.name == "council.sync"))
    assert job is not None and job.status == "done"
    assert db.session.scalar(select(func.count()).select_from(CouncilPaper)) == 5
    tick()  # the same hour: queued once
    assert db.session.scalar(select(func.count()).where(Job.name == "council.sync")) == 1


def test_the_cli_command_syncs(app, oparl):
    result = app.test_cli_runner().invoke(args=["council", "sync"])
    assert result.exit_code == 0, result.output
    assert "papers: 5" in result.output
    oparl.faults["/oparl"] = "500"
    result = app.test_cli_runner().invoke(args=["council", "sync"])
    assert result.exit_code != 0 and "HTTP 500" in result.output


def test_without_oparl_url_the_numbers_stay_plain_references(make_app, make_process, make_user):
    plain = make_app()
    with plain.app_context():
        process = make_process("Ohne Ratsinformationssystem", council_documents=("1234/2026",))
        html = plain.test_client().get(f"/verfahren/{process.slug}").get_data(as_text=True)
        assert "Drucksache 1234/2026" in html
        assert 'id="im-rat"' not in html
        assert not sync.sync().ok


def test_the_process_page_costs_the_same_queries_for_one_paper_or_five(
    app, oparl, client, process, make_user
):
    from tests.conftest import count_queries

    assert sync.sync().ok
    slug = process.slug  # read now: the test's own session must not query in the count
    page(client, process)  # warm up the caches of the first request
    with count_queries(app) as one:
        client.get(f"/verfahren/{slug}")
    coordinator = make_user("coordinator")
    for number in (1, 2, 4, 5):
        link_paper(actor=coordinator, process=process, reference=f"{number:04d}/2026")
    with count_queries(app) as five:
        html = client.get(f"/verfahren/{slug}").get_data(as_text=True)
    assert html.count('class="council-paper"') == 5
    assert five.count == one.count


def test_urls_on_other_hosts_are_not_followed(oparl, process):
    """The server cannot make the portal ask another host (an internal address, say): a
    list, a next link or an object elsewhere fails the run; nothing is requested there."""
    oparl.objects[oparl.system_url]["body"] = "http://localhost:9/bodies"
    outcome = sync.sync()
    assert not outcome.ok and "refused to follow" in outcome.error

    real = oparl._list_page

    def elsewhere(url, items, query):
        page = real(url, items, query)
        if "next" in page["links"]:
            page["links"]["next"] = "http://169.254.169.254/latest/meta-data"
        return page

    oparl.objects[oparl.system_url]["body"] = f"{oparl.base}/bodies"
    oparl._list_page = elsewhere
    outcome = sync.sync()
    assert not outcome.ok and "169.254.169.254" in outcome.error


def test_an_oversized_answer_fails_the_run(app, oparl, process):
    app.config["OPARL_MAX_BYTES"] = 300
    outcome = sync.sync()
    assert not outcome.ok and "larger than 300 bytes" in outcome.error


def test_a_sub_object_the_server_cannot_give_leaves_its_fields_empty(oparl, client, process):
    consultation = oparl.papers[3]["consultation"][0]
    consultation["meeting"] = f"{oparl.base}/meeting/999"  # 404 at the server
    outcome = sync.sync()
    assert outcome.ok and outcome.papers == 5
    section = im_rat(page(client, process))
    assert "Umgestaltung Platz 3" in section
