"""Run by test_faults: the digest run for the given moment, in batches of two people, and
the process stops dead when the second batch writes its mails (the parent kills it
there) — or, with "finish", runs to the end."""

import json
import os
import sys
import time

from sqlalchemy import event

from participation import create_app

settings = json.loads(os.environ["FAULT_DATABASE"])
now, mode = sys.argv[1], sys.argv[2]
app = create_app("testing", **settings)
with app.app_context():
    from participation.extensions import db
    from participation.jobs import services as jobs
    from participation.notifications import delivery

    delivery.BATCH = 2
    mails = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def pause_in_the_second_batch(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO OUTBOX_MAIL"):
            mails.append(statement)
            if len(mails) == 2 and mode == "die":
                print("inside the second batch", flush=True)
                time.sleep(120)

    jobs.enqueue("notifications.digest_run", key=f"digests:{now}", now=now)
    db.session.commit()
    print(f"done after {len(mails)} mails", flush=True)
