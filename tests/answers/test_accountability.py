"""Accountability in public: answered, overdue and the median days from the dialogue's end
to the answer, per process and per district, counted exactly and with fixed queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from participation.answers import accountability
from participation.answers import services as answers
from participation.coordination.services import advance_to
from participation.core import clock
from participation.core.clock import local_today
from participation.projects.services import PhaseInput
from tests.conftest import count_queries

TEXT = "Die Verwaltung prüft das im nächsten Quartal genau."


def test_days_are_counted_in_city_time_from_the_dialogues_last_day():
    end = date(2026, 3, 10)
    # 23:30 UTC on the 10th is already the 11th in Hannover.
    assert accountability.days_after(datetime(2026, 3, 10, 23, 30, tzinfo=UTC), end) == 1
    assert accountability.days_after(datetime(2026, 3, 20, 9, 0, tzinfo=UTC), end) == 10
    assert accountability.days_after(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), end) == 0
    assert accountability.days_after(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), None) is None


def _ended_dialogue(make_process, make_proposal, *, district: str, proposals: int, due_in: int):
    """A process whose dialogue ran until today, with `proposals` proposals, closed."""
    today = local_today()
    process = make_process(
        district=district,
        phases=(PhaseInput("dialogue", today - timedelta(days=10), today),),
        feedback_due=today + timedelta(days=due_in),
    )
    made = [make_proposal(process) for _ in range(proposals)]
    return process, made


def _answer_later(actor, proposal, days: int):
    with clock.travel(clock.utcnow() + timedelta(days=days)):
        answers.answer(actor=actor, proposal=proposal, status="accepted", text=TEXT)


def test_per_process_and_per_district(make_user, make_process, make_proposal):
    office = make_user("coordinator")
    linden, (a, b, c) = _ended_dialogue(
        make_process, make_proposal, district="10", proposals=3, due_in=20
    )
    mitte, (d, e) = _ended_dialogue(
        make_process, make_proposal, district="01", proposals=2, due_in=5
    )
    _answer_later(office, a, 4)
    _answer_later(office, b, 10)
    _answer_later(office, d, 30)
    advance_to(actor=office, process=linden, status="closed")
    record = accountability.for_process(linden)
    assert (record.proposals, record.answered, record.overdue) == (3, 2, 0)
    assert record.median_days == 7.0
    with clock.travel(clock.utcnow() + timedelta(days=8)):
        # Mitte promised answers within 5 days: e is overdue; Linden's are not yet.
        rows, city = accountability.by_district()
        by_code = {row.district.code if row.district else None: row.record for row in rows}
        assert by_code["01"] == accountability.AnswerRecord(2, 1, 1, 30.0)
        assert by_code["10"] == accountability.AnswerRecord(3, 2, 0, 7.0)
        assert by_code["05"] == accountability.AnswerRecord(0, 0, 0, None)
        assert city == accountability.AnswerRecord(5, 3, 1, 10.0)
        assert accountability.for_process(mitte).overdue == 1


def test_the_pages_show_it_with_fixed_queries(app, client, make_user, make_process, make_proposal):
    office = make_user("coordinator")
    process, proposals = _ended_dialogue(
        make_process, make_proposal, district="10", proposals=2, due_in=20
    )
    _answer_later(office, proposals[0], 3)
    html = client.get(f"/verfahren/{process.slug}").get_data(as_text=True)
    assert "1 von 2 Vorschlägen sind beantwortet." in html
    assert "3,0 Tage nach dem Ende des Dialogs" in html
    page = client.get("/antworten").get_data(as_text=True)
    assert 'id="bezirk-10"' in page and "3,0" in page

    def queries(path: str) -> int:
        with count_queries(app) as counter:
            assert client.get(path).status_code == 200
        return counter.count

    few = [queries("/antworten"), queries(f"/verfahren/{process.slug}")]
    for district in ("01", "02", "10"):
        other, more = _ended_dialogue(
            make_process, make_proposal, district=district, proposals=3, due_in=1
        )
        for proposal in more[:2]:
            _answer_later(office, proposal, 2)
    for proposal in proposals[1:]:
        _answer_later(office, proposal, 1)
    assert [queries("/antworten"), queries(f"/verfahren/{process.slug}")] == few
