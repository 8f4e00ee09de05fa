"""Run the same action for many people at the same moment (threads released together),
each in its own app context and database session."""

from __future__ import annotations

import threading
from collections.abc import Callable


def all_at_once(app, user_ids: list[int], attempt: Callable[[object], None]) -> list[Exception]:
    """Call `attempt(user)` for each account at once; returns what was raised."""
    barrier = threading.Barrier(len(user_ids))
    errors: list[Exception] = []

    def run(user_id):
        from participation.accounts.models import User
        from participation.extensions import db

        with app.app_context():
            try:
                barrier.wait()
                attempt(db.session.get(User, user_id))
            except Exception as error:  # noqa: BLE001 - collected for the test to assert
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
