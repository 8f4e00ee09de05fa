"""The job and the CLI write the files with their dates; the scheduler queues one
generation per interval; each dataset takes the same number of queries for 2 rows as
for 30; a new generation replaces the old one whole."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from participation.extensions import db
from participation.jobs import services as jobs
from participation.jobs.models import Job
from participation.opendata import generate
from participation.opendata.datasets import DATASETS, Links
from tests.conftest import count_queries
from tests.feeds.test_query_counts import Grower


def test_scheduler_queues_one_generation_per_interval(app):
    now = datetime(2026, 12, 7, 10, 5, tzinfo=UTC)
    jobs.tick(now)  # inline: the job runs after the step's commit
    manifest = generate.read_manifest()
    assert manifest is not None
    jobs.tick(now + timedelta(minutes=30))
    jobs.tick(now + timedelta(minutes=60))
    count = db.session.scalar(select(func.count(Job.id)).where(Job.name == "opendata.generate"))
    assert count == 2
    folder = generate.folder()
    for name, described in manifest["files"].items():
        path = folder / manifest["directory"] / name
        assert path.stat().st_size == described["bytes"]


def test_cli_generates_and_keeps_the_first_date(app):
    first = generate.generate(datetime(2026, 1, 1, tzinfo=UTC))
    result = app.test_cli_runner().invoke(args=["opendata", "generate"])
    assert result.exit_code == 0, result.output
    assert "vorschlaege: 0 rows" in result.output
    manifest = generate.read_manifest()
    assert manifest["generated_at"] > first["generated_at"]
    assert manifest["first_generated_at"] == first["generated_at"]
    # The newest and the one before (for readers still sending it); no more.
    assert sorted(p.name for p in generate.folder().glob("gen-*")) == sorted(
        {first["directory"], manifest["directory"]}
    )
    generate.generate()
    assert len(list(generate.folder().glob("gen-*"))) == 2
    assert not list(generate.folder().glob(".work-*"))


def test_every_dataset_takes_a_fixed_number_of_queries(
    app, make_user, make_process, make_partner, make_proposal
):
    process = make_process("Viele Vorschläge")
    grower = Grower(process, make_user("resident"), make_user("coordinator"), make_partner())
    links = Links()

    def queries() -> dict[str, tuple[int, int]]:
        counts = {}
        for slug, dataset in DATASETS.items():
            with count_queries(app) as counter:
                rows = sum(1 for _row in dataset.rows(links))
            counts[slug] = (counter.count, rows)
            db.session.rollback()
        return counts

    grower.grow(2)
    few = queries()
    grower.grow(28)
    many = queries()
    assert {slug: n for slug, (n, _rows) in many.items()} == {
        slug: n for slug, (n, _rows) in few.items()
    }
    # The lists did grow.
    for slug in ("verfahren", "vorschlaege", "ergebniszahlen", "partnerorganisationen"):
        assert many[slug][1] >= few[slug][1] + 28, slug


def test_hidden_and_withdrawn_proposals_leave_the_files_within_a_minute(
    app, client, make_process, make_proposal, make_user
):
    from participation.moderation import services as moderation
    from participation.proposals import services as proposals

    process = make_process("Offene Daten im Test")
    hidden = make_proposal(process, title="Bald versteckter Titel")
    withdrawn = make_proposal(process, title="Bald zurückgezogener Titel")
    generate.generate()

    def proposals_file() -> str:
        with client.get("/opendata/vorschlaege.csv", buffered=True) as response:
            return response.get_data(as_text=True)

    before = proposals_file()
    assert "Bald versteckter Titel" in before and "Bald zurückgezogener Titel" in before

    moderation.hide(
        actor=make_user("coordinator"),
        target=moderation.target_of(proposal_id=hidden.id),
        reason="spam",
        explanation="Werbung gehört nicht hierher.",
    )
    proposals.withdraw_proposal(actor=withdrawn.author, proposal=withdrawn)
    waiting = db.session.scalars(
        select(Job).where(Job.name == "opendata.generate", Job.status == "pending")
    ).all()
    assert len(waiting) == 1, "every change of one minute shares one job"
    assert waiting[0].run_at - datetime.now(UTC) <= timedelta(minutes=1)

    jobs.tick(waiting[0].run_at)  # the scheduler's next minute runs the due job
    after = proposals_file()
    assert "Bald versteckter Titel" not in after
    assert "Bald zurückgezogener Titel" not in after
