"""Run by test_faults: a resident supports a proposal, and the process stops dead just
before the action's second write (the parent kills it there) — or, with "finish",
completes."""

import json
import os
import sys
import time

from sqlalchemy import event

from participation import create_app

settings = json.loads(os.environ["FAULT_DATABASE"])
user_id, proposal_id, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
app = create_app("testing", **settings)
with app.app_context():
    from participation.accounts.models import User
    from participation.extensions import db
    from participation.proposals.models import Proposal
    from participation.votes import services

    writes = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def pause_before_second_write(conn, cursor, statement, *args):
        if (
            statement.lstrip()[:6].upper() in ("INSERT", "UPDATE")
            and "cache_generation" not in statement
        ):
            writes.append(statement)
            if len(writes) == 2 and mode == "die":
                print("between the writes", flush=True)
                time.sleep(120)

    user = db.session.get(User, user_id)
    proposal = db.session.get(Proposal, proposal_id)
    services.support(actor=user, proposal=proposal)
    print(f"done after {len(writes)} writes", flush=True)
