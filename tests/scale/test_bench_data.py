"""The benchmark's data set: the shapes of a city in a few hundred rows, counters exact."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text, update

from participation.comments.models import Comment
from participation.extensions import db
from participation.projects.models import Process
from participation.proposals.models import Proposal
from participation.scale.data import (
    BULK_TABLES,
    SCALES,
    TINY,
    build,
    counter_mismatches,
    remove_written_after,
)
from participation.votes.models import Support


@pytest.fixture
def built(app):
    report = build(TINY)
    db.session.remove()
    return report


def test_the_data_set_has_the_rows_it_promises(built):
    counts = built.counts
    assert counts["process"] == TINY.processes
    assert counts["proposal"] == TINY.proposals
    assert counts["comment"] == TINY.comments
    assert counts["support"] == TINY.supports
    assert counts["user_account"] == TINY.residents + 1  # and the office's account
    assert counts["partner_organisation"] == TINY.partners
    assert counts["contribution"] == TINY.contributions
    assert counts["district"] == 13
    assert counts["volunteer_opportunity"] == TINY.opportunities
    assert counts["volunteer_interest"] == TINY.volunteer_interests


def test_stored_counters_agree_with_the_rows(built):
    assert counter_mismatches() == dict.fromkeys(counter_mismatches(), 0)
    process_total = db.session.scalar(select(func.sum(Process.proposal_count)))
    assert process_total == TINY.proposals
    supports = db.session.scalar(select(func.sum(Proposal.support_count)))
    assert supports == db.session.scalar(select(func.count()).select_from(Support))


def test_the_check_finds_a_counter_that_is_off(built):
    db.session.execute(update(Proposal).where(Proposal.id == 2).values(support_count=999))
    db.session.commit()
    assert counter_mismatches()["proposal.support_count"] == 1


def test_the_hot_process_and_thread_have_their_sizes(built, client):
    hot = db.session.scalar(select(Process).order_by(Process.proposal_count.desc()))
    assert hot.proposal_count == TINY.hot_proposals
    thread = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.proposal_id == 1)
    )
    assert thread == TINY.hot_comments
    replies = db.session.scalar(
        select(func.count()).select_from(Comment).where(Comment.parent_id.is_not(None))
    )
    assert 0 < replies < TINY.comments
    # The pages the benchmark measures answer; new rows get ids after the bulk ones.
    assert client.get(f"/verfahren/{hot.slug}").status_code == 200
    assert client.get("/vorschlaege/1").status_code == 200


def test_new_rows_continue_after_the_bulk_ids(built, make_user, make_comment):
    proposal = db.session.get(Proposal, 1)
    comment = make_comment(proposal.process, proposal=proposal)
    assert comment.id == TINY.comments + 1


def test_what_a_write_row_added_is_removed_with_its_counters(
    built, make_user, make_comment, make_proposal
):
    """The benchmark's comment and proposal rows take their rows out again afterwards."""
    process = db.session.get(Proposal, 1).process
    before = (process.proposal_count, process.comment_count)
    last_comment = db.session.scalar(select(func.max(Comment.id)))
    last_proposal = db.session.scalar(select(func.max(Proposal.id)))
    written = make_proposal(process)
    make_comment(process, proposal=written)
    make_comment(process)
    db.session.refresh(process)
    assert (process.proposal_count, process.comment_count) == (before[0] + 1, before[1] + 2)
    assert remove_written_after(Comment, last_comment, process.id) == 2
    assert remove_written_after(Proposal, last_proposal, process.id) == 1
    db.session.refresh(process)
    assert (process.proposal_count, process.comment_count) == before
    assert counter_mismatches() == dict.fromkeys(counter_mismatches(), 0)


def test_a_filled_database_is_refused(built):
    with pytest.raises(RuntimeError, match="empty database"):
        build(TINY)


def test_the_command_prints_the_check(make_app):
    app = make_app()
    result = app.test_cli_runner().invoke(args=["bench-data", "--scale", "small"])
    assert result.exit_code == 0, result.output
    assert "counters: consistent with the rows" in result.output
    assert f"{SCALES['small'].comments:,}" in result.output
    again = app.test_cli_runner().invoke(args=["bench-data", "--scale", "small"])
    assert again.exit_code != 0
    assert "empty database" in again.output


def test_the_marketplace_entries_are_listed(built, client):
    assert built.counts["market_entry"] == TINY.market_entries
    page = client.get("/marktplatz").get_data(as_text=True)
    assert f"{TINY.market_entries} Einträge" in page


def test_the_bulk_tables_are_vacuumed_on_postgresql(built):
    """Index-only scans need the visibility map that VACUUM writes; without it the first
    benchmark rows after a build read the heap (bench/results.md measured it)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's VACUUM and statistics views")
    vacuumed = db.session.scalars(
        text(
            "SELECT relname FROM pg_stat_user_tables "
            "WHERE schemaname = current_schema() AND last_vacuum IS NOT NULL"
        )
    ).all()
    assert set(BULK_TABLES) <= set(vacuumed)
