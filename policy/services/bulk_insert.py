"""Bulk inserts of plain tuples: one executemany on SQLite, COPY on PostgreSQL.

Layer: domain services (used by `policy.services.bulk_imports` for the large import kinds
and by `policy.services.ratings` for the 360 scores). An `Insert` is made once per import
and run once per batch of rows, inside the caller's transaction.

On PostgreSQL an executemany sends every row as a statement of its own (a province's
1.5 M 360 ratings took 56 s, seven times SQLite's time), so there the rows go in by COPY:
straight into the table when they are only appended, or, for an upsert (keys given),
into a temporary table that one INSERT … SELECT … ON CONFLICT then merges, as the
executemany would row by row (of two rows with the same key in one batch, the later
wins). Columns in `fixed` (our ids) take the same integer in every row and are written
into the statement, so the rows carry only their own values.

`refresh_statistics` (PostgreSQL) analyses what an import's transaction changed much, so
that the next query is planned for the rows now there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlmodel import Session, SQLModel


@dataclass(frozen=True)
class Insert:
    """An INSERT of rows of `params` values into `table`, upserting on `keys` when given."""

    table: str
    params: tuple[str, ...]
    fixed: tuple[tuple[str, int], ...]
    keys: tuple[str, ...]
    update: tuple[str, ...]
    sql: str  # the statement for executemany (positional parameters)

    def run(self, connection: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert `rows` (tuples of the `params` columns) in the connection's transaction."""
        if not rows:
            return
        if connection.dialect.name == "postgresql":
            self._copy(connection, rows)
        else:
            connection.exec_driver_sql(self.sql, list(rows))

    def _copy(self, connection: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        quote = connection.dialect.identifier_preparer.quote
        table = quote(self.table)
        params = ", ".join(quote(c) for c in self.params)
        raw = connection.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cursor:
            if not self.keys:
                names = ", ".join([*(quote(c) for c, _ in self.fixed), params])
                ids = tuple(value for _, value in self.fixed)
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(ids + row)
                return
            temp = quote(f"siklus_load_{self.table}")
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {temp} ON COMMIT DROP AS "
                f"SELECT {params} FROM {table} WITH NO DATA"
            )
            cursor.execute(f"TRUNCATE {temp}")
            with cursor.copy(f"COPY {temp} ({params}) FROM STDIN") as copy:
                for row in self._last_of_each_key(rows):
                    copy.write_row(row)
            fixed = "".join(f"{int(value)}, " for _, value in self.fixed)
            names = ", ".join([*(quote(c) for c, _ in self.fixed), params])
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {fixed}{params} FROM {temp}"
                + _on_conflict(self.keys, self.update, quote)
            )

    def _last_of_each_key(self, rows: Sequence[tuple[Any, ...]]) -> Sequence[tuple[Any, ...]]:
        """The rows, one per key (the later one), as executemany would leave the table."""
        at = [self.params.index(k) for k in self.keys if k in self.params]
        latest: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for row in rows:
            latest[tuple(row[i] for i in at)] = row
        return rows if len(latest) == len(rows) else list(latest.values())


# The tables this transaction has changed (rows inserted, updated or deleted so far), with
# what the planner believes they hold (-1: never analysed); temporary tables left out.
_CHANGED = """
SELECT s.schemaname, s.relname, s.n_tup_ins + s.n_tup_upd + s.n_tup_del, c.reltuples
FROM pg_stat_xact_user_tables AS s JOIN pg_class AS c ON c.oid = s.relid
WHERE s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0 AND c.relpersistence <> 't'
ORDER BY s.relname
"""


def refresh_statistics(connection: Connection) -> list[str]:
    """PostgreSQL: ANALYZE the tables this transaction changed much; the names, in order.

    Until autovacuum gets to a table just loaded, the planner takes it for empty or as it
    was, and joins it by nested loops: the evaluation right after a province's imports
    read 60,000 employees against 60,000 ratings row by row (200 s instead of 5 s). A
    table is analysed when it was never analysed, or when the rows this transaction changed
    since it last analysed it are more than a tenth of the estimate (plus 50, as autovacuum
    counts); several imports in one transaction so analyse each table once for its rows.
    Run inside the import's transaction, the statistics commit with its rows. SQLite plans
    these queries well without them: there nothing is done.
    """
    if connection.dialect.name != "postgresql":
        return []
    quote = connection.dialect.identifier_preparer.quote
    changed = connection.exec_driver_sql(_CHANGED).all()
    if not changed:
        return []
    xact = connection.exec_driver_sql("SELECT txid_current()").scalar_one()
    seen_in, seen = connection.info.get("siklus_analysed", (None, {}))
    if seen_in != xact:
        seen = {}
    analysed = []
    for schema, table, count, estimate in changed:
        if estimate < 0 or count - seen.get((schema, table), 0) > 50 + 0.1 * estimate:
            connection.exec_driver_sql(f"ANALYZE {quote(schema)}.{quote(table)}")
            seen[(schema, table)] = count
            analysed.append(table)
    connection.info["siklus_analysed"] = (xact, seen)
    return analysed


def _on_conflict(keys: Sequence[str], update: Sequence[str], quote: Any) -> str:
    if not keys:
        return ""
    target = ", ".join(quote(k) for k in keys)
    if not update:
        return f" ON CONFLICT ({target}) DO NOTHING"
    sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
    return f" ON CONFLICT ({target}) DO UPDATE SET {sets}"


def insert_for(
    session: Session,
    model: type[SQLModel],
    columns: Sequence[str],
    keys: Sequence[str] = (),
    update: Sequence[str] = (),
    fixed: Mapping[str, int] | None = None,
) -> Insert:
    """The bulk insert of `columns` into `model`'s table, upserting on `keys` when given.

    Rows carry the columns not in `fixed`, in the order of `columns`.
    """
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    table = model.__table__.name  # type: ignore[attr-defined]
    given = dict(fixed or {})
    values = [str(int(given[c])) if c in given else mark for c in columns]
    sql = (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(values)})" + _on_conflict(keys, update, quote)
    )
    return Insert(
        table=table,
        params=tuple(c for c in columns if c not in given),
        fixed=tuple((c, int(given[c])) for c in columns if c in given),
        keys=tuple(keys),
        update=tuple(update),
        sql=sql,
    )
