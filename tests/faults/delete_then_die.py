"""Run by test_faults: an account is deleted, and the process stops dead in the middle of
the deletion's statements (the parent kills it there) — or, with "finish", completes."""

import json
import os
import sys
import time

from sqlalchemy import event

from participation import create_app

settings = json.loads(os.environ["FAULT_DATABASE"])
user_id, mode = int(sys.argv[1]), sys.argv[2]
app = create_app("testing", **settings)
with app.app_context():
    from participation.accounts.models import User
    from participation.extensions import db
    from participation.privacy.deletion import delete_account

    writes = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def pause_half_way(conn, cursor, statement, *args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement)
            if len(writes) == 8 and mode == "die":
                print("half way", flush=True)
                time.sleep(120)

    user = db.session.get(User, user_id)
    delete_account(actor=None, user=user, delete_contributions=True)
    print(f"done after {len(writes)} writes", flush=True)
