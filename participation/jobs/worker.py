"""What an RQ worker runs: one database job, in the app the worker command built."""

from __future__ import annotations

import os

from flask import current_app, has_app_context

from participation.extensions import db

_BUILT = {}


def perform_job(job_id: int) -> bool:
    """The RQ entry point. In a forked work horse the pool's connections belong to the
    parent, so the child starts with a pool of its own."""
    from participation.jobs.services import perform

    if has_app_context():
        parent = current_app.extensions.get("jobs_parent_pid")
        if parent is not None and os.getpid() != parent:
            db.engine.dispose(close=False)
        return perform(job_id)
    if "app" not in _BUILT:
        from participation import create_app

        _BUILT["app"] = create_app()
    with _BUILT["app"].app_context():
        return perform(job_id)
