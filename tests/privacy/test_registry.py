"""The export's registry against the schema: every column that points at a person is
exported or excluded with a reason, and no exported column is a secret or names someone
else."""

from __future__ import annotations

from participation.extensions import db
from participation.privacy.registry import (
    EXCLUDED,
    PERSON_TABLE,
    SECRET_LOOKING,
    SOURCES,
    exported_columns,
    person_columns,
    select_rows,
)


def person_foreign_keys() -> set[str]:
    """Every `table.column` with a foreign key to user_account, from the metadata."""
    return {
        f"{table.name}.{fk.parent.name}"
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == PERSON_TABLE
    }


def covered() -> set[str]:
    return {f"{s.table}.{s.by}" for s in SOURCES if s.by and s.table != PERSON_TABLE}


def test_every_foreign_key_to_a_person_is_exported_or_excluded(app):
    keys = person_foreign_keys()
    assert "proposal.author_id" in keys  # the walk finds what it should
    missing = keys - covered() - set(EXCLUDED)
    assert missing == set(), (
        "add these to participation/privacy/registry.py: a Source, or EXCLUDED with a reason: "
        + ", ".join(sorted(missing))
    )


def test_the_registry_names_only_what_exists(app):
    keys = person_foreign_keys()
    assert set(EXCLUDED) <= keys, set(EXCLUDED) - keys
    assert covered() <= keys, covered() - keys
    assert not covered() & set(EXCLUDED), "a column is both exported and excluded"
    assert all(len(reason) > 20 for reason in EXCLUDED.values())
    assert len({s.key for s in SOURCES}) == len(SOURCES)
    assert any(s.table == PERSON_TABLE and s.by == "id" for s in SOURCES)


def test_no_exported_column_is_a_secret_or_another_person(app):
    for source in SOURCES:
        names = {column.key for column in select_rows(source, 1).selected_columns}
        assert not {n for n in names if SECRET_LOOKING.search(n)}, source.key
        others = person_columns(source.table) - {source.by}
        assert not names & others, (source.key, names & others)


def test_known_secrets_are_recognised(app):
    left_out = {
        "user_account": {"password_hash", "email_key", "pseudonym_key"},
        "two_factor": {"secret"},
        "recovery_code": {"code_hash"},
        "account_session": {"key_hash"},
        "partner_invitation": {"token_hash", "invited_by_id", "email"},
    }
    by_table = {s.table: s for s in SOURCES if s.query is None}
    for table, names in left_out.items():
        exported = {column.name for column in exported_columns(by_table[table])}
        assert exported, table
        assert not exported & names, (table, exported & names)
