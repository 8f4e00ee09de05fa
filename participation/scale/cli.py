"""`flask bench-data --scale city|small`: the benchmark's data set in an empty database."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from participation.extensions import db
from participation.scale.data import BENCH_PASSWORD, SCALES, build, counter_mismatches


@click.command("bench-data")
@with_appcontext
@click.option(
    "--scale",
    "scale_name",
    type=click.Choice(sorted(SCALES)),
    default="small",
    show_default=True,
    help="city: 500 processes, 50,000 proposals, 500,000 comments, 100,000 residents, "
    "1,000,000 supports; small: a hundredth of that.",
)
def bench_data_command(scale_name: str):
    """Fill an empty, migrated database with a city-sized data set (run `flask db upgrade`
    first); prints the time of each step, the rows and the counter check."""
    started = time.perf_counter()
    try:
        report = build(SCALES[scale_name], echo=click.echo)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    for table, count in report.counts.items():
        click.echo(f"{table:22} {count:>10,}")
    mismatches = counter_mismatches()
    db.session.remove()
    click.echo(f"total: {time.perf_counter() - started:.1f} s")
    if any(mismatches.values()):
        raise click.ClickException(f"stored counters disagree with the rows: {mismatches}")
    click.echo("counters: consistent with the rows")
    click.echo(f"residents sign in as einwohnerin<N>@bench.example.org / {BENCH_PASSWORD}")
