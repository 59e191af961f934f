"""Every table as plain rows, out of a database and back into an empty one, exactly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage import search
from storage.errors import ValidationError
from storage.i18n import _, ngettext

if TYPE_CHECKING:
    from storage.store import Store

# Parents before children; tables a later migration adds follow, in name order.
TABLES = (
    "settings",
    "migrations",
    "duties",
    "activities",
    "platforms",
    "campaigns",
    "posts",
    "post_skips",
    "time_entries",
)
_ORDER_BY = {"settings": "key", "migrations": "name"}
_USER_TABLES = ("posts", "time_entries", "campaigns", "post_skips")


def table_names(store: Store) -> list[str]:
    """Every table of the database, parents first."""
    found = {
        r[0]
        for r in store.connection.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
            " AND name NOT LIKE 'sqlite_%'"  # not the search index: triggers refill it
        )
    }
    return [t for t in TABLES if t in found] + sorted(found - set(TABLES))


def dump_tables(store: Store) -> dict[str, Any]:
    """Every table's columns and rows (one consistent read), with the schema version.

    Returns:
        {"schema_version": int, "tables": {name: {"columns": [...], "rows": [[...], ...]}}}
    """
    conn = store.connection
    tables: dict[str, Any] = {}
    conn.execute("BEGIN")
    try:
        for table in table_names(store):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            order = _ORDER_BY.get(table, "id" if "id" in columns else "rowid")
            rows = [list(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]
            tables[table] = {"columns": columns, "rows": rows}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.execute("COMMIT")
    return {"schema_version": version, "tables": tables}


def is_empty(store: Store) -> bool:
    """True when the database holds no posts, time entries or campaigns yet."""
    conn = store.connection
    return not any(
        conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in _USER_TABLES
    )


def load_tables(store: Store, dump: dict[str, Any]) -> dict[str, int]:
    """Rebuild an empty database from `dump_tables` output, in one transaction.

    The defaults a new database starts with (duties, platforms, settings …) are replaced by
    the dump's rows, ids included, so the result equals the database that was dumped.

    Returns:
        Rows loaded per table.

    Raises:
        ValidationError: the database is not empty, or the dump is from another schema or
            malformed (nothing written).
    """
    version = dump.get("schema_version")
    current = store.schema_version()
    if version != current:
        raise ValidationError(
            _(
                "this export is of schema {version}; this database is schema {current}"
                " (export and import with the same Calepin)"
            ).format(version=version, current=current)
        )
    names = table_names(store)
    tables = dump.get("tables")
    if not isinstance(tables, dict) or not all(t in tables for t in names):
        missing = [t for t in names if not isinstance(tables, dict) or t not in tables]
        raise ValidationError(
            _("this export lacks tables: {tables}").format(tables=", ".join(missing))
        )
    if not is_empty(store):
        raise ValidationError(
            _(
                "the database already holds posts, time entries or campaigns;"
                " import everything into a new, empty database (use --db)"
            )
        )
    counts: dict[str, int] = {}
    conn = store.connection
    # The search index is built once from the loaded rows, not row by row by its triggers.
    with store.transaction(), search.bulk_load(conn):
        conn.execute("PRAGMA defer_foreign_keys = ON")  # rows may point at later rows
        for table in reversed(names):
            conn.execute(f"DELETE FROM {table}")
        for table in names:
            known = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            columns = list(tables[table]["columns"])
            if set(columns) != known:
                raise ValidationError(
                    _(
                        "table {table} in the export has columns {columns}; expected {expected}"
                    ).format(
                        table=table, columns=", ".join(columns), expected=", ".join(sorted(known))
                    )
                )
            rows = tables[table]["rows"]
            if any(len(row) != len(columns) for row in rows):
                raise ValidationError(
                    _("table {table} has a row of the wrong length").format(table=table)
                )
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)})"
                f" VALUES ({', '.join('?' * len(columns))})",
                rows,
            )
            counts[table] = len(rows)
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ValidationError(
                ngettext(
                    "the export has {count} broken references",
                    "the export has {count} broken references",
                    len(broken),
                ).format(count=len(broken))
            )
    return counts
