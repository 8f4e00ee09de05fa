"""Query plans of the benchmark's pages on the city data set: every statement a page runs,
EXPLAINed on its engine, with full scans of large tables flagged.

    .venv/bin/python bench/explain.py --database-url sqlite:///bench/.data/city.sqlite3
    .venv/bin/python bench/explain.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_city

Renders each page once through the WSGI test client with the page cache off (the cost a
cache miss or a signed-in visitor pays), then prints one line per statement: its time, the
plan's access paths, and FULL SCAN where a table of more than 10,000 rows is read whole.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LARGE = 10_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    url = args.database_url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        url = "sqlite:///" + str(Path(url.removeprefix("sqlite:///")).resolve())

    from sqlalchemy import event, text

    from participation import create_app
    from participation.extensions import db
    from participation.scale.data import measured_pages

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url, PAGE_CACHE=False)
    with app.app_context():
        engine = db.engine
        dialect = engine.dialect.name
        pages = measured_pages()
        sizes = {
            name: db.session.scalar(text(f"SELECT COUNT(*) FROM {name}"))  # noqa: S608
            for name in ("proposal", "comment", "support", "user_account", "process")
        }
        db.session.remove()
    client = app.test_client()
    flagged = 0
    for name, path in pages.items():
        statements = []

        def keep(conn, cursor, statement, parameters, context, executemany, bag=statements):
            bag.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", keep)
        response = client.get(path)
        event.remove(engine, "before_cursor_execute", keep)
        print(f"\n== {name} {path}: {response.status_code}, {len(statements)} statements")
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            for statement, parameters in statements:
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                started = time.perf_counter()
                plan = explain(raw, dialect, statement, parameters)
                took = (time.perf_counter() - started) * 1000
                scans = full_scans(plan, dialect, sizes)
                flagged += len(scans)
                mark = f"  FULL SCAN of {', '.join(scans)}" if scans else ""
                head = " ".join(statement.split())[:90]
                print(f"  {took:7.1f} ms  {head}{mark}")
                for line in plan[:12]:
                    print(f"             {line}")
            connection.rollback()
    print(f"\nfull scans of large tables: {flagged}")


def explain(raw, dialect: str, statement: str, parameters) -> list[str]:
    cursor = raw.cursor()
    try:
        if dialect == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return [row[3] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + statement, parameters)
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()


def full_scans(plan: list[str], dialect: str, sizes: dict[str, int]) -> list[str]:
    pattern = r"^SCAN (\w+)\b(?! USING)" if dialect == "sqlite" else r"Seq Scan on (\w+)"
    found = []
    for line in plan:
        match = re.search(pattern, line.strip())
        if match and sizes.get(match.group(1), 0) > LARGE:
            found.append(match.group(1))
    return found


if __name__ == "__main__":
    main()
