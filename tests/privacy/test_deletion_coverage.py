"""Every column that points at a person is one the deletion knows what to do with."""

from __future__ import annotations

from participation.extensions import db
from participation.privacy.erasure import PERSON_COLUMNS


def test_every_column_pointing_at_a_person_is_handled(app):
    pointing = {"user_account.id"} | {
        f"{table.name}.{fk.parent.name}"
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "user_account"
    }
    assert set(PERSON_COLUMNS) - pointing == set(), "entries for columns that are gone"
    assert pointing - set(PERSON_COLUMNS) == set(), "columns the deletion does not handle"
