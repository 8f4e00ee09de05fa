"""Full-text search behind one interface: PostgreSQL's German text search, SQLite's FTS5.

The search structures live in the migrations (a generated tsvector column with a GIN
index; an FTS5 table kept in step by triggers). The models do not declare them, so the
schema comparison and autogenerate skip them by name.
"""

from __future__ import annotations

import re

from sqlalchemy import func, literal_column, select, text
from sqlalchemy.sql import ColumnElement

# Objects created by migrations only, per searchable table.
SEARCH_TABLES = {"process": "process_fts", "proposal": "proposal_fts"}
SEARCH_COLUMN = "search_vector"
_TOKEN = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the search structures to the hand-written migrations."""
    if type_ == "table" and name and name.startswith(tuple(SEARCH_TABLES.values())):
        return False
    if type_ == "column" and name == SEARCH_COLUMN:
        return False
    return not (type_ == "index" and name and name.endswith("_search"))


def terms(query: str) -> list[str]:
    """The words of a search box entry; operators and punctuation are dropped, so no input
    can change the query's structure."""
    return _TOKEN.findall(query or "")[:MAX_TERMS]


def matches(table, query: str, dialect: str) -> ColumnElement[bool] | None:
    """A WHERE clause selecting rows of `table` that contain every word (prefix match)."""
    words = terms(query)
    if not words:
        return None
    if dialect == "postgresql":
        tsquery = " & ".join(f"{word}:*" for word in words)
        vector = literal_column(f"{table.name}.{SEARCH_COLUMN}")
        return vector.op("@@")(func.to_tsquery("german", tsquery))
    fts = SEARCH_TABLES[table.name]
    match = " ".join('"' + word.replace('"', "") + '"*' for word in words)
    ids = (
        select(literal_column("rowid"))
        .select_from(text(fts))
        .where(literal_column(fts).op("MATCH")(match))
    )
    return table.c.id.in_(ids)


# Words too common to say that two titles are about the same thing.
_STOPWORDS = frozenset(
    [
        "aber",
        "alle",
        "also",
        "auch",
        "auf",
        "aus",
        "bei",
        "bitte",
        "damit",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "das",
        "doch",
        "durch",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "für",
        "fuer",
        "gibt",
        "habe",
        "haben",
        "hier",
        "ich",
        "ihr",
        "immer",
        "ist",
        "jetzt",
        "kann",
        "kein",
        "keine",
        "mehr",
        "mit",
        "nach",
        "neue",
        "neuen",
        "neuer",
        "nicht",
        "noch",
        "oder",
        "ohne",
        "sehr",
        "sein",
        "sich",
        "sie",
        "sind",
        "soll",
        "sollte",
        "über",
        "ueber",
        "und",
        "uns",
        "unser",
        "unsere",
        "vom",
        "von",
        "vor",
        "war",
        "was",
        "weil",
        "wenn",
        "werden",
        "wie",
        "wir",
        "wird",
        "zum",
        "zur",
    ]
)


def similar(table, title: str, dialect: str) -> ColumnElement[bool] | None:
    """A WHERE clause selecting rows whose title shares a significant word (as a prefix)
    with `title`: for "is this already proposed?" while someone types."""
    words = [w for w in terms(title.lower()) if len(w) >= 4 and w not in _STOPWORDS]
    if not words:
        return None
    if dialect == "postgresql":
        # Weight A is the title (see the migrations).
        tsquery = " | ".join(f"{word}:*A" for word in words)
        vector = literal_column(f"{table.name}.{SEARCH_COLUMN}")
        return vector.op("@@")(func.to_tsquery("german", tsquery))
    fts = SEARCH_TABLES[table.name]
    match = "title : (" + " OR ".join('"' + w.replace('"', "") + '"*' for w in words) + ")"
    ids = (
        select(literal_column("rowid"))
        .select_from(text(fts))
        .where(literal_column(fts).op("MATCH")(match))
    )
    return table.c.id.in_(ids)


def like_pattern(word: str) -> str:
    """`%word%` for LIKE … ESCAPE '\\': the user's own % and _ match only themselves."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
