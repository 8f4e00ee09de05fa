"""Benchmark: every open-data file written at city scale. Prints rows, seconds and memory;
asserts only that the row counts match the database.

    .venv/bin/python bench/opendata.py [--database-url URL]

Uses the city-sized data set of `flask bench-data --scale city` (500 processes, 50,000
proposals, 500,000 comments, 1,000,000 supports, 100 partner organisations): by default in
bench/.data/opendata-city.sqlite3, built there first if missing; a PostgreSQL URL names a
database of its own (e.g. `createdb bench_opendata`), filled the same way when empty. The
generator's data has no answers and no results reports, so half the proposals get an
official answer and a fifth of the processes a published report first (once).

Then it runs the real generation (`participation.opendata.generate`, as the job does)
twice: once timed, once under tracemalloc for the peak of Python memory, and samples the
memory in use every 5,000 rows while the proposals are written, to show it stays flat.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, update  # noqa: E402

from bench.results_file import Report  # noqa: E402

DEFAULT_SQLITE = ROOT / "bench" / ".data" / "opendata-city.sqlite3"
MiB = 1024 * 1024


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_data() -> str:
    """The city data set, built unless there; returns a note."""
    from flask_migrate import upgrade

    from participation.extensions import db
    from participation.projects.models import Process
    from participation.scale.data import SCALES, build

    upgrade()
    if db.session.scalar(select(func.count(Process.id))):
        return "reused"
    started = time.perf_counter()
    build(SCALES["city"], echo=lambda *_args, **_kw: None)
    return f"built in {time.perf_counter() - started:.0f} s"


def add_answers_and_reports() -> None:
    """Half the proposals answered, every fifth process with a published report (once)."""
    from participation.accounts.models import RoleAssignment
    from participation.answers.models import OfficialResponse
    from participation.core.clock import utcnow
    from participation.extensions import db
    from participation.projects.models import Process
    from participation.proposals.models import Proposal
    from participation.results.models import ResultsReport

    if db.session.scalar(select(func.count(OfficialResponse.id))):
        return
    staff = db.session.scalar(
        select(RoleAssignment.user_id).where(RoleAssignment.role == "coordinator").limit(1)
    )
    now = utcnow()
    ids = list(db.session.scalars(select(Proposal.id).where(Proposal.id % 2 == 0)))
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        db.session.execute(
            insert(OfficialResponse),
            [
                {
                    "proposal_id": proposal_id,
                    "status": "accepted" if proposal_id % 4 else "rejected",
                    "text_markdown": "Die Verwaltung prüft das und setzt es 2027 um.",
                    "text_html": "<p>Die Verwaltung prüft das und setzt es 2027 um.</p>",
                    "responder_id": staff,
                    "answered_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
                for proposal_id in chunk
            ],
        )
    db.session.execute(
        update(Proposal)
        .where(Proposal.id % 2 == 0)
        .values(response_status="accepted")
        .execution_options(synchronize_session=False)
    )
    reported = list(db.session.scalars(select(Process.id).where(Process.id % 5 == 0)))
    db.session.execute(
        update(Process)
        .where(Process.id.in_(reported))
        .values(status="results_published")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        insert(ResultsReport),
        [
            {
                "process_id": process_id,
                "summary_markdown": "Ergebnis",
                "summary_html": "<p>Ergebnis</p>",
                "published_at": now,
                "published_by_id": staff,
                "created_at": now,
                "updated_at": now,
            }
            for process_id in reported
        ],
    )
    db.session.commit()


def sample_proposals() -> tuple[int, float, float]:
    """Write the proposals alone under tracemalloc, sampling the memory in use every
    5,000 rows; returns (rows, lowest MiB, highest MiB) after the first batch."""
    from participation.extensions import db
    from participation.opendata import generate
    from participation.opendata.datasets import PROPOSALS, Links

    samples: list[float] = []

    def sampled(links):
        for number, row in enumerate(PROPOSALS.rows(links), start=1):
            if number % 5000 == 0:
                samples.append(tracemalloc.get_traced_memory()[0] / MiB)
            yield row

    dataset = replace(PROPOSALS, rows=sampled)
    tracemalloc.start()
    with tempfile.TemporaryDirectory() as folder:
        rows = generate._write_dataset(dataset, Path(folder), Links(), {})
    tracemalloc.stop()
    db.session.rollback()
    return rows, min(samples[1:] or samples), max(samples[1:] or samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", default=f"sqlite:///{DEFAULT_SQLITE}")
    args = parser.parse_args()
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)

    from participation import create_app
    from participation.extensions import db
    from participation.opendata import generate
    from participation.projects.models import PUBLIC_STATUSES, Process
    from participation.proposals.models import Proposal

    out = tempfile.mkdtemp(prefix="opendata-bench-")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=args.database_url,
        SQLALCHEMY_ENGINE_OPTIONS={},
        OPENDATA_FOLDER=out,
        JOBS_DELIVERY="queue",
        REDIS_URL=None,
    )
    engine = args.database_url.split(":", 1)[0]
    report = Report(f"Open data at city scale (bench/opendata.py, {engine})")
    with app.app_context():
        note = ensure_data()
        add_answers_and_reports()
        report.line(f"engine: {engine}; data set: city ({note})")

        started = time.perf_counter()
        manifest = generate.generate()
        seconds = time.perf_counter() - started
        rows = {slug: d["rows"] for slug, d in manifest["datasets"].items()}
        total_bytes = sum(f["bytes"] for f in manifest["files"].values())
        expected = db.session.scalar(
            select(func.count(Proposal.id))
            .join(Process, Process.id == Proposal.process_id)
            .where(Proposal.status == "published", Process.status.in_(PUBLIC_STATUSES))
        )
        assert rows["vorschlaege"] == expected, (rows["vorschlaege"], expected)
        report.line(
            f"all files (5 datasets × CSV + JSON, catalogue): {sum(rows.values()):,} rows, "
            f"{total_bytes / MiB:.1f} MiB written in {seconds:.1f} s"
        )
        report.line(", ".join(f"{slug} {count:,}" for slug, count in rows.items()))

        tracemalloc.start()
        generate.generate()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        report.line(
            f"peak Python memory of a whole generation (tracemalloc): {peak / MiB:.1f} MiB; "
            f"peak RSS of the process: {peak_rss_mib():.0f} MiB"
        )
        count, low, high = sample_proposals()
        report.line(
            f"memory in use while writing the {count:,} proposals, sampled every 5,000 rows: "
            f"{low:.1f}–{high:.1f} MiB (flat: rows are streamed, {1000:,} at a time)"
        )
        report.write(f"opendata-{db.engine.dialect.name}")


if __name__ == "__main__":
    main()
