"""Places with a capacity and a waiting list, shared by every kind of registration (events
of the partners, trainings of the coordination office).

A parent row (the event, the training) holds `capacity`, `confirmed_count` and
`waiting_count`; its registration rows hold a `status` and point at it. A place is taken by
one conditional UPDATE of the parent, which is also the first write of its transaction:
PostgreSQL re-checks the condition under the row lock and SQLite takes its write lock with
it, so two people never get the last place. A place given back goes to the first on the
waiting list, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from participation.core.db import bump_counter, insert_ignoring_duplicates, lock_row
from participation.extensions import db

CONFIRMED, WAITING = "confirmed", "waiting"


@dataclass(frozen=True)
class PlaceBook:
    """The places of one kind of parent: its model, its registrations' model and the column
    of the registration that names the parent."""

    parent: type
    registration: type
    parent_column: str

    @property
    def _of_parent(self):
        return getattr(self.registration, self.parent_column)

    def take(self, parent_id: int) -> str:
        """A place if one is free ("confirmed"), otherwise a place on the waiting list
        ("waiting"); the counters move. Call it as the transaction's first write, then
        write the registration with the status it returns."""
        parent = self.parent
        took = db.session.execute(
            update(parent)
            .where(parent.id == parent_id, parent.confirmed_count < parent.capacity)
            .values(confirmed_count=parent.confirmed_count + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if took == 1:
            return CONFIRMED
        bump_counter(db.session, parent, parent_id, "waiting_count", +1)
        return WAITING

    def enter(self, parent_id: int, **values) -> bool:
        """Take a place (or the waiting list) and write the registration with `values`, in
        one transaction left uncommitted; False, with everything rolled back, when the same
        registration arrived at once in another request (a unique constraint said so)."""
        status = self.take(parent_id)
        row = {self.parent_column: parent_id, "status": status, **values}
        if insert_ignoring_duplicates(db.session, self.registration, **row):
            return True
        db.session.rollback()
        return False

    def give_back(
        self, parent_id: int, *where, move_up: bool = True
    ) -> tuple[str | None, list[tuple[int, int | None]]]:
        """Delete the registration of `parent_id` that `where` selects and give its place
        on (unless `move_up` is false: a parent in the past): (its status or None when there
        was none, [(registration, person) moved up]). Registrations in other states (not
        yet confirmed) hold no place and move nothing."""
        lock_row(db.session, self.parent, parent_id)
        gone = db.session.execute(
            delete(self.registration)
            .where(self._of_parent == parent_id, *where)
            .returning(self.registration.status)
        ).first()
        if gone is None:
            return None, []
        promoted: list[tuple[int, int | None]] = []
        if gone.status == WAITING:
            bump_counter(db.session, self.parent, parent_id, "waiting_count", -1)
        elif gone.status == CONFIRMED:
            bump_counter(db.session, self.parent, parent_id, "confirmed_count", -1)
            if move_up:
                promoted = self.promote(parent_id, places=1)
        return gone.status, promoted

    def promote(self, parent_id: int, *, places: int) -> list[tuple[int, int | None]]:
        """Give up to `places` free places to the first on the waiting list, in order (inside
        the caller's transaction, which holds the parent's lock); returns their
        (registration, person) ids, for the caller to announce with its commit."""
        registration = self.registration
        following = list(
            db.session.execute(
                select(registration.id, registration.user_id)
                .where(self._of_parent == parent_id, registration.status == WAITING)
                .order_by(registration.id)
                .limit(max(places, 0))
            )
        )
        for row in following:
            db.session.execute(
                update(registration).where(registration.id == row.id).values(status=CONFIRMED)
            )
            bump_counter(db.session, self.parent, parent_id, "waiting_count", -1)
            bump_counter(db.session, self.parent, parent_id, "confirmed_count", +1)
        return [(row.id, row.user_id) for row in following]
