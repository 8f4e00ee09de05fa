"""`flask jobs run-due` (the timer) and `flask worker` (RQ workers on Redis)."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import AppGroup

from participation.jobs import services

jobs_cli = AppGroup("jobs", help="Background jobs: fan-out, digests, newsletters.")


@jobs_cli.command("run-due")
@click.option(
    "--here", is_flag=True, help="Run the jobs in this process even when Redis is configured."
)
def run_due_command(here):
    """Run the scheduler and the due jobs. With REDIS_URL the jobs go to the workers; without
    it (or while Redis is down) they run here. Call it every minute from a timer."""
    if current_app.config.get("REDIS_URL") and not here:
        handed = services.hand_due_to_queue()
        # What the workers hold is theirs; only jobs Redis would not take run here.
        if not services.due_ids(limit=1, unhanded=True):
            click.echo(f"handed to the workers: {handed}")
            return
    click.echo(f"ran: {services.run_due()}")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst):
    """An RQ worker for the portal's queue (needs REDIS_URL); each job runs in a fork."""
    from redis import Redis
    from rq import Queue, Worker

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: use `flask jobs run-due` on a timer.")
    connection = Redis.from_url(url)
    current_app.extensions["jobs_parent_pid"] = os.getpid()
    queue = Queue(current_app.config["JOBS_QUEUE"], connection=connection)
    worker = Worker([queue], connection=connection)
    worker.work(burst=burst)
